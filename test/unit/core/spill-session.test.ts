import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ConfigError,
  CookieTooLargeError,
  createSessionManager,
  StoreUnavailableError,
} from '../../../src/index.js'
import type { SessionEvent } from '../../../src/index.js'
import { sessions } from '../../../src/adapters/hono/index.js'
import { createLoginManager } from '../../../src/auth/login-manager.js'
import { writeReserved } from '../../../src/core/session-state.js'
import { stateOf, type Session } from '../../../src/core/session.js'
import {
  memoryRevocations,
  memoryStore,
  type MemoryStore,
} from '../../../src/stores/memory/index.js'
import { sqliteStore } from '../../../src/stores/sqlite/index.js'
import type { SessionRecord, SessionStore } from '../../../src/stores/store.js'
import { DAY, fakeClock, MINUTE } from '../../helpers/clock.js'
import { cookieJar, request, type Jar } from '../../helpers/jar.js'
import { Browser } from '../../helpers/http.js'
import { SECRET_A } from '../../helpers/secrets.js'

/** Incompressible text (random base64), so the seal cannot deflate it below one cookie. */
const blob = (bytes: number): string => randomBytes(bytes).toString('base64')

const names = (jar: Jar): string[] => [...jar.cookies.keys()].sort()

/** A store whose every method answers with a promise, as Redis and PostgreSQL do. */
function asyncStore(inner: MemoryStore): SessionStore {
  return {
    name: 'async-memory',
    get: async (key) => inner.get(key),
    create: async (key, record) => inner.create(key, record),
    update: async (key, patch, expiresAt) => inner.update(key, patch, expiresAt),
    touch: async (key, expiresAt, lastSeenAt) => inner.touch(key, expiresAt, lastSeenAt),
    destroy: async (key) => inner.destroy(key),
    listByUser: async (userId) => inner.listByUser(userId),
    destroyByUser: async (userId, except) => inner.destroyByUser(userId, except),
    purgeExpired: async () => inner.purgeExpired(),
    close: async () => inner.close(),
  }
}

const opened: Database.Database[] = []
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

describe('spill-over: the option', () => {
  it('keeps the size error by default, and its message names both options', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    const attempt = request(manager, cookieJar(), (h) => h.session.set('notes', blob(4000)))
    await expect(attempt).rejects.toBeInstanceOf(CookieTooLargeError)
    const again = request(manager, cookieJar(), (h) => h.session.set('notes', blob(4000)))
    await expect(again).rejects.toThrow(/cookie\.maxChunks.*cookie\.spill/s)
    const chunked = createSessionManager({ secret: SECRET_A, cookie: { maxChunks: 2 } })
    const past = request(chunked, cookieJar(), (h) => h.session.set('notes', blob(9000)))
    await expect(past).rejects.toThrow(/cookie\.spill/)
  })

  it('refuses cookie.spill with a store, with the Flask format, or when it is no store, at start-up', () => {
    const spill = memoryStore()
    expect(() =>
      createSessionManager({ secret: SECRET_A, store: memoryStore(), cookie: { spill } }),
    ).toThrow(/cookie\.spill/)
    expect(() =>
      createSessionManager({ secret: 'a'.repeat(32), format: 'flask', cookie: { spill } }),
    ).toThrow(ConfigError)
    expect(() =>
      createSessionManager({
        secret: SECRET_A,
        cookie: { spill: {} as unknown as SessionStore },
      }),
    ).toThrow(/cookie\.spill/)
  })
})

/** A store under test, with a way to count its records and to move its clock past them all. */
interface Backend {
  readonly store: SessionStore
  count(): number
  expireAll(): void
}

function memoryBackend(wrap: (store: MemoryStore) => SessionStore = (s) => s): Backend {
  let offset = 0
  const inner = memoryStore({ now: () => Date.now() + offset })
  return {
    store: wrap(inner),
    count: () => inner.size,
    expireAll: () => {
      offset = 400 * 86_400_000
    },
  }
}

