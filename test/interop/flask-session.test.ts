/**
 * Flask's session bookkeeping against a real Flask: flashes, `permanent`, Flask-Login's keys,
 * and our Python-compatible JSON checked against Python's own `json.dumps`.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Markup,
  createFlaskCodec,
  dumpPythonJson,
  flaskLoginIdentifier,
  fromFlaskSession,
  tagFlaskValue,
  toFlaskSession,
  type PythonJson,
} from '../../src/codec/flask/index.js'
import { flaskAvailable, startFlaskApp, type FlaskApp } from './flask-app.js'
import { describeValue } from './flask-describe.js'

const T = 1_700_000_000
const SECRET = 'interop-session-key'
const UA = 'tessera-interop/1.0 (Zoë)'
const available = flaskAvailable()
const codec = createFlaskCodec({ secret: SECRET, now: T * 1000 })

let flask: FlaskApp
const tagged = (body: unknown): string => (body as { tagged: string }).tagged

describe.skipIf(!available)('Flask sessions (real Flask)', () => {
  beforeAll(async () => {
    flask = await startFlaskApp({ secret: SECRET })
    await flask.setClock(T)
  })
  afterAll(() => flask?.stop())

  it("reads Flask's flash() messages as { category, message }, Markup kept", async () => {
    let cookie: string | undefined
    for (const body of [
      { message: 'Hello World' },
      { message: 'Hello World', category: 'error' },
      { message: '<em>Testing</em>', category: 'warning', markup: true },
    ]) {
      cookie = (await flask.request('/flash', { cookie, body })).cookie ?? cookie
    }
    expect(fromFlaskSession(codec.decode(cookie!).payload).flashes).toStrictEqual([
      { category: 'message', message: 'Hello World' },
      { category: 'error', message: 'Hello World' },
      { category: 'warning', message: new Markup('<em>Testing</em>') },
    ])
  })

  it('gives our flashes to get_flashed_messages(), with categories and a filter', async () => {
    const cookie = codec.encode(
      toFlaskSession({
        flashes: [
          { category: 'message', message: 'Hello World' },
          { category: 'error', message: 'Oops' },
          { category: 'warning', message: new Markup('<em>Testing</em>') },
        ],
      }),
    )
    const all = await flask.request('/flashes?with_categories=1', { cookie })
    expect(all.body).toEqual([
      { $py: 'tuple', items: ['message', 'Hello World'] },
      { $py: 'tuple', items: ['error', 'Oops'] },
      { $py: 'tuple', items: ['warning', { $py: 'markup', value: '<em>Testing</em>' }] },
    ])
    const filtered = await flask.request('/flashes?category_filter=message,warning', { cookie })
    expect(filtered.body).toEqual(['Hello World', { $py: 'markup', value: '<em>Testing</em>' }])
    // Reading pops them: Flask re-issues the cookie without _flashes (or deletes it).
    expect(all.cookie).toBe('')
  })

  it('shares session.permanent both ways', async () => {
    const ours = codec.encode(toFlaskSession({ data: { a: 1 }, permanent: true }))
    const read = await flask.request('/session', { cookie: ours })
    expect((read.body as { permanent: boolean }).permanent).toBe(true)
    const theirs = await flask.request('/permanent', { body: { permanent: true } })
    expect(fromFlaskSession(codec.decode(theirs.cookie!).payload).permanent).toBe(true)
  })

  it("reads Flask-Login's keys from a user signed in on the Flask side", async () => {
    const r = await flask.request('/login', {
      body: { user_id: '42', fresh: true },
      headers: { 'user-agent': UA },
    })
    const parts = fromFlaskSession(codec.decode(r.cookie!).payload)
    expect(parts).toMatchObject({ userId: '42', fresh: true })
    expect(parts.loginIdentifier).toBe(
      flaskLoginIdentifier({ remoteAddr: '127.0.0.1', userAgent: UA }),
    )
    const { body } = await flask.request('/identifier', { headers: { 'user-agent': UA } })
    expect(body).toBe(parts.loginIdentifier)
  })

  it('signs a user in on the Flask side from tessera, fresh and with a matching identifier', async () => {
    const cookie = codec.encode(
      toFlaskSession({
        userId: '7',
        fresh: true,
        loginIdentifier: flaskLoginIdentifier({ remoteAddr: '127.0.0.1', userAgent: UA }),
      }),
    )
    const who = await flask.request('/whoami', { cookie, headers: { 'user-agent': UA } })
    expect(who.body).toEqual({
      user_id: '7',
      authenticated: true,
      fresh: true,
      identifier_ok: true,
    })
    // Flask-Login's logout_user pops every key: the emptied session deletes the cookie.
    const out = await flask.request('/logout', { cookie, method: 'POST' })
    expect(out.cookie).toBe('')
  })

  it('keeps data other than the bookkeeping keys untouched both ways', async () => {
    const parts = { data: { cart: [1, 2], theme: 'dark' }, userId: '9', fresh: false }
    const cookie = codec.encode(toFlaskSession(parts))
    const r = await flask.request('/session', { cookie, body: '{}' })
    expect(tagged(r.body)).toBe('{"_fresh":false,"_user_id":"9","cart":[1,2],"theme":"dark"}')
    expect(fromFlaskSession(codec.decode(r.cookie!).payload)).toMatchObject(parts)
  })

  describe("Python's json.dumps agrees with dumpPythonJson", () => {
    const redump = async (text: string): Promise<string> =>
      (await flask.request('/_test/redump', { body: text })).text

    it('for 3000 random doubles (float repr)', async () => {
      const doubles = fc.sample(fc.double(), { numRuns: 3000, seed: 42 })
      const values = doubles.filter(
        (n) => !Number.isInteger(n) || Object.is(n, -0) || !Number.isFinite(n),
      )
      const text = dumpPythonJson(values)
      expect(await redump(text)).toBe(text)
    })

    it('for random strings, keys and nesting (escapes and code-point order)', async () => {
      const json = fc.letrec<{ v: PythonJson }>((tie) => ({
        v: fc.oneof(
          { depthSize: 'small' },
          fc.string({ unit: 'binary', maxLength: 12 }),
          fc.integer(),
          fc
            .bigInt({ min: -(2n ** 80n), max: 2n ** 80n })
            .filter((n) => n > 2n ** 53n || n < -(2n ** 53n)),
          fc.boolean(),
          fc.constant(null),
          fc.array(tie('v'), { maxLength: 4 }),
          fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('v'), {
            maxKeys: 5,
            noNullPrototype: true,
          }),
        ),
      }))
      const samples = fc.sample(json.v, { numRuns: 300, seed: 7 })
      const text = dumpPythonJson(samples)
      expect(await redump(text)).toBe(text)
    })

    it('for the native values Flask stores (Python writes, we read and write the same text)', async () => {
      const r = await flask.request('/native', { method: 'POST' })
      const payload = codec.decode(r.cookie!).payload
      expect(describeValue(payload)).toEqual((r.body as { types: unknown }).types)
      expect(dumpPythonJson(tagFlaskValue(payload))).toBe(tagged(r.body))
    })
  })
})
