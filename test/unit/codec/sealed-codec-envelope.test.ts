import { randomBytes } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'

import { describe, expect, it } from 'vitest'

import { nodeAead } from '../../../src/codec/aead.js'
import { createKeyRing } from '../../../src/codec/keyring.js'
import { createSealedCodec, type SealedEnvelope } from '../../../src/codec/sealed-codec.js'
import { SECRET_A } from '../../helpers/secrets.js'

// The sealed format v1 as docs/format.md writes it down, checked from outside the codec: a test
// that holds the key can read the plaintext frame of a cookie, and can seal frames the codec would
// never write, to check what an authenticated but malformed plaintext does (CL-18: nothing is
// parsed before the tag verifies, and what is parsed after must still be well-formed).

const NOW = Date.UTC(2026, 5, 1)
const NAME = 'session'
const keys = createKeyRing(SECRET_A).keys('session')
const codec = createSealedCodec({ keys, cookieName: NAME })
const envelope: SealedEnvelope = {
  data: { user: 'alice' },
  createdAt: NOW,
  issuedAt: NOW,
  expiresAt: NOW + 1800_000,
}
const ad = Buffer.from(`tessera/v1|${NAME}|${keys.primary.id}`)

/** The plaintext frame of a cookie: flag byte, three uint32 times, JSON or DEFLATE(JSON). */
function frameOf(value: string): Buffer {
  const [, , nonce = '', body = ''] = value.split('.')
  const opened = nodeAead.open(
    keys.primary.key,
    Buffer.from(nonce, 'base64url'),
    Buffer.from(body, 'base64url'),
    ad,
  )
  if (opened === undefined) throw new Error('the test key does not open this cookie')
  return opened
}

/** Seals any frame under the codec's key, as only a holder of the secret could. */
function sealFrame(frame: Uint8Array): string {
  const nonce = randomBytes(12)
  const body = nodeAead.seal(keys.primary.key, nonce, frame, ad)
  return `v1.${keys.primary.id}.${nonce.toString('base64url')}.${body.toString('base64url')}`
}

/** A frame: flag, created, issued, expires (seconds), then the payload bytes. */
function frame(flag: number, times: [number, number, number], payload: Uint8Array | string) {
  const head = Buffer.alloc(13)
  head[0] = flag
  head.writeUInt32BE(times[0], 1)
  head.writeUInt32BE(times[1], 5)
  head.writeUInt32BE(times[2], 9)
  return Buffer.concat([head, Buffer.from(payload)])
}

const T = NOW / 1000
const TIMES: [number, number, number] = [T, T, T + 1800]

describe('the plaintext frame', () => {
  it('writes the flag, the three times in seconds and the JSON, as docs/format.md says', () => {
    const plain = frameOf(codec.seal(envelope))
    expect(plain[0]).toBe(0)
    expect([plain.readUInt32BE(1), plain.readUInt32BE(5), plain.readUInt32BE(9)]).toEqual(TIMES)
    expect(plain.subarray(13).toString()).toBe('{"user":"alice"}')
  })

  it('compresses from 160 bytes of JSON on, and only when that makes it shorter', () => {
    const json = (length: number) => ({ t: 'a'.repeat(length - 8) }) // {"t":"…"} is 8 + n bytes
    expect(JSON.stringify(json(159))).toHaveLength(159)
    const at = (length: number) => frameOf(codec.seal({ ...envelope, data: json(length) }))
    expect(at(159)[0]).toBe(0) // would shrink, but is under 160 bytes
    expect(at(160)[0]).toBe(1)
    expect(deflateRawSync('{"t":"' + 'a'.repeat(152) + '"}').length).toBeLessThan(160)
    // 160 bytes of JSON around random characters (drawn once, kept fixed) do not shrink.
    const noise = {
      t:
        '7UwEh<*>EJ#8DYKe:_SAl^0xuF$K_&[GLadYNV@iDsne]SW~grQ8PLC*jAneX04I8jka[RxAlp}Pwul4gtE87+V=?' +
        '7.&%M[#_/DMI)uut5Z%SQ4OYcVv{96W.?5KO3qUzA;Z-F+|o&[vcftd?W,&d&!h',
    }
    expect(JSON.stringify(noise)).toHaveLength(160)
    expect(deflateRawSync(JSON.stringify(noise)).length).toBeGreaterThanOrEqual(160)
    expect(frameOf(codec.seal({ ...envelope, data: noise }))[0]).toBe(0)
    // DEFLATE that saves nothing (the same length, 164 bytes) is not used either.
    const even = {
      t:
        '~ogd-AQ$:ekVZ<]9O/(?uGfaX#wajVGSkW,(fIUL/W@!#_&_T~L(*&2PS03VEz5yTBIW;TYl5tV-JbOPV9XKX?' +
        'c4rPjIZz7awn1B/M)D=_ezBd!^ts0$<,dXZ|tHs}eAN:gUC-Yf|}:5OQ7Q=rBJ^T<D73OX',
    }
    expect(deflateRawSync(JSON.stringify(even)).length).toBe(JSON.stringify(even).length)
    expect(frameOf(codec.seal({ ...envelope, data: even }))[0]).toBe(0)
  })

  it('opens a cookie whose expiry equals its issue time until that instant', () => {
    const value = codec.seal({ ...envelope, expiresAt: NOW })
    expect(codec.open(value, NOW - 1)).toMatchObject({ ok: true })
    expect(codec.open(value, NOW)).toEqual({ ok: false, reason: 'expired' })
  })
})

