/**
 * A throttle store in SQLite through the user's `better-sqlite3` database, so every process
 * on one machine shares the login limits. One table, one atomic `INSERT … ON CONFLICT DO
 * UPDATE … RETURNING` per failure (SQLite ≥ 3.35).
 *
 * ```ts
 * import { sqliteThrottle } from 'tessera-session/stores/sqlite'
 * ```
 *
 * @module
 */
import type { SyncThrottleStore } from '../../auth/throttle-store.js'
import { guardSync } from '../kit/guard.js'
import { expiryOf, type SqlThrottleTableOptions, throttleTable, toEntry } from '../kit/throttle.js'
import type { SqliteDatabaseLike } from './client.js'

/** Options of {@link sqliteThrottle}: the table, and whether to create it. */
export type SqliteThrottleOptions = SqlThrottleTableOptions

/** @deprecated Use {@link SqliteThrottleOptions}. */
export type SqliteThrottleStoreOptions = SqliteThrottleOptions

const STORE_NAME = 'sqlite'
/** How messages name the store. */
const LABEL = 'sqlite throttle'

/**
 * Creates a SQLite-backed throttle store. Statements are prepared once; every call is
 * synchronous, as better-sqlite3 is. Use WAL mode (`db.pragma('journal_mode = WAL')`) when
 * several processes share the file. A driver error (`SQLITE_BUSY`, a closed database) becomes
 * `StoreUnavailableError`.
 *
 * @param db - an open better-sqlite3 `Database` (never closed by the store).
 * @param options - table name and whether to create it.
 * @returns a synchronous throttle store.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3'
 * import { sqliteThrottle } from 'tessera-session/stores/sqlite'
 *
 * const store = sqliteThrottle(new Database('data/app.db'))
 * ```
 */
export function sqliteThrottle(
  db: Pick<SqliteDatabaseLike, 'prepare' | 'exec'>,
  options: SqliteThrottleOptions = {},
): SyncThrottleStore {
  const { quoted: table, base } = throttleTable(LABEL, options, false)
  if (options.createTable ?? true) {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY NOT NULL, ` +
        'count INTEGER NOT NULL, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL, ' +
        `expires_at INTEGER NOT NULL) WITHOUT ROWID;` +
        `CREATE INDEX IF NOT EXISTS "${base}_expires_at" ON ${table} (expires_at);`,
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
  const guard = <T>(op: () => T): T => guardSync(`${LABEL} store`, op)

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
      return guard(() => purge.run(now).changes)
    },
    close() {
      // The database belongs to the caller.
    },
  }
}

/** @deprecated Use {@link sqliteThrottle}. */
export const createSqliteThrottleStore: typeof sqliteThrottle = sqliteThrottle
