import { serve } from '@hono/node-server'
import { sign, unsign } from 'cookie-signature'
import express, { type RequestHandler } from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { Redis } from 'ioredis'
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { createClient } from 'redis'
import { afterAll, describe, expect, it } from 'vitest'
import { sessionOf, sessions } from '../../src/adapters/node/index.js'
import { tesseraSessions } from '../../src/adapters/fastify/index.js'
import { sessions as honoSessions } from '../../src/adapters/hono/index.js'
import { createLoginManager } from '../../src/auth/login-manager.js'
import type { SessionOptions } from '../../src/core/options.js'
import { createSessionManager, type SessionManager } from '../../src/core/session-manager.js'
import type { Session } from '../../src/core/session.js'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { redisStore } from '../../src/stores/redis/index.js'
import {
  connectPgSimpleSource,
  connectRedisSource,
  mapPassport,
  withExpressSessionMigration,
  type ExpressSessionMigrationOptions,
} from '../../src/migrate/express-session/index.js'
import { Browser, send } from '../helpers/http.js'
import { listen } from '../helpers/listen.js'
import { SECRET_A, SECRET_B } from '../helpers/secrets.js'
import { startPostgres, startRedis } from '../helpers/services.js'

// The old app's libraries are loaded untyped: @types/express-session augments Express's Request
// for the whole program, which would retype `req.session` in every other test file.
type Store = object
type ExpressSession = (options: {
  store: Store
  secret: string | string[]
  resave: boolean
  saveUninitialized: boolean
  cookie: { maxAge: number }
}) => RequestHandler
type PgStoreClass = new (options: {
  pool: pg.Pool
  tableName: string
  createTableIfMissing: boolean
}) => Store
const untyped = (name: string): Promise<unknown> => import(name)
const session = ((await untyped('express-session')) as { default: ExpressSession }).default
const { RedisStore } = (await untyped('connect-redis')) as {
  RedisStore: new (options: { client: unknown; prefix?: string }) => Store
}
const connectPgSimple = (
  (await untyped('connect-pg-simple')) as { default: (s: ExpressSession) => PgStoreClass }
).default

const OLD_SECRET = 'keyboard cat, the express-session secret'
const ROTATED_SECRET = 'the new express-session secret'
const DAY = 86_400_000
const users = new Map([['42', { id: '42', name: 'Ada' }]])

type Closable = { url: string; close(): Promise<void> }
const open: Closable[] = []
afterAll(async () => {
  for (const server of open.splice(0)) await server.close()
})

async function serveNode(server: Server): Promise<Closable> {
  const served = await listen(server)
  open.push(served)
  return served
}

const query = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The app being moved away from: Express 5, express-session, a real store. */
async function oldApp(store: Store, secret: string | string[]): Promise<Closable> {
  const app = express()
  app.use(
    session({ store, secret, resave: false, saveUninitialized: false, cookie: { maxAge: DAY } }),
  )
  app.get('/set', (req, res) => {
    ;(req.session as unknown as Record<string, unknown>).name = query(req.query.name)
    res.send('ok')
  })
  // What Passport's req.login leaves in the session: { passport: { user: serializeUser(user) } }.
  app.get('/passport-login', (req, res) => {
    ;(req.session as unknown as Record<string, unknown>).passport = { user: query(req.query.id) }
    ;(req.session as unknown as Record<string, unknown>).theme = 'dark'
    res.send('ok')
  })
  return serveNode(createServer(app))
}

/** What a tessera route reports of its session and sign-in. */
async function describeSession(
  session: Session,
  auth: ReturnType<typeof createLoginManager<{ id: string; name: string }>>,
) {
  const user = await auth.currentUser(session)
  return {
    user: user?.name ?? null,
    fresh: auth.isFresh(session),
    name: session.get('name') ?? null,
    theme: session.get('theme') ?? null,
    permanent: session.permanent,
  }
}

function loginManagerFor(manager: SessionManager) {
  return createLoginManager({
    sessions: manager,
    loadUser: (id: string) => users.get(id),
    userId: (u: { id: string }) => u.id,
  })
}

