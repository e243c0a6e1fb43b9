/**
 * The revocation stores that live in the process or in a file: memory and SQLite. The Redis and
 * PostgreSQL stores run the same suite in `revocations.test.ts`, which starts those servers.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import { afterAll, describe, expect, it, vi } from 'vitest'

import { memoryRevocations } from '../../src/stores/memory/revocations.js'
import { sqliteRevocations } from '../../src/stores/sqlite/revocations.js'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { fakeClock, HOUR, MINUTE } from '../helpers/clock.js'
import { describeRevocationStore } from './revocation-suite.js'

const T0 = Date.UTC(2030, 0, 1)
const cleanups: (() => unknown)[] = []

afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup()
})

describe('memory revocation store', () => {
  // The in-process store has no purge: it prunes itself.
  describeRevocationStore((clock) => memoryRevocations({ now: clock }), {
    purges: false,
  })
})

describe('SQLite revocation store', () => {
  describeRevocationStore((clock) => {
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    return sqliteRevocations(db, { now: clock })
  })

  it('shares revocations between two connections to one file (two processes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-revocations-'))
    const [one, two] = [new Database(join(dir, 'db')), new Database(join(dir, 'db'))]
    try {
      one.pragma('journal_mode = WAL')
      const clock = fakeClock(T0)
      const [a, b] = [
        sqliteRevocations(one, { now: clock }),
        sqliteRevocations(two, { now: clock }),
      ]
      expect(b.isRevoked('h1', 'u1', T0 - 1)).toBe(false)
      a.revokeSession('h1', T0 + HOUR)
      b.revokeUser('u2', T0, T0 + HOUR)
      expect(b.isRevoked('h1', 'u1', T0)).toBe(true)
      expect(a.isRevoked('h2', 'u2', T0 - 1)).toBe(true)
      expect(a.isRevoked('h2', 'u2', T0)).toBe(false)
    } finally {
      one.close()
      two.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('creates its two tables on first use, under the names given', () => {
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    const tables = () =>
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
    const store = sqliteRevocations(db, { handlesTable: 'rh', usersTable: 'ru' })
    expect(tables()).toEqual([])
    store.revokeUser('u', 1, Date.now() + MINUTE)
    expect(tables()).toEqual(['rh', 'ru'])
    expect(db.prepare('SELECT user_id, "before" FROM ru').all()).toEqual([
      { user_id: 'u', before: 1 },
    ])
  })

  it('refuses unsafe or identical table names with ConfigError', () => {
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    expect(() => sqliteRevocations(db, { handlesTable: 'x; DROP TABLE y' })).toThrow(ConfigError)
    expect(() => sqliteRevocations(db, { usersTable: 'main.users' })).toThrow(ConfigError)
    expect(() => sqliteRevocations(db, { handlesTable: 'same', usersTable: 'same' })).toThrow(
      ConfigError,
    )
    expect(() => sqliteRevocations(db, { purgeInterval: 0 })).toThrow(ConfigError)
  })

  it('CL-72 reports a closed database as StoreUnavailableError, so the request fails closed', () => {
    const db = new Database(':memory:')
    const store = sqliteRevocations(db)
    store.revokeSession('h', Date.now() + MINUTE)
    db.close()
    expect(() => store.isRevoked('h', 'u', 0)).toThrow(StoreUnavailableError)
    expect(() => store.revokeSession('h', Date.now() + MINUTE)).toThrow(StoreUnavailableError)
  })

  it('purges on a timer when purgeInterval is set, until close()', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    try {
      const clock = fakeClock(T0)
      const store = sqliteRevocations(db, { now: clock, purgeInterval: 10 * MINUTE })
      const rows = () => db.prepare('SELECT count(*) FROM tessera_revoked_handles').pluck().get()
      store.revokeSession('a', T0 + MINUTE)
      clock.set(T0 + MINUTE)
      vi.advanceTimersByTime(10 * MINUTE)
      expect(rows()).toBe(0)
      store.close()
      clock.set(T0)
      store.revokeSession('b', T0 + MINUTE)
      clock.set(T0 + MINUTE)
      vi.advanceTimersByTime(30 * MINUTE)
      expect(rows()).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })
})
