/**
 * A revocation store for sealed-cookie sessions in SQLite, through the app's own better-sqlite3
 * database, so every process on one machine refuses a cookie that one of them revoked (CL-25,
 * CL-44, CL-47).
 *
 * ```ts
 * import Database from 'better-sqlite3'
 * import { createLoginManager } from 'tessera-session/auth'
 * import { sqliteRevocations } from 'tessera-session/stores/sqlite'
 *
 * const auth = createLoginManager({ sessions, loadUser, revocations: sqliteRevocations(db) })
 * ```
 *
 * Two tables, created on first use: one row per revoked handle (`handle`, `until`) and one per
 * user with a "valid from" time (`user_id`, `before`, `until`). Times are INTEGER milliseconds on
 * the app's clock. Writes are single upserts that keep the larger `before` and `until`, so a
 * revocation is never shortened or moved backwards, whatever order two processes write in; a
 * check is one prepared `SELECT`. Rows past `until` are ignored when read and deleted by
 * `purgeExpired()`.
 *
 * @module
 */
import type { RevocationStore } from '../../auth/revocation.js'
import { systemClock } from '../../internal/clock.js'
import { guardSync } from '../kit/guard.js'
import { startPurgeTimer } from '../kit/options.js'
import { revocationTables } from '../kit/revocation-tables.js'
import type { SqliteDatabaseLike, SqliteStatementLike } from './client.js'

/** @deprecated Use `SqliteStatementLike`. */
export type SqliteRevocationsStatement = SqliteStatementLike

/** @deprecated Use `Pick<SqliteDatabaseLike, 'prepare' | 'exec'>`. */
export type SqliteRevocationsDatabase = Pick<SqliteDatabaseLike, 'prepare' | 'exec'>