/** The new app on tessera's Express adapter, with the migration on. */
async function tesseraExpress(
  migration: ExpressSessionMigrationOptions,
  sessionOptions: Partial<SessionOptions> = {},
): Promise<Closable> {
  const manager = createSessionManager({ secret: SECRET_A, ...sessionOptions })
  const auth = loginManagerFor(manager)
  const app = express()
  app.use(sessions(withExpressSessionMigration(manager, migration)))
  app.get('/me', async (req, res) => {
    res.json(await describeSession(sessionOf(req), auth))
  })
  return serveNode(createServer(app))
}

/** The new app on tessera's Hono adapter, with the migration on. */
async function tesseraHono(migration: ExpressSessionMigrationOptions): Promise<Closable> {
  const manager = createSessionManager({ secret: SECRET_B })
  const auth = loginManagerFor(manager)
  const app = new Hono()
  app.use(honoSessions(withExpressSessionMigration(manager, migration)))
  app.get('/me', async (c) => c.json(await describeSession(c.get('session'), auth)))
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  const served = {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  open.push(served)
  return served
}

/** The same browser, now talking to another origin port (cookies are not port-bound). */
function moveJar(from: Browser, base: string): Browser {
  const next = new Browser(base)
  for (const [name, value] of from.cookies) next.cookies.set(name, value)
  return next
}

/** The session ID inside a browser's connect.sid cookie. */
function sidOf(browser: Browser, secret = OLD_SECRET): string {
  const raw = decodeURIComponent(browser.cookies.get('connect.sid') ?? '')
  const sid = unsign(raw.slice(2), secret)
  if (sid === false) throw new Error('no valid connect.sid in the jar')
  return sid
}

const expiresOld = (line: string) =>
  line.startsWith('connect.sid=;') && /Max-Age=0/.test(line) && /Path=\//.test(line)

const ANONYMOUS = { user: null, fresh: false, name: null, theme: null, permanent: false }

const redisService = await startRedis()
const pgService = await startPostgres()

describe.skipIf(redisService === undefined)('from express-session with connect-redis', () => {
  const url = redisService?.url ?? ''
  const nodeRedis = createClient({ url, disableOfflineQueue: true })
  nodeRedis.on('error', () => undefined)
  const ioredis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false })
  ioredis.on('error', () => undefined)
  const ready = Promise.all([nodeRedis.connect(), ioredis.connect()])
  afterAll(async () => {
    await nodeRedis.quit()
    ioredis.disconnect()
    await redisService?.stop()
  })

  const legacy = async (secret: string | string[] = OLD_SECRET, prefix?: string) => {
    await ready
    return oldApp(new RedisStore({ client: nodeRedis, ...(prefix ? { prefix } : {}) }), secret)
  }

  it('moves a plain value through the Express adapter and retires the old session', async () => {
    const old = await legacy()
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
    })
    const before = new Browser(old.url)
    await before.fetch('/set?name=alice')
    const sid = sidOf(before)
    expect(await ioredis.get(`sess:${sid}`)).not.toBeNull()
    const oldCookie = before.cookies.get('connect.sid') ?? ''

    const browser = moveJar(before, tessera.url)
    const first = await browser.fetch('/me')
    expect(first.status).toBe(200)
    expect(JSON.parse(first.body)).toMatchObject({ name: 'alice', user: null, permanent: true })
    expect(first.setCookies.some(expiresOld)).toBe(true)
    expect(first.setCookies.some((c) => c.startsWith('session='))).toBe(true)
    expect(await ioredis.get(`sess:${sid}`)).toBeNull()
    expect(browser.cookies.has('connect.sid')).toBe(false)

    // The new cookie alone carries the session now.
    const again = await browser.fetch('/me')
    expect(JSON.parse(again.body)).toMatchObject({ name: 'alice' })

    // A replay of the old cookie finds nothing.
    const replay = await send(`${tessera.url}/me`, {
      headers: { cookie: `connect.sid=${oldCookie}` },
    })
    expect(replay.status).toBe(200)
    expect(JSON.parse(replay.body)).toEqual(ANONYMOUS)
    expect(replay.setCookies).toEqual([])
  })

  it('signs a Passport user in, not fresh, with mapPassport', async () => {
    const old = await legacy()
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(nodeRedis),
      map: mapPassport,
    })
    const before = new Browser(old.url)
    await before.fetch('/passport-login?id=42')
    const sid = sidOf(before)
    const browser = moveJar(before, tessera.url)
    const reply = await browser.fetch('/me')
    expect(JSON.parse(reply.body)).toEqual({
      user: 'Ada',
      fresh: false,
      name: null,
      theme: 'dark',
      permanent: true,
    })
    expect(await nodeRedis.get(`sess:${sid}`)).toBeNull()
    expect(JSON.parse((await browser.fetch('/me')).body)).toMatchObject({ user: 'Ada' })
  })

  it('carries the credential version a login manager with credentialVersion requires', async () => {
    const old = await legacy()
    const manager = createSessionManager({ secret: SECRET_A })
    const auth = createLoginManager({
      sessions: manager,
      loadUser: (id: string) => users.get(id),
      userId: (u: { id: string }) => u.id,
      credentialVersion: () => 7,
    })
    const app = express()
    const withVersion = withExpressSessionMigration(manager, {
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
      map: mapPassport,
      credentialVersion: (id) => (users.has(id) ? 7 : undefined),
    })
    const withoutVersion = withExpressSessionMigration(manager, {
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
      map: mapPassport,
    })
    app.use('/with', sessions(withVersion))
    app.use('/without', sessions(withoutVersion))
    app.get(['/with/me', '/without/me'], async (req, res) => {
      res.json(await describeSession(sessionOf(req), auth))
    })
    const tessera = await serveNode(createServer(app))
    for (const [path, user] of [
      ['/with/me', 'Ada'],
      ['/without/me', null],
    ] as const) {
      const before = new Browser(old.url)
      await before.fetch('/passport-login?id=42')
      const reply = await moveJar(before, tessera.url).fetch(path)
      expect(JSON.parse(reply.body), path).toMatchObject({ user })
    }
  })

  it('accepts a cookie signed with the old secret, second in the list (rotation)', async () => {
    const old = await legacy(OLD_SECRET, 'myapp:')
    const tessera = await tesseraExpress({
      secret: [ROTATED_SECRET, OLD_SECRET],
      source: connectRedisSource(ioredis, { prefix: 'myapp:' }),
    })
    const before = new Browser(old.url)
    await before.fetch('/set?name=rotated')
    const sid = sidOf(before)
    const reply = await moveJar(before, tessera.url).fetch('/me')
    expect(JSON.parse(reply.body)).toMatchObject({ name: 'rotated' })
    expect(await ioredis.get(`myapp:${sid}`)).toBeNull()
  })

  it('ignores a cookie whose signature was tampered with, and keeps its record', async () => {
    const old = await legacy()
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
    })
    const before = new Browser(old.url)
    await before.fetch('/set?name=alice')
    const sid = sidOf(before)
    const raw = decodeURIComponent(before.cookies.get('connect.sid') ?? '')
    const last = raw.at(-1) === 'A' ? 'B' : 'A'
    const tampered = encodeURIComponent(raw.slice(0, -1) + last)
    const reply = await send(`${tessera.url}/me`, {
      headers: { cookie: `connect.sid=${tampered}` },
    })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual(ANONYMOUS)
    expect(reply.setCookies).toEqual([])
    expect(await ioredis.get(`sess:${sid}`)).not.toBeNull()
  })

  it('ignores a cookie signed with another secret', async () => {
    const old = await legacy('some other secret')
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
    })
    const before = new Browser(old.url)
    await before.fetch('/set?name=alice')
    const reply = await moveJar(before, tessera.url).fetch('/me')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual(ANONYMOUS)
    expect(reply.setCookies.some(expiresOld)).toBe(false)
  })

  it('does not move an expired record', async () => {
    const old = await legacy()
    // The new app's clock is two days ahead: the old cookie (one day) has expired.
    const tessera = await tesseraExpress(
      { secret: OLD_SECRET, source: connectRedisSource(ioredis) },
      { now: () => Date.now() + 2 * DAY },
    )
    const before = new Browser(old.url)
    await before.fetch('/set?name=alice')
    const reply = await moveJar(before, tessera.url).fetch('/me')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual(ANONYMOUS)
    expect(reply.setCookies).toEqual([])
  })

  it('ignores a validly signed cookie whose record is missing', async () => {
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
    })
    const forged = encodeURIComponent(
      `s:${sign(randomBytes(24).toString('base64url'), OLD_SECRET)}`,
    )
    const reply = await send(`${tessera.url}/me`, { headers: { cookie: `connect.sid=${forged}` } })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual(ANONYMOUS)
  })

  it('ignores malformed cookie values', async () => {
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
    })
    const id = 'abc'
    const values = [
      'plain',
      's%3A',
      's%3A.',
      `s%3A${id}`,
      `s%3A${id}.`,
      `s%3A.${sign(id, OLD_SECRET).split('.')[1] ?? ''}`,
      '%E0%A4%A',
      's%3A%ZZ.abc',
      'j%3A%7B%7D',
      `s%3A${'x'.repeat(5000)}.sig`,
      encodeURIComponent(`s:${sign(id, OLD_SECRET)}`).replace('s%3A', 'S%3A'),
      '"s%3Aabc.def"',
    ]
    for (const value of values) {
      const reply = await send(`${tessera.url}/me`, { headers: { cookie: `connect.sid=${value}` } })
      expect(reply.status, value).toBe(200)
      expect(JSON.parse(reply.body), value).toEqual(ANONYMOUS)
    }
  })

  it('ignores connect.sid when the request has a valid tessera session', async () => {
    const old = await legacy()
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
    })
    const first = new Browser(old.url)
    await first.fetch('/set?name=alice')
    const browser = moveJar(first, tessera.url)
    await browser.fetch('/me')
    // The same browser signs in to the old app again, as someone else.
    const oldAgain = moveJar(browser, old.url)
    await oldAgain.fetch('/set?name=mallory')
    const sid = sidOf(oldAgain)
    const both = moveJar(oldAgain, tessera.url)
    expect(both.cookies.has('session')).toBe(true)
    const reply = await both.fetch('/me')
    expect(JSON.parse(reply.body)).toMatchObject({ name: 'alice' })
    expect(reply.setCookies.some(expiresOld)).toBe(false)
    expect(await ioredis.get(`sess:${sid}`)).not.toBeNull()
  })

  it('moves into server-side tessera sessions, and the old record is deleted after the save', async () => {
    const old = await legacy()
    const store = redisStore(ioredis, { prefix: `t${randomBytes(3).toString('hex')}:` })
    const tessera = await tesseraExpress(
      { secret: OLD_SECRET, source: connectRedisSource(ioredis), map: mapPassport },
      { store },
    )
    const before = new Browser(old.url)
    await before.fetch('/passport-login?id=42')
    const sid = sidOf(before)
    const browser = moveJar(before, tessera.url)
    const reply = await browser.fetch('/me')
    expect(JSON.parse(reply.body)).toMatchObject({ user: 'Ada', theme: 'dark' })
    expect(await ioredis.get(`sess:${sid}`)).toBeNull()
    expect(await store.listByUser('42')).toHaveLength(1)
    expect(JSON.parse((await browser.fetch('/me')).body)).toMatchObject({ user: 'Ada' })
  })

  it('keeps the old record and cookie when the new session cannot be saved', async () => {
    const old = await legacy()
    const store = memoryStore()
    const failing = {
      ...store,
      create: () => Promise.reject(new StoreUnavailableError()),
    }
    const tessera = await tesseraExpress(
      { secret: OLD_SECRET, source: connectRedisSource(ioredis) },
      { store: failing },
    )
    const before = new Browser(old.url)
    await before.fetch('/set?name=alice')
    const sid = sidOf(before)
    const browser = moveJar(before, tessera.url)
    const reply = await browser.fetch('/me')
    expect(reply.status).toBe(503)
    expect(reply.setCookies).toEqual([])
    expect(await ioredis.get(`sess:${sid}`)).not.toBeNull()
    expect(browser.cookies.has('connect.sid')).toBe(true)
  })

  it('copies without retiring the old session with keepOldSession (route-by-route move)', async () => {
    const old = await legacy()
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
      keepOldSession: true,
    })
    const before = new Browser(old.url)
    await before.fetch('/set?name=alice')
    const sid = sidOf(before)
    const browser = moveJar(before, tessera.url)
    const reply = await browser.fetch('/me')
    expect(JSON.parse(reply.body)).toMatchObject({ name: 'alice' })
    expect(reply.setCookies.some(expiresOld)).toBe(false)
    expect(browser.cookies.has('connect.sid')).toBe(true)
    expect(browser.cookies.has('session')).toBe(true)
    expect(await ioredis.get(`sess:${sid}`)).not.toBeNull()
    // The old app still knows the user; the tessera session now wins on the new side.
    const back = moveJar(browser, old.url)
    await back.fetch('/set?name=changed-on-the-old-side')
    expect(sidOf(back)).toBe(sid)
    const later = await moveJar(back, tessera.url).fetch('/me')
    expect(JSON.parse(later.body)).toMatchObject({ name: 'alice' })
  })

  it('keeps an old session too large for a sealed cookie, and answers without it', async () => {
    await ready
    const errors: unknown[] = []
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(ioredis),
      onError: (e) => errors.push(e),
    })
    const sid = randomBytes(24).toString('base64url')
    const expires = new Date(Date.now() + DAY).toISOString()
    await ioredis.set(
      `sess:${sid}`,
      JSON.stringify({ cookie: { expires, path: '/' }, name: randomBytes(3000).toString('hex') }),
    )
    const cookie = `connect.sid=${encodeURIComponent(`s:${sign(sid, OLD_SECRET)}`)}`
    const reply = await send(`${tessera.url}/me`, { headers: { cookie } })
    expect(reply.status).toBe(200)
    expect(reply.setCookies).toEqual([])
    expect(errors).toHaveLength(1)
    expect(await ioredis.get(`sess:${sid}`)).not.toBeNull()
  })

  it('answers 503 when the old store is down, and goes on anonymous with onSourceError: ignore', async () => {
    await ready
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    })
    dead.on('error', () => undefined)
    const errors: unknown[] = []
    const strict = await tesseraExpress({ secret: OLD_SECRET, source: connectRedisSource(dead) })
    const lenient = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectRedisSource(dead),
      onSourceError: 'ignore',
      onError: (e) => errors.push(e),
    })
    const cookie = `connect.sid=${encodeURIComponent(`s:${sign('some-id', OLD_SECRET)}`)}`
    const down = await send(`${strict.url}/me`, { headers: { cookie } })
    expect(down.status).toBe(503)
    expect(down.headers['retry-after']).toBeDefined()
    expect(down.setCookies).toEqual([])
    const ignored = await send(`${lenient.url}/me`, { headers: { cookie } })
    expect(ignored.status).toBe(200)
    expect(JSON.parse(ignored.body)).toEqual(ANONYMOUS)
    expect(ignored.setCookies).toEqual([])
    expect(errors).toHaveLength(1)
    dead.disconnect()
  })
})

