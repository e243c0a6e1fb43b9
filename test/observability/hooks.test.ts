import { afterEach, describe, expect, it, vi } from 'vitest'
import { stateOf } from '../../src/core/session.js'
import {
  ConfigError,
  createSessionManager,
  type SessionEvent,
  type SessionHooks,
  type SessionOptions,
} from '../../src/index.js'
import { createLoginManager } from '../../src/auth/login-manager.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { cookieJar, request, type Jar } from '../helpers/jar.js'
import { fakeClock, MINUTE, type FakeClock } from '../helpers/clock.js'
import { SECRET_A, SECRET_B } from '../helpers/secrets.js'

interface User {
  id: string
}
const USERS = new Map([['u-17', { id: 'u-17' }]])

function setup(options: Partial<SessionOptions> = {}, clock: FakeClock = fakeClock()) {
  const events: SessionEvent[] = []
  const manager = createSessionManager({
    secret: SECRET_A,
    now: clock,
    ...options,
    hooks: { onEvent: (e) => events.push(e), ...options.hooks },
  })
  return { clock, manager, events, jar: cookieJar() }
}

const types = (events: readonly SessionEvent[]): string[] => events.map((e) => e.type)

function copyOf(jar: Jar): Jar {
  const copy = cookieJar()
  for (const [name, value] of jar.cookies) copy.cookies.set(name, value)
  return copy
}

