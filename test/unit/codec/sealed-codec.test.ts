import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nodeAead, sodiumAead } from '../../../src/codec/aead.js'
import { createKeyRing } from '../../../src/codec/keyring.js'
import { createSealedCodec, type SealedEnvelope } from '../../../src/codec/sealed-codec.js'
import { openSealedCookie, sealCookie } from '../../../src/codec/index.js'
import { DecodeError } from '../../../src/errors.js'
import { SECRET_A, SECRET_B } from '../../helpers/secrets.js'

const NOW = Date.UTC(2026, 5, 1)
const envelope: SealedEnvelope = {
  data: { user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 1 },
  createdAt: NOW,
  issuedAt: NOW,
  expiresAt: NOW + 1800_000,
}

function codec(secret: string | string[] = SECRET_A, cookieName = 'session') {
  return createSealedCodec({ keys: createKeyRing(secret).keys('session'), cookieName })
}

describe('sealed codec v1', () => {
  it('round-trips data and times', () => {
    const c = codec()
    const opened = c.open(c.seal(envelope), NOW + 1000)
    expect(opened).toEqual({ ok: true, envelope, rotated: false })
  })

  it('writes v1.<keyId>.<nonce>.<ciphertext> in base64url', () => {
    expect(codec().seal(envelope)).toMatch(
      /^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/,
    )
  })

  it('CL-16 hides the payload: no plaintext byte sequences are readable', () => {
    const value = codec().seal(envelope)
    for (const part of value.split('.')) {
      const bytes = Buffer.from(part, 'base64url').toString('latin1')
      // Multi-byte needles: single bytes such as '{' occur in random ciphertext by chance.
      for (const needle of ['alice', '"name"', 'admin', 'user_id', '{"']) {
        expect(bytes.includes(needle)).toBe(false)
      }
    }
  })

  it('CL-2 never reuses a nonce: 10 000 seals of the same data are all distinct', () => {
    const c = codec()
    const nonces = new Set<string>()
    const values = new Set<string>()
    for (let i = 0; i < 10_000; i++) {
      const value = c.seal(envelope)
      values.add(value)
      nonces.add(value.split('.')[2]!)
    }
    expect(nonces.size).toBe(10_000)
    expect(values.size).toBe(10_000)
  })

  it('produces and opens the same bytes with libsodium and node:crypto', () => {
    expect(sodiumAead).toBeDefined()
    const key = randomBytes(32)
    const nonce = randomBytes(12)
    const ad = Buffer.from('tessera/v1|session|abcdefgh')
    for (const size of [0, 1, 100, 5000]) {
      const plaintext = randomBytes(size)
      const a = sodiumAead!.seal(key, nonce, plaintext, ad)
      const b = nodeAead.seal(key, nonce, plaintext, ad)
      expect(a.equals(b)).toBe(true)
      expect(nodeAead.open(key, nonce, a, ad)?.equals(plaintext)).toBe(true)
      expect(sodiumAead!.open(key, nonce, b, ad)?.equals(plaintext)).toBe(true)
    }
    const viaNode = createSealedCodec({
      keys: createKeyRing(SECRET_A).keys('session'),
      cookieName: 'session',
      aead: nodeAead,
    })
    expect(codec().open(viaNode.seal(envelope), NOW)).toMatchObject({ ok: true })
    expect(viaNode.open(codec().seal(envelope), NOW)).toMatchObject({ ok: true })
  })

  it('CL-20 binds a value to its cookie name', () => {
    const value = codec(SECRET_A, 'session').seal(envelope)
    expect(codec(SECRET_A, 'remember').open(value, NOW)).toEqual({ ok: false, reason: 'tampered' })
    expect(codec(SECRET_A, '__Host-session').open(value, NOW)).toEqual({
      ok: false,
      reason: 'tampered',
    })
  })

  it('CL-20 derives a separate key per purpose', () => {
    const ring = createKeyRing(SECRET_A)
    expect(ring.keys('session').primary.key.equals(ring.keys('csrf').primary.key)).toBe(false)
    expect(ring.keys('session').primary.key.equals(ring.keys('session-id').primary.key)).toBe(false)
  })

  it('CL-19 rejects other versions and never reads an algorithm from the input', () => {
    const value = codec().seal(envelope)
    for (const version of ['v0', 'v2', 'V1', '', 'none']) {
      const forged = version + value.slice(2)
      expect(codec().open(forged, NOW)).toMatchObject({ ok: false })
    }
    const [v, kid, nonce] = value.split('.')
    expect(codec().open(`${v}.${kid}.${nonce}.`, NOW)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('CL-21 names its key: a fallback key opens with one attempt and flags rotation', () => {
    const old = codec(SECRET_B).seal(envelope)
    const ring = codec([SECRET_A, SECRET_B])
    expect(ring.open(old, NOW)).toMatchObject({ ok: true, rotated: true })
    expect(codec(SECRET_A).open(old, NOW)).toEqual({ ok: false, reason: 'unknown-key' })
    const fresh = ring.seal(envelope)
    expect(codec(SECRET_A).open(fresh, NOW)).toMatchObject({ ok: true, rotated: false })
    expect(codec(SECRET_B).open(fresh, NOW)).toMatchObject({ ok: false })
  })

  it('CL-31 allows 60 s of skew for issued-at and none for expiry', () => {
    const c = codec()
    const value = c.seal(envelope)
    expect(c.open(value, NOW - 30_000)).toMatchObject({ ok: true })
    expect(c.open(value, NOW - 61_000)).toEqual({ ok: false, reason: 'future' })
    expect(c.open(value, envelope.expiresAt - 1)).toMatchObject({ ok: true })
    expect(c.open(value, envelope.expiresAt)).toEqual({ ok: false, reason: 'expired' })
  })

  it('compresses only when it shrinks the payload', () => {
    const c = codec()
    const small = c.seal(envelope)
    const big = c.seal({ ...envelope, data: { text: 'ab'.repeat(1000) } })
    expect(big.length).toBeLessThan(600)
    expect(c.open(big, NOW)).toMatchObject({
      ok: true,
      envelope: { data: { text: 'ab'.repeat(1000) } },
    })
    expect(c.open(small, NOW)).toMatchObject({ ok: true })
  })

  it('CL-17 rejects every single-bit flip and truncation of a valid cookie', () => {
    const c = codec()
    const value = c.seal(envelope)
    const raw = Buffer.from(value, 'latin1')
    for (let i = 0; i < raw.length; i++) {
      for (const bit of [1, 32]) {
        const copy = Buffer.from(raw)
        copy[i]! ^= bit
        const result = c.open(copy.toString('latin1'), NOW)
        if (result.ok) expect(copy.toString('latin1')).toBe(value)
      }
    }
    for (let n = 1; n < value.length; n++) expect(c.open(value.slice(0, -n), NOW).ok).toBe(false)
    for (const extra of ['garbage', '.garbage', '=', 'A']) {
      expect(c.open(value + extra, NOW).ok).toBe(false)
      expect(c.open(extra + value, NOW).ok).toBe(false)
    }
  })

  it('opens nothing but what it sealed (property: arbitrary strings)', () => {
    const c = codec()
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (s) => {
        expect(c.open(s, NOW).ok).toBe(false)
      }),
      { numRuns: 2000 },
    )
  })

  it('rejects mutations of a valid cookie without throwing (property)', () => {
    const c = codec()
    const value = c.seal(envelope)
    fc.assert(
      fc.property(
        fc.nat({ max: value.length - 1 }),
        fc.string({ minLength: 1, maxLength: 4 }),
        fc.nat({ max: 8 }),
        (pos, insert, cut) => {
          const mutated = value.slice(0, pos) + insert + value.slice(pos + cut)
          if (mutated === value) return
          expect(c.open(mutated, NOW).ok).toBe(false)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('CL-64 ignores values over 4096 bytes without decoding them', () => {
    expect(codec().open('v1.' + 'A'.repeat(5000), NOW)).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe('sealCookie / openSealedCookie', () => {
  it('seal and open with the default cookie name', () => {
    const value = sealCookie({ name: 'alice' }, { secret: SECRET_A, now: NOW })
    const opened = openSealedCookie(value, { secret: SECRET_A, now: NOW + 1000 })
    expect(opened.data).toEqual({ name: 'alice' })
    expect(opened.issuedAt).toBe(NOW)
  })

  it('throws DecodeError with the reason', () => {
    const value = sealCookie({ name: 'alice' }, { secret: SECRET_A, now: NOW, maxAge: 60 })
    expect(() => openSealedCookie(value, { secret: SECRET_A, now: NOW + 61_000 })).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE_FAILED', reason: 'expired' }) as Error,
    )
    expect(() => openSealedCookie('nope', { secret: SECRET_A })).toThrow(DecodeError)
  })
})