function sqliteBackend(): Backend {
  let offset = 0
  const db = new Database(':memory:')
  opened.push(db)
  return {
    store: sqliteStore(db, { now: () => Date.now() + offset }),
    // The store creates its table on first use.
    count: () =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'tessera_sessions'").get() === undefined
        ? 0
        : (db.prepare('SELECT count(*) AS n FROM tessera_sessions').get() as { n: number }).n,
    expireAll: () => {
      offset = 400 * 86_400_000
    },
  }
}

describe.each([
  ['memory', () => memoryBackend()],
  ['sqlite', sqliteBackend],
  ['asynchronous memory', () => memoryBackend(asyncStore)],
] as const)('spill-over to the %s store', (_name, makeStore) => {
  const setup = (extra: { maxChunks?: number } = {}) => {
    const backend: Backend = makeStore()
    const store = backend.store
    const events: SessionEvent[] = []
    const manager = createSessionManager({
      secret: SECRET_A,
      cookie: { spill: store, ...extra },
      hooks: { onEvent: (e) => events.push(e) },
    })
    const records = (): number => backend.count()
    return { backend, manager, events, records }
  }

  it('moves a session past 4 KB to the store, keeps one small cookie, and reads it back whole', async () => {
    const { manager, records } = setup()
    const jar = cookieJar()
    const notes = blob(6000)
    const { result } = await request(manager, jar, (h) => {
      writeReserved(stateOf(h.session), '_user_id', 'u1')
      h.session.set('notes', notes)
    })
    expect(names(jar)).toEqual(['session'])
    expect(jar.cookies.get('session')).toMatch(/^s\.v1\./)
    expect(Buffer.byteLength(result.cookies[0]!)).toBeLessThan(400)
    expect(records()).toBe(1)
    const { value } = await request(manager, jar, (h) => [h.session.get('notes'), h.session.isNew])
    expect(value).toEqual([notes, false])
  })

  it('moves the data back into the cookie and deletes the record when it fits again', async () => {
    const { manager, records } = setup()
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('notes', blob(6000)))
    await request(manager, jar, (h) => h.session.set('notes', 'short'))
    expect(jar.cookies.get('session')).toMatch(/^v1\./)
    expect(records()).toBe(0)
    const { value } = await request(manager, jar, (h) => h.session.get('notes'))
    expect(value).toBe('short')
  })

  it('keeps changes to a spilled session in its record, under the same cookie', async () => {
    const { manager, records } = setup()
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('notes', blob(6000)))
    const before = jar.cookies.get('session')
    const { result } = await request(manager, jar, (h) =>
      (h.session as Session<{ visits: number }>).increment('visits'),
    )
    expect(result.cookies).toHaveLength(1)
    expect(jar.cookies.get('session')).not.toBe(before)
    expect(records()).toBe(1)
    const { value } = await request(manager, jar, (h) => h.session.get('visits'))
    expect(value).toBe(1)
  })

  it('deletes the record and the cookie on destroy()', async () => {
    const { manager, records, events } = setup()
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('notes', blob(6000)))
    await request(manager, jar, (h) => h.session.destroy())
    expect(names(jar)).toEqual([])
    expect(records()).toBe(0)
    expect(events.some((e) => e.type === 'destroyed')).toBe(true)
  })

  it('does not let a copy of the cookie from before regenerate() read the data', async () => {
    const { manager, records, events } = setup()
    const jar = cookieJar()
    const notes = blob(6000)
    await request(manager, jar, (h) => h.session.set('notes', notes))
    const copy = cookieJar()
    copy.cookies.set('session', jar.cookies.get('session')!)
    await request(manager, jar, (h) => h.session.regenerate())
    expect(records()).toBe(1)
    const stolen = await request(manager, copy, (h) => [h.session.isNew, h.session.get('notes')])
    expect(stolen.value).toEqual([true, undefined])
    expect(events.at(-1)).toMatchObject({ type: 'refused', mode: 'cookie', reason: 'not-found' })
    const own = await request(manager, jar, (h) => h.session.get('notes'))
    expect(own.value).toBe(notes)
  })

  it('gives a new empty session with a refused event when the record is gone', async () => {
    const { manager, backend, events } = setup()
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('notes', blob(6000)))
    backend.expireAll()
    const { value } = await request(manager, jar, (h) => [h.session.isNew, h.session.keys()])
    expect(value).toEqual([true, []])
    expect(events.at(-1)).toMatchObject({ type: 'refused', reason: 'not-found' })
    expect(names(jar)).toEqual([])
  })

  it('refuses a spilled cookie whose mark was removed, and a sealed cookie given the mark', async () => {
    const { manager, events } = setup()
    const spilled = cookieJar()
    await request(manager, spilled, (h) => h.session.set('notes', blob(6000)))
    const plain = cookieJar()
    await request(manager, plain, (h) => h.session.set('notes', 'short'))
    for (const cookieHeader of [
      `session=${spilled.cookies.get('session')!.slice(2)}`,
      `session=s.${plain.cookies.get('session')!}`,
    ]) {
      const handle = manager.begin({ encrypted: false, host: 'localhost', cookieHeader })
      await handle.load()
      expect(handle.session.isNew).toBe(true)
      expect(handle.session.get('notes')).toBeUndefined()
      expect(events.at(-1)).toMatchObject({ type: 'refused', reason: 'tampered' })
    }
  })

  it('still opens an unspilled cookie lazily: load() does not open it', async () => {
    const { manager } = setup()
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('notes', 'short'))
    const handle = manager.begin({
      encrypted: false,
      host: 'localhost',
      cookieHeader: jar.header(),
    })
    expect(handle.load()).toBeUndefined()
    expect(stateOf(handle.session).loaded).toBe(false)
    expect(handle.session.get('notes')).toBe('short')
  })

  it('uses chunks first when maxChunks allows, and spills only past them', async () => {
    const { manager, records } = setup({ maxChunks: 2 })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('notes', blob(4500)))
    expect(names(jar)).toEqual(['session.0', 'session.1'])
    expect(records()).toBe(0)
    const notes = blob(9000)
    await request(manager, jar, (h) => h.session.set('notes', notes))
    expect(names(jar)).toEqual(['session'])
    expect(records()).toBe(1)
    const { value } = await request(manager, jar, (h) => h.session.get('notes'))
    expect(value).toBe(notes)
  })
})

