/**
 * `createFlaskCodec`'s own options and checks (src/codec/flask/index.ts): the payload bound, the
 * clock, the age limit per call, compression and floats, and the errors each refusal gives.
 */
import { describe, expect, it } from 'vitest'
import {
  FLASK_DEFAULT_MAX_AGE,
  PythonFloat,
  createFlaskCodec,
  decodeFlaskCookie,
  encodeFlaskCookie,
  timestampSigner,
} from '../../../src/codec/flask/index.js'
import { ConfigError, DecodeError } from '../../../src/errors.js'

const T = 1_700_000_000_000

function reasonOf(run: () => unknown): string {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError)
    return (err as DecodeError).reason
  }
  throw new Error('not refused')
}

describe('createFlaskCodec options', () => {
  it('checks maxPayloadBytes: a whole number of at least 2', () => {
    for (const maxPayloadBytes of [1, 0, -5, 2.5, Number.NaN, Infinity]) {
      expect(() => createFlaskCodec({ secret: 'dev', maxPayloadBytes })).toThrow(
        'maxPayloadBytes must be a whole number of bytes of at least 2.',
      )
    }
    const tight = createFlaskCodec({ secret: 'dev', maxPayloadBytes: 2, now: T })
    expect(tight.decode(tight.encode({})).payload).toEqual({})
    expect(reasonOf(() => tight.decode(tight.encode({ a: 1 })))).toBe('malformed')
  })

  it('checks maxAge at creation and per call: whole seconds, zero or more, or Infinity', () => {
    for (const maxAge of [-1, 1.5, Number.NaN]) {
      expect(() => createFlaskCodec({ secret: 'dev', maxAge })).toThrow(
        'maxAge must be a whole number of seconds (or Infinity).',
      )
      const codec = createFlaskCodec({ secret: 'dev', now: T })
      expect(() => codec.decode(codec.encode({}), { maxAge })).toThrow(ConfigError)
    }
    const codec = createFlaskCodec({ secret: 'dev', maxAge: 0, now: T })
    const cookie = codec.encode({ a: 1 })
    expect(codec.decode(cookie).payload).toEqual({ a: 1 }) // an age of 0 is not over 0
    expect(reasonOf(() => codec.decode(cookie, { now: T + 1000 }))).toBe('expired')
    expect(codec.decode(cookie, { now: T + 1000, maxAge: 1 }).payload).toEqual({ a: 1 })
    expect(codec.decode(cookie, { now: T + 1e12, maxAge: Infinity }).payload).toEqual({ a: 1 })
  })

  it("defaults maxAge to Flask's 31 days: an age equal to it passes, one second more does not", () => {
    expect(FLASK_DEFAULT_MAX_AGE).toBe(2_678_400)
    const codec = createFlaskCodec({ secret: 'dev', now: T })
    const cookie = codec.encode({ a: 1 })
    expect(codec.decode(cookie, { now: T + FLASK_DEFAULT_MAX_AGE * 1000 }).payload).toEqual({
      a: 1,
    })
    expect(
      reasonOf(() => codec.decode(cookie, { now: T + (FLASK_DEFAULT_MAX_AGE + 1) * 1000 })),
    ).toBe('expired')
  })

  it('takes the clock as a number or a function, per call or from the options', () => {
    let now = T
    const codec = createFlaskCodec({ secret: 'dev', now: () => now, maxAge: 10 })
    const cookie = codec.encode({ a: 1 })
    expect(codec.decode(cookie).issuedAt).toBe(T)
    now = T + 11_000
    expect(reasonOf(() => codec.decode(cookie))).toBe('expired')
    expect(codec.decode(cookie, { now: T + 5_000 }).payload).toEqual({ a: 1 })
    expect(codec.decode(codec.encode({}, { now: T + 1_999 }), { now: T + 2_000 }).issuedAt).toBe(
      T + 1_000,
    )
  })

  it('takes the epoch itself as a time', () => {
    const codec = createFlaskCodec({ secret: 'dev', now: 0 })
    expect(codec.decode(codec.encode({ a: 1 })).issuedAt).toBe(0)
  })

  it('refuses a clock that is not a time, naming it', () => {
    for (const bad of [-1, Number.NaN, Infinity]) {
      expect(() => createFlaskCodec({ secret: 'dev' }).encode({}, { now: bad })).toThrow(
        'now must be a time in milliseconds.',
      )
      expect(() => createFlaskCodec({ secret: 'dev', now: () => bad }).encode({})).toThrow(
        ConfigError,
      )
    }
  })

  it('compresses only when asked and when it saves bytes, as itsdangerous does', () => {
    const big = { text: 'a'.repeat(200) }
    const packed = encodeFlaskCookie(big, { secret: 'dev', now: T })
    const plain = encodeFlaskCookie(big, { secret: 'dev', now: T, compress: false })
    expect(packed.startsWith('.')).toBe(true)
    expect(plain.startsWith('.')).toBe(false)
    expect(packed.length).toBeLessThan(plain.length)
    expect(encodeFlaskCookie({ a: 1 }, { secret: 'dev', now: T }).startsWith('.')).toBe(false)
    for (const cookie of [packed, plain]) {
      expect(decodeFlaskCookie(cookie, { secret: 'dev', now: T }).payload).toEqual(big)
    }
  })

  it("reads integral floats as PythonFloat by default and as numbers with floats: 'number'", () => {
    const cookie = encodeFlaskCookie({ x: new PythonFloat(2) }, { secret: 'dev', now: T })
    expect(decodeFlaskCookie(cookie, { secret: 'dev', now: T }).payload).toEqual({
      x: new PythonFloat(2),
    })
    expect(decodeFlaskCookie(cookie, { secret: 'dev', now: T, floats: 'number' }).payload).toEqual({
      x: 2,
    })
  })

  it('reports which secret verified the cookie', () => {
    const old = encodeFlaskCookie({ a: 1 }, { secret: 'old', now: T })
    const both = { secret: ['new', 'old'], now: T }
    expect(decodeFlaskCookie(old, both).keyIndex).toBe(1)
    expect(decodeFlaskCookie(encodeFlaskCookie({ a: 1 }, both), both).keyIndex).toBe(0)
  })

  it('refuses what is not a cookie, or a signed payload that is not UTF-8 tagged JSON, as malformed', () => {
    const codec = createFlaskCodec({ secret: 'dev', now: T })
    expect(reasonOf(() => codec.decode(42 as unknown as string))).toBe('malformed')
    const signer = timestampSigner('dev')
    const signed = (bytes: Buffer): string =>
      signer.sign(bytes.toString('base64url'), Math.floor(T / 1000))
    const messageOf = (bytes: Buffer): string => {
      let caught: unknown
      try {
        codec.decode(signed(bytes))
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(DecodeError)
      expect((caught as DecodeError).reason).toBe('malformed')
      return (caught as Error).message
    }
    // Bytes that are not UTF-8: the one message for a payload that is not text.
    expect(messageOf(Buffer.from([0xff, 0xfe]))).toBe(
      'The cookie payload is not valid tagged JSON.',
    )
    // The parser's own refusals keep their offsets.
    expect(messageOf(Buffer.from('{"a":'))).toBe('Invalid JSON at offset 5: expected a value.')
    expect(messageOf(Buffer.from('{"a":1}x'))).toBe(
      'Invalid JSON at offset 7: unexpected data after the value.',
    )
    // A tag error keeps its own message.
    let tagged: unknown
    try {
      codec.decode(signed(Buffer.from('{" t":1}')))
    } catch (err) {
      tagged = err
    }
    expect((tagged as Error).message).toBe('Invalid value for the Flask tag "t".')
  })
})