/** The cookie value with one character of its ciphertext changed. */
function tamper(value: string): string {
  const i = value.length - 5
  return value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1)
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('lifecycle hooks, sealed cookies', () => {
  it('emits created with the sealed cookie size when a new session is first written', async () => {
    const { manager, events, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.set('visits', 1))
    expect(types(events)).toEqual(['created'])
    const value = [...jar.cookies.values()][0] ?? ''
    expect(events[0]).toMatchObject({ type: 'created', mode: 'cookie', size: value.length })
    expect(result.cookies).toHaveLength(1)
  })

  it('emits loaded when a valid cookie is opened, and nothing more for a read', async () => {
    const { manager, events, jar } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    events.length = 0
    await request(manager, jar, (h) => h.session.get('visits'))
    expect(types(events)).toEqual(['loaded'])
  })

  it('emits nothing for a request that never touches the session', async () => {
    const { manager, events, jar } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    events.length = 0
    await request(manager, jar, () => undefined)
    expect(events).toEqual([])
  })

  it('emits saved when a loaded session changes', async () => {
    const { manager, events, jar } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    events.length = 0
    await request(manager, jar, (h) => h.session.set('visits', 2))
    expect(types(events)).toEqual(['loaded', 'saved'])
    expect(events[1]).toMatchObject({ mode: 'cookie' })
    expect((events[1] as { size: number }).size).toBeGreaterThan(0)
  })

  it('emits refreshed when an unchanged session is re-sealed to push its deadline', async () => {
    const { manager, events, jar, clock } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    clock.advance(5 * MINUTE) // past a tenth of the 30-minute idle window
    events.length = 0
    await request(manager, jar, (h) => h.session.get('visits'))
    expect(types(events)).toEqual(['loaded', 'refreshed'])
    expect(events[1]).toMatchObject({ deadline: true, cookie: true })
  })

  it('emits rotated (key) when an older secret opened the cookie and it is re-sealed', async () => {
    const clock = fakeClock()
    const old = setup({}, clock)
    await request(old.manager, old.jar, (h) => h.session.set('visits', 1))
    const next = setup({ secret: [SECRET_B, SECRET_A] }, clock)
    await request(next.manager, old.jar, (h) => h.session.get('visits'))
    expect(types(next.events)).toEqual(['loaded', 'rotated'])
    expect(next.events[1]).toMatchObject({ kind: 'key' })
  })

  it('emits rotated (id) when an existing session is regenerated', async () => {
    const { manager, events, jar } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    events.length = 0
    await request(manager, jar, (h) => h.session.regenerate())
    expect(types(events)).toEqual(['loaded', 'rotated'])
    expect(events[1]).toMatchObject({ kind: 'id' })
  })

  it('emits destroyed when a loaded session is destroyed', async () => {
    const { manager, events, jar } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    events.length = 0
    await request(manager, jar, (h) => h.session.destroy())
    expect(types(events)).toEqual(['loaded', 'destroyed'])
    expect(jar.cookies.size).toBe(0)
  })

  it('emits destroyed then created when a session is destroyed and given new data', async () => {
    const { manager, events, jar } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    events.length = 0
    await request(manager, jar, (h) => {
      h.session.destroy()
      h.session.set('visits', 1)
    })
    expect(types(events)).toEqual(['loaded', 'destroyed', 'created'])
  })

  it('emits expired (idle) for a cookie past the idle timeout of the current options', async () => {
    const clock = fakeClock()
    const long = setup({ idleTimeout: 3600 }, clock)
    await request(long.manager, long.jar, (h) => h.session.set('visits', 1))
    clock.advance(10 * MINUTE)
    const short = setup({ idleTimeout: 300 }, clock)
    await request(short.manager, long.jar, (h) => h.session.get('visits'))
    expect(short.events).toEqual([
      expect.objectContaining({ type: 'expired', timeout: 'idle', mode: 'cookie' }),
    ])
  })

  it('emits expired (absolute) for a session used all along but begun too long ago', async () => {
    const clock = fakeClock()
    const long = setup({ idleTimeout: 3600, absoluteTimeout: 86_400 }, clock)
    for (let i = 0; i < 13; i++) {
      await request(long.manager, long.jar, (h) => h.session.set('visits', i))
      clock.advance(5 * MINUTE)
    }
    const short = setup({ idleTimeout: 600, absoluteTimeout: 3600 }, clock)
    await request(short.manager, long.jar, (h) => h.session.get('visits'))
    expect(short.events).toEqual([
      expect.objectContaining({ type: 'expired', timeout: 'absolute' }),
    ])
  })

  it.each([
    ['malformed', (value: string) => value.slice(0, 20)],
    ['tampered', tamper],
  ] as const)('emits refused (%s) for such a cookie', async (reason, change) => {
    const { manager, events, jar } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    const [name = '', value = ''] = [...jar.cookies][0] ?? []
    jar.cookies.set(name, change(value))
    events.length = 0
    await request(manager, jar, (h) => h.session.get('visits'))
    expect(events).toEqual([expect.objectContaining({ type: 'refused', reason, mode: 'cookie' })])
  })

  it('emits refused (unknown-key) for a cookie sealed under a secret no longer configured', async () => {
    const clock = fakeClock()
    const old = setup({}, clock)
    await request(old.manager, old.jar, (h) => h.session.set('visits', 1))
    const next = setup({ secret: SECRET_B }, clock)
    await request(next.manager, old.jar, (h) => h.session.get('visits'))
    expect(next.events).toEqual([expect.objectContaining({ reason: 'unknown-key' })])
  })

  it('emits refused (expired) for a cookie past the deadline sealed into it', async () => {
    const { manager, events, jar, clock } = setup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    clock.advance(31 * MINUTE)
    events.length = 0
    await request(manager, jar, (h) => h.session.get('visits'))
    expect(events).toEqual([expect.objectContaining({ type: 'refused', reason: 'expired' })])
  })

  it('emits revoked and then refused (revoked) for a copied cookie after revocation', async () => {
    const { manager, events, jar, clock } = setup()
    const auth = createLoginManager<User>({ sessions: manager, loadUser: (id) => USERS.get(id) })
    await request(manager, jar, (h) => auth.login(h.session, { id: 'u-17' }))
    const other = copyOf(jar)
    clock.advance(MINUTE)
    await request(manager, jar, (h) => auth.revokeOtherSessions(h.session))
    expect(events).toContainEqual(expect.objectContaining({ type: 'revoked', scope: 'others' }))
    events.length = 0
    await request(manager, other, (h) => auth.currentUser(h.session))
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'refused', reason: 'revoked', mode: 'cookie' }),
    )
  })
})