/** Options of {@link sqliteRevocations}. */
export interface SqliteRevocationsOptions {
  /**
   * The table of revoked session handles: a plain identifier.
   * @default 'tessera_revoked_handles'
   */
  handlesTable?: string
  /**
   * The table of per-user "valid from" times: a plain identifier.
   * @default 'tessera_revoked_users'
   */
  usersTable?: string
  /**
   * Delete expired rows every this many milliseconds, on an unref'd timer that `close()` stops.
   * Off unless set: expired rows are ignored anyway, purging only reclaims space.
   * @default undefined (no timer)
   */
  purgeInterval?: number
  /**
   * Called when a timed purge fails (the next one still runs).
   * @default console.error
   */
  onPurgeError?: (error: unknown) => void
  /**
   * The clock `until` is compared with, in milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number
}

/** The SQLite revocation store: every method returns a plain value, as better-sqlite3 does. */
export interface SqliteRevocations extends RevocationStore {
  revokeSession(handle: string, until: number): void
  revokeUser(userId: string, before: number, until: number): void
  isRevoked(handle: string, userId: string, stamp: number): boolean
  /** Delete the rows whose `until` has passed; returns how many. */
  purgeExpired(): number
  /** Stops the purge timer. The database stays open: it is the app's. */
  close(): void
}

const STORE_NAME = 'SQLite revocation'

interface Statements {
  revokeSession: SqliteStatementLike
  revokeUser: SqliteStatementLike
  isRevoked: SqliteStatementLike
  purgeHandles: SqliteStatementLike
  purgeUsers: SqliteStatementLike
}

/**
 * Create a revocation store on the app's better-sqlite3 database. Driver errors (a closed
 * database, `SQLITE_BUSY` past the connection's busy timeout) become `StoreUnavailableError`,
 * so a request that cannot check revocation fails closed (503) instead of trusting the cookie.
 *
 * > [!NOTE]
 * > When several processes share the file, put it in WAL mode
 * > (`db.pragma('journal_mode = WAL')`, as `sqliteStore` does) so checks never wait for a writer.
 *
 * @param db - an open better-sqlite3 `Database` (never closed by the store).
 * @param options - table names, purge timer and clock.
 * @returns a synchronous {@link SqliteRevocations}.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3'
 * import { sqliteRevocations } from 'tessera-session/stores/sqlite'
 *
 * const db = new Database('data/app.db')
 * db.pragma('journal_mode = WAL')
 * const revocations = sqliteRevocations(db, { purgeInterval: 3_600_000 })
 * ```
 */
export function sqliteRevocations(
  db: Pick<SqliteDatabaseLike, 'prepare' | 'exec'>,
  options: SqliteRevocationsOptions = {},
): SqliteRevocations {
  const tables = revocationTables(STORE_NAME, options, false)
  const now = options.now ?? systemClock
  const onPurgeError = options.onPurgeError ?? ((error: unknown) => console.error(error))
  let sql: Statements | undefined
  const ready = (): Statements => (sql ??= prepare(db, tables.handles, tables.users))

  const purgeExpired = (): number =>
    guard(() => {
      const at = now()
      return ready().purgeHandles.run(at).changes + ready().purgeUsers.run(at).changes
    })
  const stopPurge =
    options.purgeInterval === undefined
      ? undefined
      : startPurgeTimer(STORE_NAME, options.purgeInterval, purgeExpired, onPurgeError)

  return {
    revokeSession: (handle, until) =>
      guard(() => {
        ready().revokeSession.run(handle, Math.ceil(until))
      }),
    revokeUser: (userId, before, until) =>
      guard(() => {
        ready().revokeUser.run(userId, Math.ceil(before), Math.ceil(until))
      }),
    isRevoked: (handle, userId, stamp) =>
      guard(() => {
        const at = now()
        const row = ready().isRevoked.get(handle, at, userId, at, Math.floor(stamp)) as {
          revoked: number
        }
        return row.revoked === 1
      }),
    purgeExpired,
    // Stopping twice is harmless: it clears the same interval again.
    close: () => {
      stopPurge?.()
    },
  }
}

/** Create the tables when missing and prepare every statement (once, on first use). */
function prepare(
  db: Pick<SqliteDatabaseLike, 'prepare' | 'exec'>,
  h: string,
  u: string,
): Statements {
  db.exec(revocationSchema(h, u))
  return {
    // Keep the larger value: two processes revoking at once, in any order, end up with the
    // longest revocation and the latest "valid from" (a revocation never moves backwards).
    revokeSession: db.prepare(
      `INSERT INTO ${h} (handle, "until") VALUES (?, ?) ON CONFLICT (handle) ` +
        `DO UPDATE SET "until" = max("until", excluded."until")`,
    ),
    revokeUser: db.prepare(
      `INSERT INTO ${u} (user_id, "before", "until") VALUES (?, ?, ?) ON CONFLICT (user_id) ` +
        `DO UPDATE SET "before" = max("before", excluded."before"), "until" = max("until", excluded."until")`,
    ),
    // One statement, two primary-key lookups: the handle, then the user's "valid from" time.
    isRevoked: db.prepare(
      `SELECT (EXISTS (SELECT 1 FROM ${h} WHERE handle = ? AND "until" > ?) OR ` +
        `EXISTS (SELECT 1 FROM ${u} WHERE user_id = ? AND "until" > ? AND "before" > ?)) AS revoked`,
    ),
    purgeHandles: db.prepare(`DELETE FROM ${h} WHERE "until" <= ?`),
    purgeUsers: db.prepare(`DELETE FROM ${u} WHERE "until" <= ?`),
  }
}

/** The two tables' DDL (idempotent): `sqliteLiveRevocations` adds its triggers to them. */
export function revocationSchema(h: string, u: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${h} (handle TEXT PRIMARY KEY NOT NULL, "until" INTEGER NOT NULL) ` +
    `WITHOUT ROWID;\n` +
    `CREATE TABLE IF NOT EXISTS ${u} (user_id TEXT PRIMARY KEY NOT NULL, ` +
    `"before" INTEGER NOT NULL, "until" INTEGER NOT NULL) WITHOUT ROWID;`
  )
}

/** Run a statement; a driver error becomes `StoreUnavailableError` (the request fails closed). */
function guard<T>(op: () => T): T {
  return guardSync(`${STORE_NAME} store`, op)
}