describe.skipIf(pgService === undefined)('from express-session with connect-pg-simple', () => {
  const pool = new pg.Pool({ connectionString: pgService?.url ?? '', max: 4 })
  afterAll(async () => {
    await pool.end()
    await pgService?.stop()
  })
  const PgStore = connectPgSimple(session)
  const table = `legacy_${randomBytes(4).toString('hex')}`
  const rowOf = async (sid: string) =>
    (await pool.query(`SELECT sid FROM "${table}" WHERE sid = $1`, [sid])).rowCount

  const legacy = () =>
    oldApp(new PgStore({ pool, tableName: table, createTableIfMissing: true }), OLD_SECRET)

  it('moves a Passport sign-in and a plain value through the Hono adapter', async () => {
    const old = await legacy()
    const tessera = await tesseraHono({
      secret: OLD_SECRET,
      source: connectPgSimpleSource(pool, { tableName: table }),
      map: mapPassport,
    })
    const before = new Browser(old.url)
    await before.fetch('/set?name=grace')
    await before.fetch('/passport-login?id=42')
    const sid = sidOf(before)
    expect(await rowOf(sid)).toBe(1)
    const oldCookie = before.cookies.get('connect.sid') ?? ''

    const browser = moveJar(before, tessera.url)
    const reply = await browser.fetch('/me')
    expect(JSON.parse(reply.body)).toEqual({
      user: 'Ada',
      fresh: false,
      name: 'grace',
      theme: 'dark',
      permanent: true,
    })
    expect(reply.setCookies.some(expiresOld)).toBe(true)
    expect(await rowOf(sid)).toBe(0)
    expect(JSON.parse((await browser.fetch('/me')).body)).toMatchObject({ user: 'Ada' })

    const replay = await send(`${tessera.url}/me`, {
      headers: { cookie: `connect.sid=${oldCookie}` },
    })
    expect(JSON.parse(replay.body)).toEqual(ANONYMOUS)
  })

  it('moves a session through the Fastify adapter', async () => {
    const old = await legacy()
    const manager = createSessionManager({ secret: SECRET_A })
    const auth = loginManagerFor(manager)
    const fastify = Fastify()
    await fastify.register(tesseraSessions, {
      manager: withExpressSessionMigration(manager, {
        secret: OLD_SECRET,
        source: connectPgSimpleSource(pool, { tableName: table }),
        map: mapPassport,
      }),
    })
    fastify.get('/me', (request) => describeSession(request.session, auth))
    try {
      const before = new Browser(old.url)
      await before.fetch('/passport-login?id=42')
      const sid = sidOf(before)
      const reply = await fastify.inject({
        url: '/me',
        headers: { cookie: before.cookieHeader() ?? '' },
      })
      expect(reply.json()).toMatchObject({ user: 'Ada', fresh: false, theme: 'dark' })
      const setCookies = ([] as string[]).concat(reply.headers['set-cookie'] ?? [])
      expect(setCookies.some(expiresOld)).toBe(true)
      expect(setCookies.some((c) => c.startsWith('session='))).toBe(true)
      expect(await rowOf(sid)).toBe(0)
    } finally {
      await fastify.close()
    }
  })

  it('does not move a row whose expire has passed', async () => {
    const old = await legacy()
    const before = new Browser(old.url)
    await before.fetch('/set?name=late')
    const sid = sidOf(before)
    await pool.query(`UPDATE "${table}" SET expire = now() - interval '1 minute' WHERE sid = $1`, [
      sid,
    ])
    const tessera = await tesseraHono({
      secret: OLD_SECRET,
      source: connectPgSimpleSource(pool, { tableName: table }),
    })
    const reply = await moveJar(before, tessera.url).fetch('/me')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual(ANONYMOUS)
    expect(await rowOf(sid)).toBe(1)
  })

  it('ignores a cookie whose record is missing from the table', async () => {
    const tessera = await tesseraExpress({
      secret: OLD_SECRET,
      source: connectPgSimpleSource(pool, { tableName: table }),
    })
    const forged = encodeURIComponent(`s:${sign('no-such-session', OLD_SECRET)}`)
    const reply = await send(`${tessera.url}/me`, { headers: { cookie: `connect.sid=${forged}` } })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual(ANONYMOUS)
  })
})

