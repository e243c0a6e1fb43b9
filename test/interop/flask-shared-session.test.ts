/**
 * A tessera app with `format: 'flask'` and a real Flask app (Debian's python3-flask) with the same
 * secret and cookie name share one session, in both directions: values of every type, flashes,
 * `permanent`, and Flask-Login's `_user_id` / `_fresh` / `_id` through tessera's login manager.
 */
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withSessions } from '../../src/adapters/node/index.js'
import { createLoginManager } from '../../src/auth/index.js'
import { FlaskTuple, FlaskUUID, Markup, PythonFloat } from '../../src/codec/flask/index.js'
import { createSessionManager, type Session } from '../../src/index.js'
import { listen } from '../helpers/listen.js'
import { send } from '../helpers/http.js'
import { newSecret } from '../helpers/secrets.js'
import { flaskAvailable, startFlaskApp, type FlaskApp } from './flask-app.js'

const UA = 'Mozilla/5.0 (X11; Linux x86_64) tessera-interop'
const available = flaskAvailable()

/** How a tessera value looks, type by type, for comparison with Flask's `describe`. */
function typeOf(value: unknown): unknown {
  if (value instanceof FlaskTuple) return { tuple: value.items.map(typeOf) }
  if (value instanceof Markup) return { markup: value.html }
  if (value instanceof FlaskUUID) return { uuid: value.hex }
  if (value instanceof PythonFloat) return { float: value.value }
  if (value instanceof Date) return { datetime: value.toISOString().replace('.000', '') }
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') }
  if (typeof value === 'bigint') return { int: value.toString() }
  if (Array.isArray(value)) return value.map(typeOf)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOf(v)]))
  }
  return value
}