describe('lifecycle hooks, server-side sessions', () => {
  const storeSetup = (options: Partial<SessionOptions> = {}, clock = fakeClock()) => {
    const store = options.store ?? memoryStore({ now: clock })
    return { store, ...setup({ ...options, store }, clock) }
  }

  it('emits created, loaded and saved as a record is written, read and changed', async () => {
    const { manager, events, jar } = storeSetup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    await request(manager, jar, (h) => h.session.get('visits'))
    await request(manager, jar, (h) => h.session.set('visits', 2))
    expect(types(events)).toEqual(['created', 'loaded', 'loaded', 'saved'])
    expect(events.every((e) => e.mode === 'store')).toBe(true)
    expect(events[0]).not.toHaveProperty('size')
  })

  it('emits refreshed (deadline) when an unchanged record is touched', async () => {
    const { manager, events, jar, clock } = storeSetup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    clock.advance(5 * MINUTE)
    events.length = 0
    await request(manager, jar, (h) => h.session.get('visits'))
    expect(events[1]).toMatchObject({ type: 'refreshed', deadline: true, cookie: false })
  })

  it('emits rotated (id) when a record is regenerated under a new ID', async () => {
    const { manager, events, jar } = storeSetup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    events.length = 0
    await request(manager, jar, (h) => h.session.regenerate())
    expect(types(events)).toEqual(['loaded', 'rotated'])
    expect(events[1]).toMatchObject({ kind: 'id' })
  })

  it('emits rotated (key) when the ID was signed with an older secret', async () => {
    const clock = fakeClock()
    const old = storeSetup({}, clock)
    await request(old.manager, old.jar, (h) => h.session.set('visits', 1))
    const next = storeSetup({ secret: [SECRET_B, SECRET_A], store: old.store }, clock)
    await request(next.manager, old.jar, (h) => h.session.get('visits'))
    expect(types(next.events)).toEqual(['loaded', 'rotated'])
    expect(next.events[1]).toMatchObject({ kind: 'key' })
  })

  it('emits destroyed, then refused (not-found) for a copy of the destroyed cookie', async () => {
    const { manager, events, jar } = storeSetup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    const copy = copyOf(jar)
    events.length = 0
    await request(manager, jar, (h) => h.session.destroy())
    expect(types(events)).toEqual(['loaded', 'destroyed'])
    events.length = 0
    await request(manager, copy, (h) => h.session.get('visits'))
    expect(events).toEqual([expect.objectContaining({ type: 'refused', reason: 'not-found' })])
  })

  it.each([
    ['malformed', () => 'not-an-id'],
    ['tampered', (value: string) => tamper(value)],
  ] as const)('emits refused (%s) for such an ID cookie', async (reason, change) => {
    const { manager, events, jar } = storeSetup()
    await request(manager, jar, (h) => h.session.set('visits', 1))
    const [name = '', value = ''] = [...jar.cookies][0] ?? []
    jar.cookies.set(name, change(value))
    events.length = 0
    await request(manager, jar, (h) => h.session.get('visits'))
    expect(events).toEqual([expect.objectContaining({ type: 'refused', reason, mode: 'store' })])
  })

  it('emits expired (idle) for a record past the idle timeout of the current options', async () => {
    const clock = fakeClock()
    const long = storeSetup({ idleTimeout: 3600 }, clock)
    await request(long.manager, long.jar, (h) => h.session.set('visits', 1))
    clock.advance(10 * MINUTE)
    const short = storeSetup({ idleTimeout: 300, store: long.store }, clock)
    await request(short.manager, long.jar, (h) => h.session.get('visits'))
    expect(short.events).toEqual([expect.objectContaining({ type: 'expired', timeout: 'idle' })])
  })

  it('emits revoked with the number of records removed', async () => {
    const { manager, events, jar } = storeSetup()
    const auth = createLoginManager<User>({ sessions: manager, loadUser: (id) => USERS.get(id) })
    const phone = cookieJar()
    await request(manager, jar, (h) => auth.login(h.session, { id: 'u-17' }))
    await request(manager, phone, (h) => auth.login(h.session, { id: 'u-17' }))
    events.length = 0
    const removed = await auth.revokeAllSessions('u-17')
    expect(removed).toBe(2)
    expect(events).toEqual([expect.objectContaining({ type: 'revoked', scope: 'user', count: 2 })])
  })
})

