/**
 * The one lifecycle (docs/decisions.md §35): the same expiry, refresh and re-issue table, run
 * against the sealed cookie and the server-side store. Each row starts a session, lets time pass,
 * makes one request and checks what every backend must agree on: whether the session is still
 * there, which deadline ended it, whether the cookie is set again and with which Max-Age, and
 * whether the sliding deadline moved. The only column that differs is where the deadline lives:
 * a sealed cookie is re-sealed to move it, a store record is touched instead.
 */
import { describe, expect, it } from 'vitest'
import { stateOf } from '../../../src/core/session.js'
import { expiryOnLoad } from '../../../src/core/lifecycle.js'
import type { ResolvedOptions } from '../../../src/core/options.js'
import {
  createSessionManager,
  type SessionEvent,
  type SessionHandle,
  type SessionManager,
  type SessionOptions,
  type SessionStore,
} from '../../../src/index.js'
import { memoryStore } from '../../../src/stores/memory/index.js'
import { cookieJar, request, type Jar } from '../../helpers/jar.js'
import { DAY, fakeClock, HOUR, MINUTE, SECOND, type FakeClock } from '../../helpers/clock.js'
import { SECRET_A, SECRET_B } from '../../helpers/secrets.js'

type Backend = 'cookie' | 'store'
const BACKENDS: readonly Backend[] = ['cookie', 'store']

// idleTimeout 30 min (refreshed after 3 min), absoluteTimeout 12 h, permanentLifetime 1 day
// (refreshed after 2.4 h).
const WINDOWS = { idleTimeout: 30 * 60, absoluteTimeout: 12 * 3600, permanentLifetime: 24 * 3600 }

interface World {
  clock: FakeClock
  jar: Jar
  events: SessionEvent[]
  touches: number[]
  make(options?: Partial<SessionOptions>): SessionManager
}

function world(backend: Backend): World {
  const clock = fakeClock()
  const events: SessionEvent[] = []
  const touches: number[] = []
  let store: SessionStore | undefined
  if (backend === 'store') {
    const inner = memoryStore({ now: clock })
    store = {
      ...inner,
      touch(key, expiresAt, at) {
        touches.push(expiresAt)
        return inner.touch(key, expiresAt, at)
      },
    }
  }
  return {
    clock,
    jar: cookieJar(),
    events,
    touches,
    make: (options = {}) =>
      createSessionManager({
        secret: SECRET_A,
        now: clock,
        hooks: { onEvent: (e) => events.push(e) },
        ...WINDOWS,
        ...(store === undefined ? {} : { store }),
        ...options,
      }),
  }
}

/** What a row does in its first request: the session it makes. */
type Start = (h: SessionHandle) => void

const browserSession: Start = (h) => h.session.set('user', 'alice')
const permanentSession: Start = (h) => {
  h.session.set('user', 'alice')
  h.session.permanent = true
}

// The expiry rows write the session under longer windows and read it under the table's, so the
// deadlines sealed into the cookie or written into the record are still ahead and the lifecycle's
// check under the current options is the one that decides (on both backends alike).
const LONGER = { idleTimeout: 3600, absoluteTimeout: 86_400, permanentLifetime: 2 * 86_400 }

interface ExpiryRow {
  name: string
  start: Start
  /** Reads under the longer windows, each after this much time: the session stays alive. */
  busy?: readonly number[]
  /** The read under the table's windows, this long after the last request. */
  after: number
  /** `undefined` when that read finds the session, else the deadline it passed. */
  expired: 'idle' | 'absolute' | undefined
}

const EXPIRY: readonly ExpiryRow[] = [
  {
    name: 'a browser-session session read within idleTimeout',
    start: browserSession,
    after: 29 * MINUTE,
    expired: undefined,
  },
  {
    name: 'a browser-session session idle for idleTimeout',
    start: browserSession,
    after: 30 * MINUTE,
    expired: 'idle',
  },
  {
    name: 'a browser-session session busy until absoluteTimeout',
    start: browserSession,
    busy: Array.from({ length: 35 }, () => 20 * MINUTE),
    after: 20 * MINUTE,
    expired: 'absolute',
  },
  {
    name: 'a permanent session read within permanentLifetime',
    start: permanentSession,
    after: 23 * HOUR,
    expired: undefined,
  },
  {
    name: 'a permanent session unused for permanentLifetime',
    start: permanentSession,
    after: DAY,
    expired: 'idle',
  },
]