describe('spill-over: what the store sees', () => {
  it('keeps the sign-in keys out of the record and writes the store only when the data changes or the deadline passes the record', async () => {
    const clock = fakeClock()
    const inner = memoryStore({ now: clock })
    const calls: string[] = []
    const created: SessionRecord[] = []
    const store: SessionStore = {
      ...inner,
      create: (key, record) => {
        calls.push('create')
        created.push(record)
        inner.create(key, record)
      },
      update: (key, patch, expiresAt) => {
        calls.push('update')
        inner.update(key, patch, expiresAt)
      },
      touch: (key, expiresAt, lastSeenAt) => {
        calls.push('touch')
        inner.touch(key, expiresAt, lastSeenAt)
      },
    }
    // A permanent session is re-sealed on every request (refreshEachRequest, the default).
    const manager = createSessionManager({ secret: SECRET_A, now: clock, cookie: { spill: store } })
    const jar = cookieJar()
    await request(manager, jar, (h) => {
      writeReserved(stateOf(h.session), '_user_id', 'u1')
      h.session.permanent = true
      h.session.set('notes', blob(6000))
    })
    expect(calls).toEqual(['create'])
    expect(created[0]!.userId).toBeNull()
    expect(Object.keys(created[0]!.data)).toEqual(['notes'])
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE)
      const { result } = await request(manager, jar, (h) => h.session.get('notes'))
      expect(result.cookies).toHaveLength(1)
    }
    expect(calls).toEqual(['create'])
    clock.advance(4 * DAY) // past a tenth of the 31-day window
    await request(manager, jar, (h) => h.session.get('notes'))
    expect(calls).toEqual(['create', 'touch'])
    await request(manager, jar, (h) => h.session.set('more', 1))
    expect(calls).toEqual(['create', 'touch', 'update'])
  })
})

