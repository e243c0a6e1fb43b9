import { createHmac } from 'node:crypto'
import type * as Zlib from 'node:zlib'
import { deflateSync } from 'node:zlib'
import { describe, expect, it, vi } from 'vitest'
import {
  createFlaskCodec,
  decodeFlaskCookie,
  decodeTimestamp,
  encodeFlaskCookie,
  encodeTimestamp,
  timestampSigner,
  type FlaskValue,
} from '../../../src/codec/flask/index.js'
import { ConfigError, DecodeError } from '../../../src/errors.js'

// Wrap zlib's inflate in a spy (calling the real one) to see when the payload is decompressed.
const inflateSpy = vi.hoisted(() => ({ calls: 0 }))
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof Zlib>()
  return {
    ...zlib,
    inflateSync: (...args: Parameters<typeof zlib.inflateSync>) => {
      inflateSpy.calls++
      return zlib.inflateSync(...args)
    },
  }
})

const T = 1_700_000_000
const at = (seconds: number): number => seconds * 1000
const WORKED = 'eyJ1c2VyX2lkIjo0Mn0.ZVPxAA.hjhtQRGPO7UK57j5dSOtrXVGqbs'

function reason(fn: () => unknown): string {
  try {
    fn()
    return 'valid'
  } catch (err) {
    if (err instanceof DecodeError) return err.reason
    throw err
  }
}

describe('signing as Flask signs', () => {
  it('reproduces the docs/flask-format.md §1 worked example byte for byte', () => {
    expect(encodeFlaskCookie({ user_id: 42 }, { secret: 'dev', now: at(T) })).toBe(WORKED)
  })

  it('matches itsdangerous for every key derivation (values from itsdangerous 2.1.2)', () => {
    const expected = {
      concat: 'eyJhIjoxfQ.ZVPxAA.IG7PvEXQ1KTRTw2RCORilW7SvL8',
      'django-concat': 'eyJhIjoxfQ.ZVPxAA.ZsfHUm8IWhfvkP73E1_0rHT3fzQ',
      hmac: 'eyJhIjoxfQ.ZVPxAA.D3QXMI0ZQYNZDxORB__kVZyT7hk',
      none: 'eyJhIjoxfQ.ZVPxAA.YAXfFz9DvAOxGGAMW7931eBO_Ok',
    } as const
    for (const [keyDerivation, cookie] of Object.entries(expected)) {
      const options = { secret: 'dev', keyDerivation: keyDerivation as keyof typeof expected }
      expect(encodeFlaskCookie({ a: 1 }, { ...options, now: at(T) })).toBe(cookie)
      expect(decodeFlaskCookie(cookie, { ...options, now: at(T) }).payload).toEqual({ a: 1 })
    }
  })

  it("matches plain itsdangerous's defaults when told (salt 'itsdangerous', django-concat)", () => {
    const options = {
      secret: 'secret',
      salt: 'itsdangerous',
      keyDerivation: 'django-concat',
    } as const
    expect(encodeFlaskCookie({ a: 1 }, { ...options, now: at(T) })).toBe(
      'eyJhIjoxfQ.ZVPxAA.29jNa7P8cC3Mkvk3JRTL72cvH2o',
    )
  })

  it('takes another salt and digest', () => {
    const options = { secret: 'dev', salt: 'other-salt', digest: 'sha256' } as const
    const cookie = 'eyJhIjoxfQ.ZVPxAA.VAcMdX8LnlDX49Pf9m7XqY4eHlAFK1b4jdjVuistiY4'
    expect(encodeFlaskCookie({ a: 1 }, { ...options, now: at(T) })).toBe(cookie)
    expect(reason(() => decodeFlaskCookie(cookie, { secret: 'dev', now: at(T) }))).toBe('tampered')
  })

  it('accepts secrets as bytes, identical to their UTF-8 string', () => {
    const bytes = new TextEncoder().encode('dev')
    expect(encodeFlaskCookie({ user_id: 42 }, { secret: bytes, now: at(T) })).toBe(WORKED)
  })

  it('compresses only when zlib saves at least 2 bytes (docs/flask-format.md §1)', () => {
    const small = encodeFlaskCookie({ v: 'abababababab' }, { secret: 'dev', now: at(T) })
    expect(small.startsWith('.')).toBe(false)
    const big = encodeFlaskCookie({ v: 'ab'.repeat(50) }, { secret: 'dev', now: at(T) })
    expect(big.startsWith('.')).toBe(true)
    expect(big.split('.')).toHaveLength(4)
    const off = encodeFlaskCookie(
      { v: 'ab'.repeat(50) },
      { secret: 'dev', now: at(T), compress: false },
    )
    expect(off.startsWith('.')).toBe(false)
  })

  it('refuses an empty secret, as Flask refuses to sign without SECRET_KEY', () => {
    for (const secret of ['', [], ['ok', ''], new Uint8Array(0)]) {
      expect(() => createFlaskCodec({ secret })).toThrow(ConfigError)
    }
  })

  it('refuses a negative or fractional maxAge', () => {
    for (const maxAge of [-1, 1.5, NaN]) {
      expect(() => createFlaskCodec({ secret: 'dev', maxAge })).toThrow(ConfigError)
    }
  })
})

