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
    expect(() => store.hit('k', Number.NaN, T0)).toThrow(ConfigError)
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
