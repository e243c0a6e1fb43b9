/**
 * Against a real Flask (Debian python3-flask, run at test time): cookies Flask makes decode with
 * ours, ours verify in Flask, values of every type round-trip both ways (byte for byte where
 * uncompressed), fallback keys, expiry at the boundary and tampering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FlaskTuple,
  FlaskUUID,
  Markup,
  PythonFloat,
  createFlaskCodec,
  decodeFlaskCookie,
  dumpPythonJson,
  encodeFlaskCookie,
  tagFlaskValue,
  type FlaskValue,
} from '../../src/codec/flask/index.js'
import { DecodeError } from '../../src/errors.js'
import { flaskAvailable, startFlaskApp, type FlaskApp } from './flask-app.js'
import { describeValue } from './flask-describe.js'

const T = 1_700_000_000
const CURRENT = 'interop-current-key'
const OLD = 'interop-old-key'
const available = flaskAvailable()

const VALUES: Record<string, FlaskValue> = {
  int: 42,
  negative: -7,
  big: 2n ** 64n,
  negBig: -(2n ** 70n),
  float: 0.5,
  third: 1 / 3,
  integralFloat: new PythonFloat(2),
  bigFloat: new PythonFloat(1e16),
  tiny: 1e-7,
  huge: new PythonFloat(1.5e300),
  neg0: -0,
  nan: NaN,
  inf: Infinity,
  negInf: -Infinity,
  string: 'hello',
  unicode: 'é😀\u2028\u007f\u0000',
  escapes: '\n\t"\\/',
  empty: '',
  true: true,
  false: false,
  none: null,
  list: [1, 'a', [2, []]],
  tuple: new FlaskTuple([1, 'two', new FlaskTuple([])]),
  bytes: new Uint8Array([0, 255, 98, 105, 110]),
  emptyBytes: new Uint8Array(0),
  markup: new Markup('<b>bold</b> &amp; co'),
  uuid: new FlaskUUID('0123456789abcdef0123456789abcdef'),
  date: new Date(Date.UTC(2024, 1, 29, 12, 34, 56)),
  tagLike: { ' t': 'not-a-tuple' },
  diLike: { ' di': { ' di': 'deep' } },
  tagInTag: { ' d': { ' m': 'x' } },
  twoTags: { ' t': 1, ' u': 2 },
  nested: { a: { b: [new FlaskTuple([1, new Markup('m')])] } },
  emptyDict: {},
}

let flask: FlaskApp
const codec = createFlaskCodec({ secret: [CURRENT, OLD], now: T * 1000 })

/** The JSON text inside a Flask cookie (inflated when compressed). */
function jsonInside(cookie: string): string {
  return dumpPythonJson(tagFlaskValue(codec.decode(cookie).payload))
}