describe('spill-over with the login manager', () => {
  it('keeps a spilled session signed in, and refuses it on load once its user is revoked (the record kept)', async () => {
    const clock = fakeClock()
    const spill = asyncStore(memoryStore({ now: clock }))
    const events: SessionEvent[] = []
    const sessions = createSessionManager({
      secret: SECRET_A,
      now: clock,
      cookie: { spill },
      hooks: { onEvent: (e) => events.push(e) },
    })
    const revocations = memoryRevocations({ now: clock })
    const auth = createLoginManager<{ id: string }>({
      sessions,
      loadUser: (id) => (id === '1' ? { id } : undefined),
      revocations: { ...revocations, isRevoked: async (...args) => revocations.isRevoked(...args) },
    })
    const jar = cookieJar()
    const notes = blob(6000)
    await request(sessions, jar, (h) => auth.login(h.session, { id: '1' }))
    await request(sessions, jar, (h) => h.session.set('notes', notes))
    expect(jar.cookies.get('session')).toMatch(/^s\.v1\./)
    const copy = cookieJar()
    copy.cookies.set('session', jar.cookies.get('session')!)
    const read = await request(sessions, copy, async (h) => [
      (await auth.currentUser(h.session))?.id,
      h.session.get('notes') === notes,
    ])
    expect(read.value).toEqual(['1', true])
    clock.advance(1000)
    await auth.revokeAllSessions('1')
    const after = await request(sessions, copy, (h) => [h.session.isNew, h.session.get('notes')])
    expect(after.value).toEqual([true, undefined])
    expect(events.some((e) => e.type === 'refused' && e.reason === 'revoked')).toBe(true)
  })
})

describe('spill-over when the store is down', () => {
  it('rejects load() with StoreUnavailableError', async () => {
    const inner = memoryStore()
    let down = false
    const store: SessionStore = {
      ...inner,
      name: 'flaky',
      get: (key) => {
        if (down) throw new StoreUnavailableError()
        return inner.get(key)
      },
    }
    const manager = createSessionManager({ secret: SECRET_A, cookie: { spill: store } })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('notes', blob(6000)))
    down = true
    const handle = manager.begin({
      encrypted: false,
      host: 'localhost',
      cookieHeader: jar.header(),
    })
    await expect(Promise.resolve().then(() => handle.load())).rejects.toBeInstanceOf(
      StoreUnavailableError,
    )
  })
})

describe('spill-over over HTTP (Hono on node:http)', () => {
  it('grows a session past 4 KB and back, with one cookie, and answers 503 when the store is down', async () => {
    const inner = memoryStore()
    let down = false
    const store: SessionStore = {
      ...inner,
      name: 'switchable',
      get: (key) => {
        if (down) throw new StoreUnavailableError()
        return inner.get(key)
      },
    }
    const notes = blob(6000)
    const app = new Hono()
    app.use(sessions({ secret: SECRET_A, cookie: { spill: store } }))
    app.get('/grow', (c) => {
      c.get('session').set('notes', notes)
      return c.text('grown')
    })
    app.get('/shrink', (c) => {
      c.get('session').set('notes', 'short')
      return c.text('shrunk')
    })
    app.get('/read', (c) => {
      const value = c.get('session').get('notes')
      return c.text(value === notes ? 'same' : String(value))
    })
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
    })
    const { port } = server.address() as AddressInfo
    try {
      const browser = new Browser(`http://127.0.0.1:${port}`)
      const grown = await browser.fetch('/grow')
      expect(grown.setCookies).toHaveLength(1)
      expect(grown.setCookies[0]).toMatch(/^session=s\.v1\./)
      expect(Buffer.byteLength(grown.setCookies[0]!)).toBeLessThan(4096)
      expect(inner.size).toBe(1)
      expect((await browser.fetch('/read')).body).toBe('same')
      down = true
      const unavailable = await browser.fetch('/read')
      expect(unavailable.status).toBe(503)
      expect(unavailable.setCookies).toEqual([])
      down = false
      const shrunk = await browser.fetch('/shrink')
      expect(shrunk.setCookies[0]).toMatch(/^session=v1\./)
      expect(inner.size).toBe(0)
      expect((await browser.fetch('/read')).body).toBe('short')
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
