import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { sqliteStore } from '../../src/stores/sqlite/index.js'
import type { SessionRecord } from '../../src/stores/store.js'
import { describeStore, newKey, newUser } from './suite.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'))
let files = 0
const opened: Database.Database[] = []

/** A new database file, closed after the test. */
function openDb(
  file = join(dir, `db-${(files += 1)}.sqlite`),
  options?: Database.Options,
): Database.Database {
  const db = new Database(file, options)
  opened.push(db)
  return db
}

afterEach(() => {
  vi.useRealTimers()
  for (const db of opened.splice(0)) if (db.open) db.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describeStore('sqlite', (clock) => sqliteStore(openDb(), { now: clock.now }))

const HOUR = 3_600_000

function record(at: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    data: { n: 1 },
    userId: null,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: at + HOUR,
    absoluteExpiresAt: at + 12 * HOUR,
    userAgent: null,
    ip: null,
    ...overrides,
  }
}

function tables(db: Database.Database): string[] {
  const rows = db
    .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")
    .all()
  return (rows as { name: string }[])
    .map((row) => row.name)
    .filter((name) => !name.startsWith('sqlite_'))
}

describe('sqlite store', () => {
  it('creates its table and indexes on first use, not before', () => {
    const db = openDb()
    const store = sqliteStore(db)
    expect(tables(db)).toEqual([])
    expect(store.get(newKey())).toBeUndefined()
    expect(tables(db)).toEqual([
      'tessera_sessions',
      'tessera_sessions_expires_idx',
      'tessera_sessions_user_idx',
    ])
  })

  it('uses the table name it is given, and an index for per-user listing', () => {
    const db = openDb()
    const store = sqliteStore(db, { tableName: 'app_sessions' })
    store.create(newKey(), record(Date.now(), { userId: 'u' }))
    expect(tables(db)).toEqual([
      'app_sessions',
      'app_sessions_expires_idx',
      'app_sessions_user_idx',
    ])
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT key FROM app_sessions WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC',
      )
      .all('u', 0) as { detail: string }[]
    expect(plan.map((row) => row.detail).join(' ')).toContain('app_sessions_user_idx')
  })

  it('refuses a table name that is not a plain identifier', () => {
    const db = openDb()
    for (const tableName of ['', 'sessions; DROP TABLE users', 'a"b', 'main.sessions', '1abc']) {
      expect(() => sqliteStore(db, { tableName })).toThrow(ConfigError)
    }
  })

  it('switches the database to WAL with synchronous = NORMAL by default', () => {
    const db = openDb()
    sqliteStore(db).get(newKey())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
  })

  it('can be told to use synchronous = FULL, or to leave the journal mode alone', () => {
    const full = openDb()
    sqliteStore(full, { synchronous: 'full' }).get(newKey())
    expect(full.pragma('synchronous', { simple: true })).toBe(2)
    const kept = openDb()
    sqliteStore(kept, { wal: false, synchronous: 'keep' }).get(newKey())
    expect(kept.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(kept.pragma('synchronous', { simple: true })).toBe(2)
  })

  it('passes PRAGMA integrity_check after a mixed write load, and keeps every write across a reopen', () => {
    const file = join(dir, 'load.sqlite')
    const db = openDb(file)
    const store = sqliteStore(db)
    const at = Date.now()
    const keys = Array.from({ length: 500 }, newKey)
    for (const [i, key] of keys.entries()) store.create(key, record(at, { userId: `u${i % 7}` }))
    for (const [i, key] of keys.entries()) store.update(key, { set: { i } }, at + 2 * HOUR)
    for (const key of keys.slice(0, 100)) store.destroy(key)
    db.close()
    const reopened = openDb(file)
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok')
    const again = sqliteStore(reopened)
    expect(again.get(keys[0]!)).toBeUndefined()
    for (const [i, key] of keys.entries())
      if (i >= 100) expect(again.get(key)?.data).toEqual({ n: 1, i })
  })

  it('does not lose a write made through a second connection to the same file', () => {
    const file = join(dir, 'shared.sqlite')
    const one = sqliteStore(openDb(file))
    const two = sqliteStore(openDb(file))
    const key = newKey()
    const at = Date.now()
    one.create(key, record(at))
    for (let i = 0; i < 50; i += 1) {
      one.update(key, { set: { [`one${i}`]: i } }, at + HOUR)
      two.update(key, { set: { [`two${i}`]: i } }, at + HOUR)
    }
    expect(Object.keys(two.get(key)?.data ?? {})).toHaveLength(101)
  })

  it('gives StoreUnavailableError, and writes nothing, when another connection holds the write lock', () => {
    const file = join(dir, 'locked.sqlite')
    const store = sqliteStore(openDb(file, { timeout: 20 }))
    const key = newKey()
    const at = Date.now()
    store.create(key, record(at))
    const other = openDb(file)
    other.exec('BEGIN IMMEDIATE')
    expect(() => store.update(key, { set: { lost: true } }, at + HOUR)).toThrow(
      StoreUnavailableError,
    )
    other.exec('ROLLBACK')
    expect(store.get(key)?.data).toEqual({ n: 1 })
  })

  it('gives StoreUnavailableError when the database has been closed', () => {
    const db = openDb()
    const store = sqliteStore(db)
    store.get(newKey())
    db.close()
    expect(() => store.get(newKey())).toThrow(StoreUnavailableError)
  })

  it('leaves the database open when it is closed', () => {
    const db = openDb()
    const store = sqliteStore(db, { purgeInterval: 60_000 })
    store.create(newKey(), record(Date.now()))
    store.close()
    expect(db.open).toBe(true)
    expect(store.getClient()).toBe(db)
    expect(db.prepare('SELECT count(*) AS n FROM tessera_sessions').get()).toEqual({ n: 1 })
  })

  it('purges expired rows on its timer when purgeInterval is set, and stops on close', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    let now = Date.now()
    const db = openDb()
    const store = sqliteStore(db, { purgeInterval: 600_000, now: () => now })
    const user = newUser()
    for (let i = 0; i < 3; i += 1) store.create(newKey(), record(now, { userId: user }))
    const count = () =>
      (db.prepare('SELECT count(*) AS n FROM tessera_sessions').get() as { n: number }).n
    now += HOUR
    vi.advanceTimersByTime(599_999)
    expect(count()).toBe(3)
    vi.advanceTimersByTime(1)
    expect(count()).toBe(0)
    store.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('reports a failed timed purge to onPurgeError and keeps its timer', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const db = openDb()
    const errors: unknown[] = []
    const store = sqliteStore(db, {
      purgeInterval: 1000,
      onPurgeError: (error) => errors.push(error),
    })
    db.close()
    vi.advanceTimersByTime(2000)
    expect(errors).toHaveLength(2)
    expect(errors[0]).toBeInstanceOf(StoreUnavailableError)
    store.close()
  })

  it('keeps its purge timer from holding the process open', () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const store = sqliteStore(openDb(), { purgeInterval: 1000 })
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout')).toHaveLength(before)
    store.close()
  })

  it('refuses a purgeInterval that is not a positive integer', () => {
    expect(() => sqliteStore(openDb(), { purgeInterval: 0 })).toThrow(ConfigError)
  })
})