describe.skipIf(!available)('Flask interop (real Flask)', () => {
  beforeAll(async () => {
    flask = await startFlaskApp({ secret: CURRENT })
    await flask.setClock(T)
  })
  afterAll(() => flask?.stop())

  it('decodes the cookie Flask writes for native values of every type', async () => {
    const r = await flask.request('/native', { method: 'POST' })
    expect(r.cookie).toBeDefined()
    const out = decodeFlaskCookie(r.cookie!, { secret: CURRENT, now: T * 1000 })
    expect(out.issuedAt).toBe(T * 1000)
    expect(describeValue(out.payload)).toEqual((r.body as { types: unknown }).types)
  })

  describe('each value type, both ways', () => {
    let uncompressedMatches = 0

    for (const [name, value] of Object.entries(VALUES)) {
      it(`carries ${name} from tessera to Flask and back, with Flask's bytes`, async () => {
        const session = { v: value }
        const ours = encodeFlaskCookie(session, { secret: CURRENT, now: T * 1000 })
        const read = await flask.request('/session', { cookie: ours })
        const body = read.body as { tagged: string; types: unknown }
        expect(body.types).toEqual(describeValue(session))
        expect(body.tagged).toBe(dumpPythonJson(tagFlaskValue(session)))

        const written = await flask.request('/session/replace', { body: body.tagged })
        expect(written.cookie).toBeDefined()
        expect(codec.decode(written.cookie!).payload).toStrictEqual(session)
        if (!written.cookie!.startsWith('.')) {
          expect(ours).toBe(written.cookie)
          uncompressedMatches++
        } else {
          expect(jsonInside(written.cookie!)).toBe(jsonInside(ours))
        }
      })
    }

    it('wrote the very bytes Flask writes for every uncompressed one', () => {
      expect(uncompressedMatches).toBeGreaterThanOrEqual(25)
    })
  })

  it('reads a datetime before year 100 as Flask does: "0099" is 1999 to Werkzeug', async () => {
    const d = new Date(0)
    d.setUTCFullYear(99, 4, 3)
    const ours = encodeFlaskCookie({ d }, { secret: CURRENT, now: T * 1000 })
    const read = await flask.request('/session', { cookie: ours })
    expect(dumpPythonJson(tagFlaskValue({ d }))).toBe(
      '{"d":{" d":"Sun, 03 May 0099 00:00:00 GMT"}}',
    )
    expect((read.body as { tagged: string }).tagged).toBe(
      '{"d":{" d":"Mon, 03 May 1999 00:00:00 GMT"}}',
    )
    const flaskSees = describeValue({ d: new Date(Date.UTC(1999, 4, 3)) })
    expect((read.body as { types: unknown }).types).toEqual(flaskSees)
    expect(codec.decode(ours).payload).toStrictEqual({ d: new Date(Date.UTC(1999, 4, 3)) })
  })

  it('writes an integral JS number beyond 2^53 as a Python int, which reads back as a bigint', async () => {
    const ours = encodeFlaskCookie({ n: 1e21 }, { secret: CURRENT, now: T * 1000 })
    const read = await flask.request('/session', { cookie: ours })
    expect((read.body as { types: unknown }).types).toEqual(describeValue({ n: 10n ** 21n }))
    expect(codec.decode(ours).payload).toStrictEqual({ n: 10n ** 21n })
  })

  it('carries a session holding every value at once (compressed) both ways', async () => {
    const ours = encodeFlaskCookie(VALUES, { secret: CURRENT, now: T * 1000 })
    expect(ours.startsWith('.')).toBe(true)
    const read = await flask.request('/session', { cookie: ours })
    expect((read.body as { types: unknown }).types).toEqual(describeValue(VALUES))
    const resaved = await flask.request('/session', { cookie: ours, body: '{}' })
    expect(codec.decode(resaved.cookie!).payload).toStrictEqual(VALUES)
  })

  describe('fallback keys', () => {
    afterAll(() => flask.configure({ secret_key: CURRENT, fallbacks: [] }))

    it('Flask with SECRET_KEY_FALLBACKS reads our cookie signed by an old key, and re-signs with the new', async () => {
      await flask.configure({ secret_key: CURRENT, fallbacks: [OLD] })
      const ours = encodeFlaskCookie({ a: 1 }, { secret: OLD, now: T * 1000 })
      const r = await flask.request('/session', { cookie: ours, body: '{}' })
      expect((r.body as { tagged: string }).tagged).toBe('{"a":1}')
      expect(decodeFlaskCookie(r.cookie!, { secret: CURRENT, now: T * 1000 }).keyIndex).toBe(0)
      expect(() => decodeFlaskCookie(r.cookie!, { secret: OLD, now: T * 1000 })).toThrow(
        DecodeError,
      )
    })

    it('we read a cookie Flask signed with a key that is now a fallback, and say so', async () => {
      await flask.configure({ secret_key: OLD, fallbacks: [] })
      const r = await flask.request('/session', { body: '{"b":2}' })
      await flask.configure({ secret_key: CURRENT, fallbacks: [] })
      expect(codec.decode(r.cookie!)).toMatchObject({ payload: { b: 2 }, keyIndex: 1 })
      expect(() => decodeFlaskCookie(r.cookie!, { secret: CURRENT, now: T * 1000 })).toThrow(
        expect.objectContaining({ reason: 'tampered' }),
      )
      // and Flask without the fallback refuses it too: an empty session
      const without = await flask.request('/session', { cookie: r.cookie! })
      expect((without.body as { tagged: string }).tagged).toBe('{}')
    })
  })

  describe('expiry at the boundary (PERMANENT_SESSION_LIFETIME = 3600 s)', () => {
    beforeAll(() => flask.configure({ lifetime: 3600 }))
    afterAll(async () => {
      await flask.configure({ lifetime: 31 * 24 * 3600 })
      await flask.setClock(T)
    })

    it('Flask accepts our cookie at exactly 3600 s and refuses it at 3601 s or before it was signed', async () => {
      const ours = encodeFlaskCookie({ a: 1 }, { secret: CURRENT, now: T * 1000 })
      const at = async (now: number): Promise<string> => {
        await flask.setClock(now)
        return ((await flask.request('/session', { cookie: ours })).body as { tagged: string })
          .tagged
      }
      expect(await at(T + 3600)).toBe('{"a":1}')
      expect(await at(T + 3601)).toBe('{}')
      expect(await at(T - 1)).toBe('{}')
    })

    it("we judge Flask's cookie the same way", async () => {
      await flask.setClock(T)
      const { cookie } = await flask.request('/session', { body: '{"a":1}' })
      const at = (now: number): string => {
        try {
          decodeFlaskCookie(cookie!, { secret: CURRENT, now: now * 1000, maxAge: 3600 })
          return 'valid'
        } catch (err) {
          return (err as DecodeError).reason
        }
      }
      expect([at(T + 3600), at(T + 3601), at(T - 1)]).toEqual(['valid', 'expired', 'future'])
    })
  })

  describe('tampering', () => {
    it('Flask refuses our cookie with any character changed: an empty session', async () => {
      const ours = encodeFlaskCookie({ role: 'user' }, { secret: CURRENT, now: T * 1000 })
      const positions = [0, 5, ours.indexOf('.') + 2, ours.length - 1]
      for (const i of positions) {
        const bad = ours.slice(0, i) + (ours[i] === 'A' ? 'B' : 'A') + ours.slice(i + 1)
        const r = await flask.request('/session', { cookie: bad })
        expect((r.body as { tagged: string }).tagged).toBe('{}')
      }
    })

    it("we refuse Flask's cookie with a forged payload", async () => {
      const { cookie } = await flask.request('/session', { body: '{"role":"user"}' })
      const [, ts, sig] = cookie!.split('.')
      const forged = `${Buffer.from('{"role":"admin"}').toString('base64url')}.${ts}.${sig}`
      expect(() => codec.decode(forged)).toThrow(expect.objectContaining({ reason: 'tampered' }))
    })

    it('is stricter than Flask: a padded signature Flask tolerates is refused (docs/flask-format.md §2)', async () => {
      const { cookie } = await flask.request('/session', { body: '{"a":1}' })
      const padded = `${cookie!}=`
      const r = await flask.request('/session', { cookie: padded })
      expect((r.body as { tagged: string }).tagged).toBe('{"a":1}')
      expect(() => codec.decode(padded)).toThrow(DecodeError)
    })
  })
})
