/**
 * Property tests of the Flask decoder: whatever the input, the answer is a value or a
 * DecodeError — never another exception — and every value Flask can carry round-trips.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  FlaskTuple,
  FlaskUUID,
  Markup,
  PythonFloat,
  createFlaskCodec,
  dumpPythonJson,
  parsePythonJson,
  tagFlaskValue,
  timestampSigner,
  untagFlaskValue,
  type FlaskValue,
} from '../../../src/codec/flask/index.js'
import { DecodeError } from '../../../src/errors.js'

const T = 1_700_000_000_000
const codec = createFlaskCodec({ secret: ['current key', 'old key'], now: T })
const signer = timestampSigner('current key')

/** Decode, and fail the property on anything but success or a DecodeError. */
function outcome(cookie: string): 'valid' | DecodeError['reason'] {
  try {
    codec.decode(cookie)
    return 'valid'
  } catch (err) {
    if (err instanceof DecodeError) return err.reason
    throw err
  }
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])
const key = fc
  .oneof(
    fc.constantFrom(' t', ' di', ' b', ' m', ' u', ' d', ' t__', '_flashes', '_permanent', ''),
    fc.string({ unit: 'binary', maxLength: 8 }),
  )
  .filter((k) => !FORBIDDEN.has(k))

const scalar: fc.Arbitrary<FlaskValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.maxSafeInteger(),
  fc.double().filter((n) => !Number.isInteger(n) || Object.is(n, -0) || !Number.isFinite(n)),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 128n }).chain((n) => fc.constantFrom(n, -n)),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => Number.isInteger(n) && !Object.is(n, -0))
    .map((n) => new PythonFloat(n)),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.uint8Array({ maxLength: 16 }),
  fc.string({ maxLength: 12 }).map((s) => new Markup(s)),
  fc.uuid().map((u) => new FlaskUUID(u)),
  fc
    .date({
      min: new Date('0100-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000)),
)

const { value } = fc.letrec<{ value: FlaskValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => new FlaskTuple(items)),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}))
const session = fc.dictionary(key, value, { maxKeys: 6, noNullPrototype: true })

describe('Flask codec properties', () => {
  it('round-trips every value Flask can carry, compressed or not', () => {
    fc.assert(
      fc.property(session, (s) => {
        expect(codec.decode(codec.encode(s)).payload).toStrictEqual(s)
      }),
      { numRuns: 400 },
    )
  })

  it('round-trips tagged JSON through Python JSON text', () => {
    fc.assert(
      fc.property(session, (s) => {
        const raw = tagFlaskValue(s)
        const text = dumpPythonJson(raw)
        expect(/^[\x20-\x7e]*$/.test(text)).toBe(true)
        expect(parsePythonJson(text)).toStrictEqual(raw)
        expect(untagFlaskValue(parsePythonJson(text))).toStrictEqual(s)
      }),
      { numRuns: 300 },
    )
  })

  it('answers random strings with a DecodeError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(outcome(s)).not.toBe('valid')
      }),
      { numRuns: 500 },
    )
  })

  it('answers random dotted base64url strings with a DecodeError', () => {
    const part = fc
      .base64String({ maxLength: 40 })
      .map((b) => b.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'))
    fc.assert(
      fc.property(fc.tuple(fc.boolean(), part, part, part), ([dot, a, b, c]) => {
        expect(outcome(`${dot ? '.' : ''}${a}.${b}.${c}`)).not.toBe('valid')
      }),
      { numRuns: 500 },
    )
  })

  it('detects any single bit flip in a cookie (CL-17)', () => {
    fc.assert(
      fc.property(session, fc.nat(), fc.integer({ min: 0, max: 6 }), (s, pos, bit) => {
        const cookie = codec.encode(s)
        const i = pos % cookie.length
        const flipped =
          cookie.slice(0, i) +
          String.fromCharCode(cookie.charCodeAt(i) ^ (1 << bit)) +
          cookie.slice(i + 1)
        expect(outcome(flipped)).not.toBe('valid')
      }),
      { numRuns: 400 },
    )
  })

  it('detects truncation, and anything added before or after (CL-17)', () => {
    fc.assert(
      fc.property(
        session,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 30 }),
        (s, cut, extra) => {
          const cookie = codec.encode(s)
          expect(outcome(cookie.slice(0, cut % cookie.length))).not.toBe('valid')
          expect(outcome(cookie + extra)).not.toBe('valid')
          expect(outcome(extra + cookie)).not.toBe('valid')
          expect(outcome(`${cookie}.${cookie}`)).not.toBe('valid')
          expect(outcome(cookie + codec.encode({}))).not.toBe('valid')
        },
      ),
      { numRuns: 200 },
    )
  })

  it('answers 8 KB values with a DecodeError', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 8192, maxLength: 8192 }),
        fc.base64String({ minLength: 8192, maxLength: 8192 }),
        (a, b) => {
          expect(outcome(a)).not.toBe('valid')
          expect(outcome(`${b}.ZVPxAA.${b}`)).not.toBe('valid')
        },
      ),
      { numRuns: 30 },
    )
  })

  it('answers validly signed random bytes (invalid UTF-8, JSON or zlib) with a value or a DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, compressed) => {
        const b64 = Buffer.from(bytes).toString('base64url')
        const cookie = signer.sign(compressed ? `.${b64}` : b64, T / 1000)
        const result = outcome(cookie)
        expect(['valid', 'malformed']).toContain(result)
      }),
      { numRuns: 500 },
    )
  })

  it('answers validly signed JSON-like text with a value or a DecodeError', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      ' t',
      ' di',
      ' b',
      ' d',
      ' u',
      ' m',
      '1',
      '-',
      'NaN',
      '1.0',
      'null',
      '\\u',
      '__',
    )
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const cookie = signer.sign(Buffer.from(tokens.join('')).toString('base64url'), T / 1000)
        expect(['valid', 'malformed']).toContain(outcome(cookie))
      }),
      { numRuns: 500 },
    )
  })
})
