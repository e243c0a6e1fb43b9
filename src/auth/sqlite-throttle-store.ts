/**
 * A throttle store in SQLite through the user's `better-sqlite3` database, so every process
 * on one machine shares the login limits. One table, one atomic `INSERT … ON CONFLICT DO
 * UPDATE … RETURNING` per failure (SQLite ≥ 3.35).
 *
 * ```ts
 * import { createSqliteThrottleStore } from 'tessera-session/auth'
 * ```
 *
 * @module
 */

import { ConfigError, StoreUnavailableError } from '../errors.js'
import { expiryOf, type SyncThrottleStore, type ThrottleEntry } from './throttle-store.js'

/** The subset of a better-sqlite3 statement this store uses. */
export interface SqliteThrottleStatement {
  run(...params: unknown[]): unknown
  get(...params: unknown[]): unknown
}

/** The subset of a better-sqlite3 `Database` this store uses (no driver import in tessera). */
export interface SqliteThrottleDatabase {
  prepare(sql: string): SqliteThrottleStatement
  exec(sql: string): unknown
}

/** Options of {@link createSqliteThrottleStore}. */
export interface SqliteThrottleStoreOptions {
  /**
   * The table's name: letters, digits and `_`.
   * @default 'tessera_throttle'
   */
  table?: string
  /**
   * Create the table (and its expiry index) when missing.
   * @default true
   */
  createTable?: boolean
}

const STORE_NAME = 'sqlite'

/**
 * Creates a SQLite-backed throttle store. Statements are prepared once; every call is
 * synchronous, as better-sqlite3 is. Use WAL mode (`db.pragma('journal_mode = WAL')`) when
 * several processes share the file.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3'
 * const store = createSqliteThrottleStore(new Database('data/app.db'))
 * ```
 */
export function createSqliteThrottleStore(
  db: SqliteThrottleDatabase,
  options: SqliteThrottleStoreOptions = {},
): SyncThrottleStore {
  const table = checkTableName(options.table ?? 'tessera_throttle')
  if (options.createTable ?? true) {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY NOT NULL, ` +
        'count INTEGER NOT NULL, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL, ' +
        `expires_at INTEGER NOT NULL) WITHOUT ROWID;` +
        `CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at);`,
    )
  }
  // In an UPDATE every right-hand side reads the row as it was, so the CASEs agree.
  const hit = db.prepare(
    `INSERT INTO ${table} (key, count, first_at, last_at, expires_at) VALUES (@key, 1, @now, @now, @exp) ` +
      'ON CONFLICT (key) DO UPDATE SET ' +
      'count = CASE WHEN expires_at > @now THEN count + 1 ELSE 1 END, ' +
      'first_at = CASE WHEN expires_at > @now THEN first_at ELSE @now END, ' +
      'last_at = @now, expires_at = @exp ' +
      'RETURNING count, first_at, last_at, expires_at',
  )
  const get = db.prepare(
    `SELECT count, first_at, last_at, expires_at FROM ${table} WHERE key = ? AND expires_at > ?`,
  )
  const reset = db.prepare(`DELETE FROM ${table} WHERE key = ?`)
  const purge = db.prepare(`DELETE FROM ${table} WHERE expires_at <= ?`)

  return {
    name: STORE_NAME,
    hit(key, ttlMs, now) {
      const exp = expiryOf(ttlMs, now)
      return toEntry(guard(() => hit.get({ key, now, exp })))
    },
    get(key, now) {
      const row = guard(() => get.get(key, now))
      return row === undefined ? undefined : toEntry(row)
    },
    reset(key) {
      guard(() => reset.run(key))
    },
    purgeExpired(now) {
      const result = guard(() => purge.run(now)) as { changes?: number | bigint }
      return Number(result.changes ?? 0)
    },
    close() {
      // The database belongs to the caller.
    },
  }
}

/** Runs a statement; a driver error (`SQLITE_BUSY`, a closed database) becomes `StoreUnavailableError`. */
function guard<T>(op: () => T): T {
  try {
    return op()
  } catch (err) {
    // The driver's code (`SQLITE_BUSY`, `SQLITE_FULL`) names the outage in logs; never its message.
    const code = (err as { code?: unknown } | null)?.code
    const named = typeof code === 'string' && /^SQLITE_[A-Z_]+$/.test(code) ? ` (${code})` : ''
    throw new StoreUnavailableError(`The throttle store failed${named}.`, { cause: err })
  }
}

/** Validates a table name, which goes into SQL text and so must be a plain identifier. */
export function checkTableName(table: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table)) {
    throw new ConfigError(`Invalid table name ${JSON.stringify(table)}: use letters, digits, _.`)
  }
  return table
}

/** Maps a row (`count, first_at, last_at, expires_at`; numbers, bigints or strings) to an entry. */
export function toEntry(row: unknown): ThrottleEntry {
  const r = row as Record<string, number | string | bigint>
  return {
    count: Number(r.count),
    firstAt: Number(r.first_at),
    lastAt: Number(r.last_at),
    expiresAt: Number(r.expires_at),
  }
}