describe('authenticated frames that are still malformed', () => {
  const malformed = { ok: false, reason: 'malformed' }
  const opens = (plain: Uint8Array) => codec.open(sealFrame(plain), NOW)

  it('CL-18 refuses frames too short to hold the times and a JSON object, without throwing', () => {
    for (const length of [0, 1, 12, 13, 14]) {
      const plain = frame(0, TIMES, '{}').subarray(0, length)
      expect(() => opens(plain), `${length} bytes`).not.toThrow()
      expect(opens(plain), `${length} bytes`).toEqual(malformed)
    }
    expect(opens(frame(0, TIMES, '{}'))).toMatchObject({ ok: true, envelope: { data: {} } })
  })

  it('CL-18 refuses times out of order: issued before created, or expiring before issued', () => {
    expect(opens(frame(0, [T, T - 1, T + 1800], '{}'))).toEqual(malformed)
    expect(opens(frame(0, [T, T, T - 1], '{}'))).toEqual(malformed)
  })

  it('CL-18 refuses an unknown flag, even before valid DEFLATE data', () => {
    expect(opens(frame(2, TIMES, deflateRawSync('{}')))).toEqual(malformed)
    expect(opens(frame(1, TIMES, deflateRawSync('{}')))).toMatchObject({ ok: true })
    expect(opens(frame(1, TIMES, '{}'))).toEqual(malformed) // not DEFLATE
  })

  it('CL-18 refuses DEFLATE data that inflates past 64 KiB', () => {
    const bomb = deflateRawSync('{"t":"' + 'a'.repeat(70_000) + '"}')
    expect(bomb.length).toBeLessThan(1024)
    expect(opens(frame(1, TIMES, bomb))).toEqual(malformed)
    const fits = deflateRawSync('{"t":"' + 'a'.repeat(60_000) + '"}')
    expect(opens(frame(1, TIMES, fits))).toMatchObject({ ok: true })
  })

  it('CL-18 refuses JSON that is not an object: null, a number, a string, an array', () => {
    for (const json of ['null', '5', '"text"', '[]', '[1,2]', 'true', '{']) {
      expect(opens(frame(0, TIMES, json)), json).toEqual(malformed)
    }
  })
})

describe('the outer checks', () => {
  it('CL-64 opens a value of exactly maxLength characters and refuses one more', () => {
    const value = codec.seal(envelope)
    const exact = createSealedCodec({ keys, cookieName: NAME, maxLength: value.length })
    const under = createSealedCodec({ keys, cookieName: NAME, maxLength: value.length - 1 })
    expect(exact.open(value, NOW)).toMatchObject({ ok: true })
    expect(under.open(value, NOW)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('CL-64 refuses a sealed value over 4096 characters unless maxLength allows it', () => {
    const data = { t: randomBytes(3500).toString('base64') }
    const value = codec.seal({ ...envelope, data })
    expect(value.length).toBeGreaterThan(4096)
    expect(codec.open(value, NOW)).toEqual({ ok: false, reason: 'malformed' })
    const chunked = createSealedCodec({ keys, cookieName: NAME, maxLength: 8192 })
    expect(chunked.open(value, NOW)).toMatchObject({ ok: true, envelope: { data } })
  })

  it('calls a value too short to hold a tag and a frame malformed, a longer forgery tampered', () => {
    const head = `v1.${keys.primary.id}.${'A'.repeat(16)}.`
    expect(codec.open(head + 'A'.repeat(22), NOW)).toEqual({ ok: false, reason: 'malformed' })
    expect(codec.open(head + 'A'.repeat(23), NOW)).toEqual({ ok: false, reason: 'tampered' })
  })

  it('calls a value without its third dot malformed, whatever its key id', () => {
    for (const keyId of [keys.primary.id, 'AAAAAAAA']) {
      const value = `v1.${keyId}.${'A'.repeat(16)}A${'A'.repeat(60)}`
      expect(codec.open(value, NOW), keyId).toEqual({ ok: false, reason: 'malformed' })
    }
  })

  it('CL-17 refuses a valid cookie with a character outside base64url appended', () => {
    for (const size of [1, 2, 3, 4]) {
      const value = codec.seal({ ...envelope, data: { t: 'x'.repeat(size) } })
      for (const extra of ['!', '.', '=', ' ', '~', '*']) {
        expect(codec.open(value + extra, NOW), JSON.stringify(extra)).toEqual({
          ok: false,
          reason: 'malformed',
        })
      }
    }
  })

  it('CL-17 refuses a second spelling of the same body: its last character with padding bits set', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    let checked = 0
    for (const size of [1, 2, 3, 4, 5, 6]) {
      const value = codec.seal({ ...envelope, data: { t: 'x'.repeat(size) } })
      const rest = (value.length - 29) % 4
      if (rest === 0) continue
      // The same bytes, spelt with a bit below the last whole byte set: base64 decoders ignore it.
      const last = ALPHABET.indexOf(value.at(-1)!)
      const twin = value.slice(0, -1) + ALPHABET[last | 1]!
      expect(twin).not.toBe(value)
      expect(Buffer.from(twin.slice(29), 'base64url')).toEqual(
        Buffer.from(value.slice(29), 'base64url'),
      )
      expect(codec.open(twin, NOW), twin).toEqual({ ok: false, reason: 'malformed' })
      checked++
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('CL-31 refuses an issue time over 60 s ahead even when the creation time is not', () => {
    const ahead = sealFrame(frame(0, [T, T + 61, T + 1800], '{}'))
    expect(codec.open(ahead, NOW)).toEqual({ ok: false, reason: 'future' })
    // Exactly 60 s ahead, both times: still within the allowed skew.
    const edge = codec.seal({ ...envelope, createdAt: NOW + 60_000, issuedAt: NOW + 60_000 })
    expect(codec.open(edge, NOW)).toMatchObject({ ok: true })
  })
})