interface RefreshRow {
  name: string
  start: Start
  options?: Partial<SessionOptions>
  /** Time between the first request and this one. */
  after: number
  /** What this request does besides reading `user`. */
  use?: Start
  /** A Set-Cookie on this request: the cookie carries the deadline, a store record does not. */
  setCookie: Readonly<Record<Backend, boolean>>
  /** The Max-Age of that cookie (permanent sessions only), in seconds. */
  maxAge?: number
  /** The store moved the record's deadline with `touch` (a changed record is updated instead). */
  touched: boolean
  /** A read this long after this request, and whether it still finds the session. */
  probe: number
  alive: Readonly<Record<Backend, boolean>>
}

const REFRESH: readonly RefreshRow[] = [
  {
    name: 'a browser-session session read before a tenth of idleTimeout: nothing moves',
    start: browserSession,
    after: 2 * MINUTE,
    setCookie: { cookie: false, store: false },
    touched: false,
    probe: 29 * MINUTE,
    alive: { cookie: false, store: false },
  },
  {
    name: 'a browser-session session read after a tenth of idleTimeout: the deadline slides',
    start: browserSession,
    after: 3 * MINUTE,
    setCookie: { cookie: true, store: false },
    touched: true,
    probe: 29 * MINUTE,
    alive: { cookie: true, store: true },
  },
  {
    // The re-sealed cookie carries the new last use; the record keeps its own until a tenth of
    // the window has passed, so a read never writes the store (docs/decisions.md §30).
    name: 'a permanent session with refreshEachRequest: the cookie is re-issued',
    start: permanentSession,
    after: MINUTE,
    setCookie: { cookie: true, store: true },
    maxAge: 24 * 3600,
    touched: false,
    probe: DAY - 30 * SECOND,
    alive: { cookie: true, store: false },
  },
  {
    name: 'a permanent session without refreshEachRequest, before a tenth of its lifetime',
    start: permanentSession,
    options: { refreshEachRequest: false },
    after: 2 * HOUR,
    setCookie: { cookie: false, store: false },
    touched: false,
    probe: 22 * HOUR + 30 * SECOND,
    alive: { cookie: false, store: false },
  },
  {
    name: 'a permanent session without refreshEachRequest, after a tenth of its lifetime',
    start: permanentSession,
    options: { refreshEachRequest: false },
    after: 3 * HOUR,
    setCookie: { cookie: true, store: true },
    maxAge: 24 * 3600,
    touched: true,
    probe: 22 * HOUR + 30 * SECOND,
    alive: { cookie: true, store: true },
  },
  {
    name: 'a browser-session session made permanent: a dated cookie',
    start: browserSession,
    after: MINUTE,
    use: (h) => {
      h.session.permanent = true
    },
    setCookie: { cookie: true, store: true },
    maxAge: 24 * 3600,
    touched: false,
    probe: DAY - 30 * SECOND,
    alive: { cookie: true, store: true },
  },
  {
    name: 'a session that changed: saved, with its deadline moved',
    start: browserSession,
    after: MINUTE,
    use: (h) => h.session.set('cart', ['book']),
    setCookie: { cookie: true, store: false },
    touched: false,
    probe: 29 * MINUTE + 30 * SECOND,
    alive: { cookie: true, store: true },
  },
]

describe.each(BACKENDS)('one lifecycle: expiry on load (%s)', (backend) => {
  it.each(EXPIRY)('$name', async (row) => {
    const w = world(backend)
    const writer = w.make(LONGER)
    await request(writer, w.jar, row.start)
    for (const wait of row.busy ?? []) {
      w.clock.advance(wait)
      expect((await request(writer, w.jar, (h) => h.session.get('user'))).value).toBe('alice')
    }
    w.clock.advance(row.after)
    w.events.length = 0
    const { value } = await request(w.make(), w.jar, (h) => h.session.get('user'))
    if (row.expired === undefined) {
      expect(value).toBe('alice')
      expect(w.events[0]).toEqual(expect.objectContaining({ type: 'loaded', mode: backend }))
      expect(w.events.some((e) => e.type === 'expired')).toBe(false)
    } else {
      expect(value).toBeUndefined()
      expect(w.events).toEqual([
        expect.objectContaining({ type: 'expired', mode: backend, timeout: row.expired }),
      ])
    }
  })
})

describe.each(BACKENDS)('one lifecycle: refresh and re-issue (%s)', (backend) => {
  it.each(REFRESH)('$name', async (row) => {
    const w = world(backend)
    const manager = w.make(row.options)
    await request(manager, w.jar, row.start)
    w.clock.advance(row.after)
    const touchesBefore = w.touches.length
    const { value, result } = await request(manager, w.jar, (h) => {
      const user = h.session.get('user')
      row.use?.(h)
      return user
    })
    expect(value).toBe('alice')
    expect(result.vary).toBe(true)
    expect(result.cookies).toHaveLength(row.setCookie[backend] ? 1 : 0)
    for (const cookie of result.cookies) {
      if (row.maxAge === undefined) expect(cookie).not.toMatch(/Max-Age/)
      else expect(cookie).toContain(`Max-Age=${row.maxAge}`)
    }
    expect(w.touches.length - touchesBefore).toBe(backend === 'store' && row.touched ? 1 : 0)
    w.clock.advance(row.probe)
    const later = await request(manager, w.jar, (h) => h.session.get('user'))
    expect(later.value).toBe(row.alive[backend] ? 'alice' : undefined)
  })
})