describe('lifecycle hooks: what events carry', () => {
  it('never carries the cookie value, the session ID, its store key or session data', async () => {
    for (const mode of ['cookie', 'store'] as const) {
      const clock = fakeClock()
      const store = mode === 'store' ? memoryStore({ now: clock }) : undefined
      const { manager, events, jar } = setup(store === undefined ? {} : { store }, clock)
      const auth = createLoginManager<User>({ sessions: manager, loadUser: (id) => USERS.get(id) })
      let storeKey: string | undefined
      await request(manager, jar, async (h) => {
        h.session.set('secretNote', 'correct-horse-battery')
        await auth.login(h.session, { id: 'u-17' })
      })
      clock.advance(5 * MINUTE)
      await request(manager, jar, (h) => {
        storeKey = stateOf(h.session).storeKey
        h.session.set('secretNote', 'staple-7731')
      })
      await request(manager, jar, (h) => auth.logout(h.session))
      expect(events.length).toBeGreaterThan(3)
      const text = JSON.stringify(events)
      for (const forbidden of ['correct-horse-battery', 'staple-7731', 'u-17', 'secretNote']) {
        expect(text).not.toContain(forbidden)
      }
      expect(jar.cookies.size).toBe(0)
      if (storeKey !== undefined) expect(text).not.toContain(storeKey)
    }
  })

  it('never carries the cookie value (checked against every value the jar held)', async () => {
    const { manager, events, jar } = setup({ store: memoryStore() })
    const seen: string[] = []
    for (let i = 0; i < 3; i++) {
      await request(manager, jar, (h) => h.session.regenerate())
      await request(manager, jar, (h) => h.session.set('n', i))
      seen.push(...jar.cookies.values())
    }
    const text = JSON.stringify(events)
    for (const value of seen) {
      expect(text).not.toContain(value)
      expect(text).not.toContain(value.split('.')[0])
    }
  })

  it('carries the signed-in user only when includeUserId is set', async () => {
    for (const includeUserId of [false, true]) {
      const { manager, events, jar } = setup({ hooks: { includeUserId } })
      const auth = createLoginManager<User>({ sessions: manager, loadUser: (id) => USERS.get(id) })
      await request(manager, jar, (h) => auth.login(h.session, { id: 'u-17' }))
      await request(manager, jar, (h) => h.session.set('x', 1))
      const withUser = events.filter((e) => e.userId === 'u-17').map((e) => e.type)
      expect(withUser).toEqual(includeUserId ? ['created', 'loaded', 'saved'] : [])
    }
  })
})

describe('lifecycle hooks: failures and options', () => {
  it('a listener that throws does not break the request and is reported once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const manager = createSessionManager({
      secret: SECRET_A,
      hooks: {
        onEvent: () => {
          throw new TypeError('listener bug')
        },
      },
    })
    const jar = cookieJar()
    const first = await request(manager, jar, (h) => h.session.set('a', 1))
    const second = await request(manager, jar, (h) => h.session.set('a', 2))
    expect(first.result.cookies).toHaveLength(1)
    expect(second.result.cookies).toHaveLength(1)
    const ours = warn.mock.calls.filter((c) => String(c[0]).includes('session hook threw'))
    expect(ours).toHaveLength(1)
    expect(String(ours[0]?.[0])).toContain('TypeError')
    expect(String(ours[0]?.[0])).not.toContain('listener bug')
  })

  it('refuses a misspelled hooks key with a suggestion', () => {
    const bad = { onEvnt: () => undefined } as unknown as SessionHooks
    expect(() => createSessionManager({ secret: SECRET_A, hooks: bad })).toThrow(ConfigError)
    expect(() => createSessionManager({ secret: SECRET_A, hooks: bad })).toThrow(/onEvent/)
  })

  it('refuses hooks that are not an object, and an onEvent that is not a function', () => {
    const notObject = 'log' as unknown as SessionHooks
    const notFunction = { onEvent: true } as unknown as SessionHooks
    expect(() => createSessionManager({ secret: SECRET_A, hooks: notObject })).toThrow(ConfigError)
    expect(() => createSessionManager({ secret: SECRET_A, hooks: notFunction })).toThrow(
      ConfigError,
    )
  })

  it('resolves hooks with no listener to none at all', () => {
    const manager = createSessionManager({ secret: SECRET_A, hooks: { includeUserId: true } })
    expect(manager.options.hooks).toBeUndefined()
    expect(createSessionManager({ secret: SECRET_A }).options.hooks).toBeUndefined()
  })
})
