import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { describeStore, newKey, newUser } from './suite.js'

describeStore('memory', (clock) => memoryStore({ now: clock.now }))

const HOUR = 3_600_000

function record(at: number, userId: string | null = null) {
  return {
    data: { n: 1 },
    userId,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: at + HOUR,
    absoluteExpiresAt: at + 12 * HOUR,
    userAgent: null,
    ip: null,
  }
}

describe('memory store', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('CL-82 stays within maxSessions however many sessions are created', () => {
    const store = memoryStore({ maxSessions: 1000 })
    const at = Date.now()
    for (let i = 0; i < 100_000; i += 1) store.create(newKey(), record(at))
    expect(store.size).toBe(1000)
  })

  it('evicts the least recently used session first', () => {
    const store = memoryStore({ maxSessions: 3 })
    const at = Date.now()
    const [a, b, c, d] = [newKey(), newKey(), newKey(), newKey()]
    for (const key of [a, b, c]) store.create(key, record(at))
    expect(store.get(a)).toBeDefined() // a is now the most recently used; b the least
    store.create(d, record(at))
    expect(store.get(b)).toBeUndefined()
    for (const key of [a, c, d]) expect(store.get(key)).toBeDefined()
  })

  it('CL-82 keeps evicting the least recently used, eviction after eviction, as sessions are used in between', () => {
    const store = memoryStore({ maxSessions: 3 })
    const at = Date.now()
    const [a, b, c, d, e, f, g] = [
      newKey(),
      newKey(),
      newKey(),
      newKey(),
      newKey(),
      newKey(),
      newKey(),
    ]
    for (const key of [a, b, c]) store.create(key, record(at))
    store.touch(a, at + 60_000) // order b, c, a
    store.create(d, record(at)) // evicts b: c, a, d
    store.update(c, { set: { x: 1 } }, at + 60_000) // a, d, c
    store.create(e, record(at)) // evicts a: d, c, e
    store.destroy(c) // d, e
    store.create(f, record(at)) // room: d, e, f
    store.create(g, record(at)) // evicts d: e, f, g
    for (const gone of [a, b, c, d]) expect(store.get(gone)).toBeUndefined()
    for (const kept of [e, f, g]) expect(store.get(kept)).toBeDefined()
    expect(store.size).toBe(3)
    // Used in the order e, f, g just now: the next create evicts e, then f.
    store.create(newKey(), record(at))
    expect(store.get(e)).toBeUndefined()
    expect(store.get(f)).toBeDefined() // f is now the most recently used; g the least
    store.create(newKey(), record(at))
    expect(store.get(g)).toBeUndefined()
    expect(store.get(f)).toBeDefined()
  })

  it('drops evicted sessions from the per-user index too', () => {
    const store = memoryStore({ maxSessions: 2 })
    const at = Date.now()
    const user = newUser()
    const first = newKey()
    store.create(first, record(at, user))
    store.create(newKey(), record(at))
    store.create(newKey(), record(at))
    expect(store.listByUser(user)).toEqual([])
    expect(store.destroyByUser(user)).toBe(0)
  })

  it('drops an expired session when it is read, and the rest when purged', () => {
    let now = Date.now()
    const store = memoryStore({ now: () => now })
    const [read, unread] = [newKey(), newKey()]
    store.create(read, record(now))
    store.create(unread, record(now))
    now += HOUR
    expect(store.get(read)).toBeUndefined()
    expect(store.size).toBe(1)
    expect(store.purgeExpired()).toBe(1)
    expect(store.size).toBe(0)
  })

  it('releases every record on close', () => {
    const store = memoryStore()
    store.create(newKey(), record(Date.now()))
    store.close()
    expect(store.size).toBe(0)
  })

  it('refuses a maxSessions that is not a positive integer', () => {
    for (const maxSessions of [0, -1, 1.5, Number.NaN]) {
      expect(() => memoryStore({ maxSessions })).toThrow(ConfigError)
    }
  })
})
