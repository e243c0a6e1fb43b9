/**
 * The throttle stores that live in the process or in a file: memory and SQLite. The Redis and
 * PostgreSQL stores run the same suite in `throttle.test.ts`, which starts those servers.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'

import { memoryThrottle } from '../../src/stores/memory/throttle.js'
import { sqliteThrottle } from '../../src/stores/sqlite/throttle.js'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { describeThrottleStore } from './throttle-suite.js'

const T0 = Date.UTC(2030, 0, 1)
const MINUTE = 60_000
const cleanups: (() => unknown)[] = []

afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup()
})

describe('memory throttle store', () => {
  describeThrottleStore(() => memoryThrottle())

  it('stays bounded, dropping the least recently hit counter first', () => {
    const store = memoryThrottle({ maxEntries: 3 })
    for (const key of ['a', 'b', 'c']) store.hit(key, 60_000, T0)
    store.hit('a', 60_000, T0 + 1) // a is now the most recent
    store.hit('d', 60_000, T0 + 2)
    expect(store.get('b', T0 + 2)).toBeUndefined()
    expect(['a', 'c', 'd'].map((k) => store.get(k, T0 + 2)?.count)).toEqual([2, 1, 1])
    expect(() => memoryThrottle({ maxEntries: 0 })).toThrow(ConfigError)
  })

  it('refuses a TTL that is not positive', () => {
    const store = memoryThrottle()
    expect(() => store.hit('k', 0, T0)).toThrow(ConfigError)
    expect(() => store.hit('k', 0, T0)).toThrow('A throttle TTL must be a positive number of ms.')
    expect(() => store.hit('k', -1, T0)).toThrow(ConfigError)
    expect(() => store.hit('k', Number.NaN, T0)).toThrow(ConfigError)
    expect(store.hit('k', 1, T0)).toMatchObject({ count: 1, expiresAt: T0 + 1 })
  })

  it('is named `memory` and refuses a bad maxEntries, naming the store and the option', () => {
    expect(memoryThrottle().name).toBe('memory')
    expect(() => memoryThrottle({ maxEntries: 0 })).toThrow(
      'memory throttle store: `maxEntries` must be a positive integer, got 0.',
    )
  })

  it('holds exactly maxEntries counters before dropping one', () => {
    const store = memoryThrottle({ maxEntries: 2 })
    store.hit('a', MINUTE, T0)
    store.hit('b', MINUTE, T0)
    expect(['a', 'b'].map((k) => store.get(k, T0)?.count)).toEqual([1, 1])
  })

  it('drops a lapsed counter (one expiring right now included) before a live one', () => {
    const store = memoryThrottle({ maxEntries: 3 })
    store.hit('live', MINUTE, T0)
    store.hit('lapsing', 10, T0) // lapses at T0 + 10
    store.hit('other', MINUTE, T0)
    store.hit('new', MINUTE, T0 + 10)
    expect(['live', 'other', 'new'].map((k) => store.get(k, T0 + 10)?.count)).toEqual([1, 1, 1])
  })

  it('looks for a lapsed counter among the 8 least recently hit only, else drops the oldest', () => {
    /** Nine counters, the one at `position` (1 = least recently hit) lapsing at T0 + 10. */
    const fill = (position: number) => {
      const store = memoryThrottle({ maxEntries: 9 })
      for (let i = 1; i <= 9; i += 1) store.hit(`k${i}`, i === position ? 10 : MINUTE, T0)
      store.hit('new', MINUTE, T0 + 10)
      return store
    }
    const live = (store: ReturnType<typeof fill>) =>
      ['k1', 'k2', 'k8', 'k9', 'new'].filter((k) => store.get(k, T0 + 10) !== undefined)
    // The 8th is still looked at: it goes, and the oldest stays.
    expect(live(fill(8))).toEqual(['k1', 'k2', 'k9', 'new'])
    // The 9th is not: the oldest goes instead.
    expect(live(fill(9))).toEqual(['k2', 'k8', 'new'])
    // The 2nd, after a live oldest: it goes.
    expect(live(fill(2))).toEqual(['k1', 'k8', 'k9', 'new'])
  })

  it('purges exactly the lapsed counters, and says how many', () => {
    const store = memoryThrottle()
    store.hit('a', MINUTE, T0)
    store.hit('b', 2 * MINUTE, T0)
    store.hit('c', MINUTE, T0 + 1)
    store.hit('d', Infinity, T0)
    expect(store.purgeExpired(T0 + MINUTE - 1)).toBe(0)
    expect(store.purgeExpired(T0 + MINUTE)).toBe(1)
    expect(store.get('c', T0 + MINUTE)).toMatchObject({ count: 1 })
    expect(store.purgeExpired(T0 + 3 * MINUTE)).toBe(2)
    expect(store.get('d', T0 + 3 * MINUTE)).toMatchObject({ count: 1 })
  })

  it('forgets every counter on close()', () => {
    const store = memoryThrottle()
    store.hit('a', MINUTE, T0)
    store.close()
    expect(store.get('a', T0)).toBeUndefined()
  })
})

describe('SQLite throttle store', () => {
  const db = new Database(':memory:')
  cleanups.push(() => db.close())
  describeThrottleStore(() => sqliteThrottle(db))

  it('shares counters between two connections to one file (two processes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-throttle-'))
    const [one, two] = [new Database(join(dir, 'db')), new Database(join(dir, 'db'))]
    try {
      one.pragma('journal_mode = WAL')
      const [a, b] = [sqliteThrottle(one), sqliteThrottle(two)]
      a.hit('k', 60_000, T0)
      b.hit('k', 60_000, T0)
      expect(a.get('k', T0)).toMatchObject({ count: 2 })
    } finally {
      one.close()
      two.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses an unsafe table name and reports a closed database as unavailable', () => {
    expect(() => sqliteThrottle(db, { tableName: 'x; DROP TABLE y' })).toThrow(ConfigError)
    const closed = new Database(':memory:')
    const store = sqliteThrottle(closed, { tableName: 'custom_throttle' })
    closed.close()
    expect(() => store.hit('k', 1000, T0)).toThrow(StoreUnavailableError)
  })
})