describe('key rotation', () => {
  it('signs with the first secret and verifies with any, reporting which', () => {
    const oldCookie = encodeFlaskCookie({ a: 1 }, { secret: 'old', now: at(T) })
    const codec = createFlaskCodec({ secret: ['new', 'older', 'old'], now: at(T) })
    expect(codec.decode(oldCookie)).toEqual({ payload: { a: 1 }, issuedAt: at(T), keyIndex: 2 })
    const fresh = codec.encode({ a: 1 })
    expect(codec.decode(fresh).keyIndex).toBe(0)
    expect(reason(() => decodeFlaskCookie(fresh, { secret: 'old', now: at(T) }))).toBe('tampered')
  })
})

describe('the strict verifier', () => {
  const opts = { secret: 'dev', now: at(T + 60) }

  it('accepts the honest cookie', () => {
    expect(decodeFlaskCookie(WORKED, opts).payload).toEqual({ user_id: 42 })
  })

  it("refuses the variants Python's lax base64 accepts (docs/flask-format.md §2)", () => {
    const variants = [
      `${WORKED.slice(0, -1)}t`, // same 160 bits, other unused low bits
      `${WORKED.slice(0, -1)}u`,
      `${WORKED.slice(0, -1)}v`,
      `${WORKED}=`,
      `${WORKED}==`,
      `${WORKED}é`,
      'eyJhIjoxfQ.ZVPxAA.D3QXMI0ZQYNZDxORB//kVZyT7hk', // '_' written as '/'
    ]
    for (const v of variants) expect(reason(() => decodeFlaskCookie(v, opts))).not.toBe('valid')
  })

  it('refuses a validly signed value without a timestamp (an untimed Signer token)', () => {
    const key = createHmac('sha1', 'dev').update('cookie-session').digest()
    const sig = createHmac('sha1', key).update('eyJhIjoxfQ').digest('base64url')
    expect(reason(() => decodeFlaskCookie(`eyJhIjoxfQ.${sig}`, opts))).toBe('malformed')
  })

  it('refuses a signed timestamp over 8 bytes, or not in canonical form', () => {
    expect(decodeTimestamp('AQEBAQEBAQEB')).toBeUndefined() // 9 bytes
    expect(decodeTimestamp('AGVT8QA')).toBeUndefined() // leading zero byte
    expect(decodeTimestamp('ZVPxAB')).toBeUndefined() // unused bits set
    expect(decodeTimestamp('ZVPx+A')).toBeUndefined()
    expect(decodeTimestamp('')).toBe(0)
    expect(encodeTimestamp(T)).toBe('ZVPxAA')
  })

  it('judges age inclusively: equal to maxAge passes, one second more is expired', () => {
    const cookie = encodeFlaskCookie({ a: 1 }, { secret: 'dev', now: at(T) })
    const judge = (now: number, maxAge: number): string =>
      reason(() => decodeFlaskCookie(cookie, { secret: 'dev', now: at(now), maxAge }))
    expect(judge(T + 3600, 3600)).toBe('valid')
    expect(judge(T + 3601, 3600)).toBe('expired')
    expect(judge(T, 0)).toBe('valid')
    expect(judge(T - 1, 3600)).toBe('future')
    expect(judge(T + 2678400, 2678400)).toBe('valid')
    expect(judge(T + 2678401, 2678400)).toBe('expired')
    expect(judge(T + 10 ** 9, Infinity)).toBe('valid')
  })

  it('defaults to Flask’s 31 days and uses whole seconds of the clock', () => {
    const cookie = encodeFlaskCookie({ a: 1 }, { secret: 'dev', now: at(T) + 999 })
    expect(
      reason(() => decodeFlaskCookie(cookie, { secret: 'dev', now: at(T + 2678400) + 999 })),
    ).toBe('valid')
    expect(reason(() => decodeFlaskCookie(cookie, { secret: 'dev', now: at(T + 2678401) }))).toBe(
      'expired',
    )
  })

  it('reads the clock from a function when given one', () => {
    let now = at(T)
    const codec = createFlaskCodec({ secret: 'dev', maxAge: 10, now: () => now })
    const cookie = codec.encode({ a: 1 })
    now = at(T + 11)
    expect(reason(() => codec.decode(cookie))).toBe('expired')
  })

  it('CL-18 checks the signature before decompressing or parsing the payload', () => {
    const bomb = Buffer.from(deflateSync(Buffer.alloc(5_000_000))).toString('base64url')
    const forged = `.${bomb}.ZVPxAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA`
    expect(forged.length).toBeLessThan(16_384)
    inflateSpy.calls = 0
    expect(reason(() => decodeFlaskCookie(forged, { secret: 'dev', now: at(T) }))).toBe('tampered')
    expect(
      reason(() =>
        decodeFlaskCookie('.eJzLSM3JyQcABiwCFQ.ZVPxAA.x', { secret: 'dev', now: at(T) }),
      ),
    ).toBe('tampered')
    expect(inflateSpy.calls).toBe(0)
    const honest = encodeFlaskCookie({ v: 'ab'.repeat(50) }, { secret: 'dev', now: at(T) })
    decodeFlaskCookie(honest, { secret: 'dev', now: at(T) })
    expect(inflateSpy.calls).toBe(1)
  })

  it('bounds decompression: a signed payload inflating past the limit is malformed', () => {
    const signer = timestampSigner('dev')
    const json = Buffer.from(`{"a":"${'x'.repeat(300_000)}"}`)
    const cookie = signer.sign(`.${deflateSync(json).toString('base64url')}`, T)
    expect(cookie.length).toBeLessThan(2000)
    expect(reason(() => decodeFlaskCookie(cookie, { secret: 'dev', now: at(T) }))).toBe('malformed')
    const roomy = decodeFlaskCookie(cookie, { secret: 'dev', now: at(T), maxPayloadBytes: 400_000 })
    expect((roomy.payload as { a: string }).a).toHaveLength(300_000)
  })

  it('refuses validly signed payloads that are not tagged JSON in UTF-8', () => {
    const signer = timestampSigner('dev')
    const sign = (bytes: Buffer): string => signer.sign(bytes.toString('base64url'), T)
    const payloads = [
      Buffer.from([0x22, 0xff, 0xfe, 0x22]), // invalid UTF-8
      Buffer.from('{"a":'),
      Buffer.from('{" t":"x"}'),
      Buffer.from(''),
    ]
    for (const p of payloads) {
      expect(reason(() => decodeFlaskCookie(sign(p), { secret: 'dev', now: at(T) }))).toBe(
        'malformed',
      )
    }
    expect(
      reason(() => decodeFlaskCookie(signer.sign('.AAAA', T), { secret: 'dev', now: at(T) })),
    ).toBe('malformed')
  })

  it('accepts raw UTF-8 JSON as plain itsdangerous writes it (ensure_ascii=False)', () => {
    const signer = timestampSigner('dev')
    const cookie = signer.sign(Buffer.from('{"name":"Zoë"}').toString('base64url'), T)
    expect(decodeFlaskCookie(cookie, { secret: 'dev', now: at(T) }).payload).toEqual({
      name: 'Zoë',
    })
  })

  it('refuses what is not a cookie at all as malformed', () => {
    const junk: unknown[] = ['', 'abc', 'a b.c.d', 'x'.repeat(20_000), 42, null]
    for (const value of junk) {
      expect(reason(() => decodeFlaskCookie(value as string, { secret: 'dev' }))).toBe('malformed')
    }
  })

  it('carries typed values through a whole cookie', () => {
    const value: FlaskValue = { when: new Date(at(T)), n: 2n ** 64n }
    const cookie = encodeFlaskCookie(value, { secret: 'dev', now: at(T) })
    expect(decodeFlaskCookie(cookie, { secret: 'dev', now: at(T) }).payload).toStrictEqual(value)
  })
})
