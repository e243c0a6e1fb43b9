/**
 * The revocation stores that live in the process or in a file: memory and SQLite. The Redis and
 * PostgreSQL stores run the same suite in `revocations.test.ts`, which starts those servers.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'

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

  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  /** Swallows process warnings and records them. */
  const warnings = () => vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)

  it('drops revocations whose `until` is exactly now to make room, and does not fail closed', () => {
    const warn = warnings()
    const clock = fakeClock(T0)
    const handles = memoryRevocations({ now: clock, maxEntries: 1 })
    void handles.revokeSession('old', T0 + MINUTE)
    clock.set(T0 + MINUTE)
    void handles.revokeSession('new', T0 + HOUR)
    expect(handles.isRevoked('new', 'u', T0)).toBe(true)
    expect(handles.isRevoked('other', 'u', T0)).toBe(false)

    clock.set(T0)
    const users = memoryRevocations({ now: clock, maxEntries: 1 })
    void users.revokeUser('old', T0, T0 + MINUTE)
    clock.set(T0 + MINUTE)
    void users.revokeUser('new', T0 + MINUTE, T0 + HOUR)
    expect(users.isRevoked('h', 'new', T0 + MINUTE - 1)).toBe(true)
    expect(users.isRevoked('h', 'other', T0)).toBe(false)
    expect(warn).not.toHaveBeenCalled()
  })

  it('holds exactly maxEntries live revocations; one more fails closed with a warning naming the limit', () => {
    const warn = warnings()
    const clock = fakeClock(T0)
    const store = memoryRevocations({ now: clock, maxEntries: 2 })
    void store.revokeSession('h1', T0 + HOUR)
    void store.revokeUser('u1', T0, T0 + HOUR)
    expect(store.isRevoked('h2', 'u2', T0)).toBe(false)
    expect(warn).not.toHaveBeenCalled()
    void store.revokeSession('h2', T0 + HOUR)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn).toHaveBeenCalledWith(
      'tessera: the memory revocation store is full (2 revocations in force), so every ' +
        'sealed-cookie session signed in before now has been ended. Use a shared revocation ' +
        'store (SQLite, Redis or PostgreSQL), or a larger maxEntries.',
      { code: 'TESSERA_MEMORY_REVOCATIONS_FULL' },
    )
    expect(store.isRevoked('h3', 'u3', T0)).toBe(true)
    expect(store.isRevoked('h3', 'u3', T0 + 1)).toBe(false)
  })

  it('forgets every revocation on close()', () => {
    const store = memoryRevocations({ now: fakeClock(T0) })
    void store.revokeSession('h', T0 + HOUR)
    void store.revokeUser('u', T0, T0 + HOUR)
    void store.close()
    expect(store.isRevoked('h', 'u', T0 - 1)).toBe(false)
  })

  it('refuses a maxEntries that is not a positive integer, naming the store and the option', () => {
    expect(() => memoryRevocations({ maxEntries: 0 })).toThrow(ConfigError)
    expect(() => memoryRevocations({ maxEntries: 1.5 })).toThrow(
      'memory revocation store: `maxEntries` must be a positive integer, got 1.5.',
    )
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

  it('rounds `until` and `before` up and a stamp down to whole ms (refusing more, never less)', () => {
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    const store = sqliteRevocations(db, { now: fakeClock(T0) })
    store.revokeSession('h', T0 + 0.5)
    store.revokeUser('u', T0 - 0.5, T0 + 0.5)
    expect(db.prepare('SELECT handle, "until" FROM tessera_revoked_handles').all()).toEqual([
      { handle: 'h', until: T0 + 1 },
    ])
    expect(
      db.prepare('SELECT user_id, "before", "until" FROM tessera_revoked_users').all(),
    ).toEqual([{ user_id: 'u', before: T0, until: T0 + 1 }])
    expect(store.isRevoked('h', 'v', T0)).toBe(true)
    expect(store.isRevoked('other', 'u', T0 - 0.5)).toBe(true)
    expect(store.isRevoked('other', 'u', T0)).toBe(false)
  })

  it('names itself and the option in its errors', () => {
    const db = new Database(':memory:')
    expect(() => sqliteRevocations(db, { handlesTable: 'x; DROP TABLE y' })).toThrow(
      'SQLite revocation store: `handlesTable` must be an identifier (letters, digits and _), ' +
        'got "x; DROP TABLE y".',
    )
    expect(() => sqliteRevocations(db, { handlesTable: 'same', usersTable: 'same' })).toThrow(
      'SQLite revocation store: `handlesTable` and `usersTable` must differ.',
    )
    expect(() => sqliteRevocations(db, { purgeInterval: 0 })).toThrow(
      'SQLite revocation store: `purgeInterval` must be a positive integer, got 0.',
    )
    const store = sqliteRevocations(db)
    db.close()
    expect(() => store.isRevoked('h', 'u', 0)).toThrow('The SQLite revocation store failed.')
  })

  it('judges `until` on the system clock by default', () => {
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    const store = sqliteRevocations(db)
    store.revokeSession('h', Date.now() + HOUR)
    store.revokeSession('over', Date.now() - 1)
    expect(store.isRevoked('h', 'u', 0)).toBe(true)
    expect(store.isRevoked('over', 'u', 0)).toBe(false)
  })

  it('reports a failed timed purge to onPurgeError, or to console.error by default', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const [one, two] = [new Database(':memory:'), new Database(':memory:')]
      const reported: unknown[] = []
      const [byDefault, given] = [
        sqliteRevocations(one, { purgeInterval: MINUTE }),
        sqliteRevocations(two, { purgeInterval: MINUTE, onPurgeError: (e) => reported.push(e) }),
      ]
      one.close()
      two.close()
      vi.advanceTimersByTime(MINUTE)
      expect(logged).toHaveBeenCalledTimes(1)
      expect(logged.mock.calls[0]?.[0]).toBeInstanceOf(StoreUnavailableError)
      expect(reported).toHaveLength(1)
      expect(reported[0]).toBeInstanceOf(StoreUnavailableError)
      byDefault.close()
      given.close()
    } finally {
      vi.useRealTimers()
      logged.mockRestore()
    }
  })

  it('closes without a purge timer too', () => {
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    const store = sqliteRevocations(db)
    expect(store.close()).toBeUndefined()
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
