/**
 * Every cookie in the sample made by real Flask 2.2.2 (clock pinned): ours decode them to the
 * same values, reach the same verdicts, and write the same bytes where Flask's are uncompressed.
 */
import { describe, expect, it } from 'vitest'
import {
  decodeFlaskCookie,
  decodeTimestamp,
  dumpPythonJson,
  encodeFlaskCookie,
  encodeTimestamp,
  parsePythonJson,
  tagFlaskValue,
  type FlaskSecret,
} from '../../../src/codec/flask/index.js'
import { DecodeError } from '../../../src/errors.js'
import {
  fromPy,
  hasInputOnlyTypes,
  loadVectors,
  secretOf,
  type CookieVector,
  type VerifySpec,
} from './flask-vector-helpers.js'

const vectors = loadVectors()

function verdict(cookie: string, secret: FlaskSecret[], verify: VerifySpec): VerifySpec['expect'] {
  try {
    decodeFlaskCookie(cookie, { secret, now: verify.now * 1000, maxAge: verify.max_age })
    return 'valid'
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err
    // Flask reports a cookie from the future as expired (SignatureExpired); we say which.
    return err.reason === 'expired' || err.reason === 'future' ? 'expired' : 'invalid'
  }
}

const secretsOf = (v: CookieVector): FlaskSecret[] => [
  secretOf(v.secret_key),
  ...(v.fallback_keys ?? []).map(secretOf),
]

describe('Flask vector sample: session cookies', () => {
  it('holds the cookies we expect to check', () => {
    expect(vectors.session_cookie_vectors.length).toBeGreaterThanOrEqual(14)
  })

  for (const v of vectors.session_cookie_vectors) {
    const at = (v.timestamp ?? 0) * 1000

    it(`decodes ${v.id} to the values Flask reads back`, () => {
      const { now, max_age: maxAge } = v.verify
      const out = decodeFlaskCookie(v.cookie, { secret: secretsOf(v), now: now * 1000, maxAge })
      expect(out.payload).toStrictEqual(fromPy(v.decoded!))
      expect(out.issuedAt).toBe(at)
      expect(out.keyIndex).toBe(0)
    })

    if (!hasInputOnlyTypes(v.input!)) {
      it(`writes the same JSON text as Flask for ${v.id}`, () => {
        expect(dumpPythonJson(tagFlaskValue(fromPy(v.input!)))).toBe(v.payload_json)
      })

      const what = v.compressed === true ? 'round-trips' : 'equals Flask’s byte for byte'
      it(`writes a cookie for ${v.id} that ${what}`, () => {
        const ours = encodeFlaskCookie(fromPy(v.input!), { secret: secretsOf(v), now: at })
        if (v.compressed === true) {
          expect(ours.startsWith('.')).toBe(true)
          const back = decodeFlaskCookie(ours, { secret: secretsOf(v), now: at })
          expect(back.payload).toStrictEqual(fromPy(v.decoded!))
        } else {
          expect(ours).toBe(v.cookie)
        }
      })
    }
  }
})

describe('Flask vector sample: rejected cookies', () => {
  for (const v of vectors.negative_vectors) {
    it(`reaches Flask's verdict (${v.verify.expect}) on ${v.id}`, () => {
      expect(verdict(v.cookie, secretsOf(v), v.verify)).toBe(v.verify.expect)
    })
  }

  it('names a cookie from the future as such', () => {
    const v = vectors.negative_vectors.find((x) => x.id === 'neg-future-timestamp')!
    expect(() =>
      decodeFlaskCookie(v.cookie, { secret: secretsOf(v), now: v.verify.now * 1000 }),
    ).toThrow(expect.objectContaining({ reason: 'future' }))
  })
})

describe('Flask vector sample: fallback keys', () => {
  for (const v of vectors.fallback_key_vectors) {
    const verify = v.verify
    const secret = [secretOf(verify.secret_key!), ...(verify.fallback_keys ?? []).map(secretOf)]
    const expected = parsePythonJson(v.payload_json!)

    it(`accepts ${v.id} with the fallback list, reporting the fallback`, () => {
      expect(verdict(v.cookie, secret, verify)).toBe(verify.expect)
      const out = decodeFlaskCookie(v.cookie, { secret, now: verify.now * 1000 })
      expect(out.payload).toStrictEqual(fromPy(v.decoded!))
      expect(out.keyIndex).toBeGreaterThan(0)
    })

    it(`rejects ${v.id} with the current key alone`, () => {
      expect(verdict(v.cookie, [secret[0]!], verify)).toBe('invalid')
    })

    it(`signs ${v.id} as Flask does with the old key`, () => {
      const cookie = encodeFlaskCookie(fromPy(expected), {
        secret: secretOf(v.signing!.secret_key),
        now: (v.timestamp ?? 0) * 1000,
      })
      expect(cookie).toBe(v.cookie)
    })
  }
})

describe('Flask vector sample: max-age boundary', () => {
  for (const v of vectors.max_age_boundary_vectors) {
    const { now, max_age: maxAge, expect: verdictExpected } = v.verify
    const age = now - (v.timestamp ?? 0)
    it(`answers ${verdictExpected} for ${v.id} (age ${age} s, max ${maxAge} s)`, () => {
      expect(verdict(v.cookie, secretsOf(v), v.verify)).toBe(verdictExpected)
    })
  }
})

describe('Flask vector sample: timestamps', () => {
  for (const v of vectors.timestamp_encoding_vectors) {
    it(`encodes and decodes ${v.int.toString()} as "${v.base64url}"`, () => {
      if (typeof v.int === 'number') {
        expect(encodeTimestamp(v.int)).toBe(v.base64url)
        expect(decodeTimestamp(v.base64url)).toBe(v.int)
      } else {
        // 2^64 − 1: beyond JS safe integers; reads as the far future.
        expect(decodeTimestamp(v.base64url)).toBe(Number.MAX_SAFE_INTEGER)
      }
    })
  }
})