describe.skipIf(!available)('a tessera app and a Flask app share one session', () => {
  const secret = newSecret()
  let flask: FlaskApp
  let tessera: { url: string; close(): Promise<void> }
  const users = new Map([
    ['42', { id: '42', name: 'flask-user' }],
    ['7', { id: '7', name: 'tessera-user' }],
  ])

  beforeAll(async () => {
    flask = await startFlaskApp({ secret, cookieName: 'session' })
    const sessions = createSessionManager({ secret, format: 'flask' })
    const auth = createLoginManager({ sessions, loadUser: (id: string) => users.get(id) })
    const routes: Record<string, (s: Session, body: string) => unknown> = {
      '/dump': (s) => Object.fromEntries(s.keys().map((k) => [k, typeOf(s.get(k))])),
      '/set-native': (s) => {
        s.set('tuple', new FlaskTuple([1, 'two', new PythonFloat(3.5)]))
        s.set('bytes', Uint8Array.from([0, 255, 98]))
        s.set('markup', new Markup('<b>hi</b>'))
        s.set('uuid', new FlaskUUID('0123456789abcdef0123456789abcdef'))
        s.set('when', new Date(Date.UTC(2024, 1, 29, 12, 34, 56)))
        s.set('big', 2n ** 64n)
        s.set('float', new PythonFloat(1))
        s.set('nested', { list: [1, [2, { x: null }]], ok: true })
        return 'ok'
      },
      '/add': (s) => {
        s.set('from_tessera', 'hello')
        return 'ok'
      },
      '/flash': (s) => {
        s.flash('From tessera', 'success')
        return 'ok'
      },
      '/flashes': (s) => s.flashes(),
      '/permanent': (s) => {
        s.permanent = true
        return 'ok'
      },
      '/is-permanent': (s) => s.permanent,
    }
    tessera = await listen(
      createServer(
        withSessions(sessions, async (req, res) => {
          const path = new URL(req.url ?? '/', 'http://x').pathname
          let out: unknown
          if (path === '/whoami') out = (await auth.currentUser(req.session))?.id ?? null
          else if (path === '/login') {
            await auth.login(req.session, users.get('7')!)
            out = 'ok'
          } else out = routes[path]?.(req.session, '')
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify(out ?? null))
        }),
      ),
    )
  })
  afterAll(async () => {
    await tessera?.close()
    await flask?.stop()
  })

  async function viaTessera(path: string, cookie: string | undefined) {
    const reply = await send(tessera.url + path, {
      headers: { 'user-agent': UA, ...(cookie ? { cookie: `session=${cookie}` } : {}) },
    })
    const set = reply.setCookies.find((c) => c.startsWith('session='))
    return {
      body: JSON.parse(reply.body) as unknown,
      cookie: set === undefined ? cookie : set.split(';')[0]!.slice('session='.length),
    }
  }

  it('reads every Flask value type and keeps them when it writes the session back', async () => {
    const fromFlask = await flask.request('/native', {
      method: 'POST',
      headers: { 'user-agent': UA },
    })
    const seen = await viaTessera('/dump', fromFlask.cookie)
    expect(seen.body).toMatchObject({
      tuple: { tuple: [1, 'two', 3.5] },
      bytes: { bytes: '00ff62696e' },
      markup: { markup: '<b>hi</b> &amp; co' },
      uuid: { uuid: '0123456789abcdef0123456789abcdef' },
      datetime: { datetime: '2024-02-29T12:34:56Z' },
      float: { float: 1 },
      big: { int: '18446744073709551616' },
    })
    const written = await viaTessera('/add', fromFlask.cookie)
    expect(written.cookie).not.toBe(fromFlask.cookie)
    const back = await flask.request('/session', { cookie: written.cookie })
    const types = (back.body as { types: { items: Record<string, unknown> } }).types.items
    expect(types.from_tessera).toBe('hello')
    expect(types.tuple).toEqual({
      $py: 'tuple',
      items: [{ $py: 'int', value: '1' }, 'two', { $py: 'float', repr: '3.5' }],
    })
    expect(types.bytes).toEqual({ $py: 'bytes', hex: '00ff62696e' })
    expect(types.markup).toEqual({ $py: 'markup', value: '<b>hi</b> &amp; co' })
    expect(types.uuid).toEqual({ $py: 'uuid', hex: '0123456789abcdef0123456789abcdef' })
    expect(types.float).toEqual({ $py: 'float', repr: '1.0' })
    expect(types.big).toEqual({ $py: 'int', value: '18446744073709551616' })
  })

  it('writes values of every type that Flask reads with their Python types', async () => {
    const written = await viaTessera('/set-native', undefined)
    const back = await flask.request('/session', { cookie: written.cookie })
    const types = (back.body as { types: { items: Record<string, unknown> } }).types.items
    expect(types.tuple).toEqual({
      $py: 'tuple',
      items: [{ $py: 'int', value: '1' }, 'two', { $py: 'float', repr: '3.5' }],
    })
    expect(types.bytes).toEqual({ $py: 'bytes', hex: '00ff62' })
    expect(types.markup).toEqual({ $py: 'markup', value: '<b>hi</b>' })
    expect(types.uuid).toEqual({ $py: 'uuid', hex: '0123456789abcdef0123456789abcdef' })
    expect(types.when).toEqual({ $py: 'datetime', utc: '2024-02-29T12:34:56Z' })
    expect(types.big).toEqual({ $py: 'int', value: '18446744073709551616' })
    expect(types.float).toEqual({ $py: 'float', repr: '1.0' })
  })

  it('shares flash messages both ways', async () => {
    const flashed = await flask.request('/flash', {
      body: { message: 'From Flask', category: 'info' },
    })
    const read = await viaTessera('/flashes', flashed.cookie)
    expect(read.body).toEqual([{ category: 'info', message: 'From Flask' }])
    const ours = await viaTessera('/flash', read.cookie)
    const got = await flask.request('/flashes?with_categories=1', { cookie: ours.cookie })
    expect(got.body).toEqual([{ $py: 'tuple', items: ['success', 'From tessera'] }])
  })

  it('shares the permanent flag both ways', async () => {
    const ours = await viaTessera('/permanent', undefined)
    const flaskView = await flask.request('/session', { cookie: ours.cookie })
    expect((flaskView.body as { permanent: boolean }).permanent).toBe(true)
    const theirs = await flask.request('/permanent', { body: { permanent: true } })
    expect((await viaTessera('/is-permanent', theirs.cookie)).body).toBe(true)
  })

  it('signs in through Flask-Login keys in both directions', async () => {
    const flaskLogin = await flask.request('/login', {
      body: { user_id: 42 },
      headers: { 'user-agent': UA },
    })
    expect((await viaTessera('/whoami', flaskLogin.cookie)).body).toBe('42')
    const ours = await viaTessera('/login', undefined)
    const whoami = await flask.request('/whoami', {
      cookie: ours.cookie,
      headers: { 'user-agent': UA },
    })
    expect(whoami.body).toEqual({
      user_id: '7',
      authenticated: true,
      fresh: true,
      identifier_ok: true,
    })
  })

  it('refuses a Flask cookie signed with another secret', async () => {
    const other = await startFlaskApp({ secret: newSecret() })
    try {
      const foreign = await other.request('/native', { method: 'POST' })
      expect((await viaTessera('/dump', foreign.cookie)).body).toEqual({})
    } finally {
      await other.stop()
    }
  })
})