describe('withExpressSessionMigration options', () => {
  const manager = createSessionManager({ secret: SECRET_A })
  const source = connectPgSimpleSource({ query: () => Promise.resolve({ rows: [] }) })

  it('refuses a missing or empty secret', () => {
    expect(() =>
      withExpressSessionMigration(manager, { source } as unknown as ExpressSessionMigrationOptions),
    ).toThrow(ConfigError)
    expect(() => withExpressSessionMigration(manager, { secret: [], source })).toThrow(/secret/)
    expect(() => withExpressSessionMigration(manager, { secret: [''], source })).toThrow(/secret/)
  })

  it('refuses a missing source and names express-session options it does not take', () => {
    expect(() =>
      withExpressSessionMigration(manager, {
        secret: 's',
      } as unknown as ExpressSessionMigrationOptions),
    ).toThrow(/source must be/)
    expect(() =>
      withExpressSessionMigration(manager, {
        secret: 's',
        source,
        store: {},
      } as unknown as ExpressSessionMigrationOptions),
    ).toThrow(/no option "store".*connectRedisSource/)
    expect(() =>
      withExpressSessionMigration(manager, {
        secret: 's',
        source,
        onSourceError: 'retry',
      } as unknown as ExpressSessionMigrationOptions),
    ).toThrow(/onSourceError must be/)
  })

  it('refuses a cookie name whose prefix its path contradicts', () => {
    expect(() =>
      withExpressSessionMigration(manager, {
        secret: 's',
        source,
        name: '__Host-sid',
        cookie: { path: '/app' },
      }),
    ).toThrow(ConfigError)
  })

  it('refuses bad source options', () => {
    expect(() =>
      connectRedisSource({ call: () => Promise.resolve(null) }, {
        prefx: 'x',
      } as unknown as Parameters<typeof connectRedisSource>[1]),
    ).toThrow(/Did you mean "prefix"/)
    expect(() =>
      connectPgSimpleSource({ query: () => Promise.resolve({ rows: [] }) }, { tableName: '' }),
    ).toThrow(/tableName/)
  })
})