describe.each(BACKENDS)('one lifecycle: the commit rule (%s)', (backend) => {
  it('hands the adapter only the session, load() and commit()', () => {
    const handle = world(backend)
      .make()
      .begin({ cookieHeader: undefined, encrypted: false, host: 'localhost' })
    expect(Object.keys(handle).sort()).toEqual(['commit', 'load', 'session'])
  })

  it('sends nothing and does not vary for a session the handler never touched', async () => {
    const w = world(backend)
    const manager = w.make()
    await request(manager, w.jar, browserSession)
    w.clock.advance(10 * MINUTE)
    const { result } = await request(manager, w.jar, () => undefined)
    expect(result).toEqual({ cookies: [], vary: false })
  })

  it('gives a visitor who stores nothing no cookie', async () => {
    const w = world(backend)
    const { result } = await request(w.make(), w.jar, (h) => h.session.get('user'))
    expect(result).toEqual({ cookies: [], vary: true })
  })

  it('deletes the cookie of a session emptied by the handler', async () => {
    const w = world(backend)
    const manager = w.make()
    await request(manager, w.jar, browserSession)
    const { result } = await request(manager, w.jar, (h) => h.session.clear())
    expect(result.cookies).toHaveLength(1)
    expect(result.cookies[0]).toMatch(/^session=;.*Max-Age=0/)
    expect(w.jar.cookies.size).toBe(0)
  })

  it('re-issues a cookie verified under an older key with the newest one', async () => {
    const w = world(backend)
    await request(w.make({ secret: SECRET_B }), w.jar, browserSession)
    const before = w.jar.header()
    w.clock.advance(MINUTE)
    const rotated = w.make({ secret: [SECRET_A, SECRET_B] })
    const { value, result } = await request(rotated, w.jar, (h) => h.session.get('user'))
    expect(value).toBe('alice')
    expect(result.cookies).toHaveLength(1)
    expect(w.jar.header()).not.toBe(before)
    const current = w.make({ secret: SECRET_A })
    expect((await request(current, w.jar, (h) => h.session.get('user'))).value).toBe('alice')
  })

  it.each([
    ['regenerate() keeps the absolute deadline', false],
    ['a full sign-in (restartLifetime) restarts it', true],
  ] as const)('%s', async (_, restart) => {
    const w = world(backend)
    const manager = w.make()
    const read = async () => (await request(manager, w.jar, (h) => h.session.get('user'))).value
    await request(manager, w.jar, browserSession)
    for (let t = 0; t < 11 * HOUR + 40 * MINUTE; t += 20 * MINUTE) {
      w.clock.advance(20 * MINUTE)
      expect(await read()).toBe('alice')
    }
    await request(manager, w.jar, (h) => {
      h.session.regenerate()
      stateOf(h.session).restartLifetime = restart
    })
    w.clock.advance(20 * MINUTE)
    expect(await read()).toBe(restart ? 'alice' : undefined)
  })
})

describe('one lifecycle: the lifetime rule a cookie format brings', () => {
  const options = {
    idleTimeoutMs: 1_000,
    absoluteTimeoutMs: 5_000,
    permanentLifetimeMs: 10_000,
  } as ResolvedOptions
  const idle = { createdAt: 0, lastSeenAt: 0, permanent: false }

  it("checks every deadline from the session's times under 'all' (the sealed cookie, the store)", () => {
    expect(expiryOnLoad(idle, 999, options, 'all')).toBeUndefined()
    expect(expiryOnLoad(idle, 1_000, options, 'all')).toBe('idle')
    expect(expiryOnLoad({ ...idle, lastSeenAt: 4_500 }, 5_000, options, 'all')).toBe('absolute')
    expect(expiryOnLoad({ ...idle, until: 500 }, 500, options, 'all')).toBe('absolute')
  })

  it("checks only the sign-in cap under 'cap' (Flask: the codec checked its own window)", () => {
    expect(expiryOnLoad(idle, 1_000_000, options, 'cap')).toBeUndefined()
    expect(expiryOnLoad({ ...idle, until: 500 }, 499, options, 'cap')).toBeUndefined()
    expect(expiryOnLoad({ ...idle, until: 500 }, 500, options, 'cap')).toBe('absolute')
  })
})
