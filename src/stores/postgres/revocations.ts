/**
 * A revocation store for sealed-cookie sessions in PostgreSQL, through the app's own `pg` Pool,
 * so every app server refuses a cookie that one of them revoked (CL-25, CL-44, CL-47).
 *
 * ```ts
 * import pg from 'pg'
 * import { createLoginManager } from 'tessera-session/auth'
 * import { postgresRevocations } from 'tessera-session/stores/postgres'
 *
 * const revocations = postgresRevocations(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * const auth = createLoginManager({ sessions, loadUser, revocations })
 * ```
 *
 * Two tables: one row per revoked handle (`handle`, `until`) and one per user with a "valid
 * from" time (`user_id`, `before`, `until`), times in `bigint` milliseconds on the app's clock.
 * Each write is one `INSERT … ON CONFLICT DO UPDATE` keeping `GREATEST` of the old and new
 * values, atomic under concurrent writers, so a revocation is never shortened or moved
 * backwards; each check is one query. Rows past `until` are ignored when read and deleted by
 * `purgeExpired()`. Each write also `NOTIFY`s its result on `channel`, in the same statement, for
 * the live views of `postgresLiveRevocations`.
 *
 * @module
 */
import type { RevocationStore } from '../../auth/revocation.js'
import { systemClock } from '../../internal/clock.js'
import { withTimeout } from '../kit/guard.js'
import { checkPositiveInteger, sqlTableName, startPurgeTimer } from '../kit/options.js'
import { revocationTables } from '../kit/revocation-tables.js'
import { named, type PgPoolLike, type PgQueryLike } from './client.js'

/** Options of {@link postgresRevocations}. */
export interface PostgresRevocationsOptions {
  /**
   * The table of revoked session handles: an identifier, optionally schema-qualified.
   * @default 'tessera_revoked_handles'
   */
  handlesTable?: string
  /**
   * The table of per-user "valid from" times: an identifier, optionally schema-qualified.
   * @default 'tessera_revoked_users'
   */
  usersTable?: string
  /**
   * The `NOTIFY` channel every write announces itself on, for `postgresLiveRevocations`: a plain
   * identifier. Use one per app sharing a database, like the table names.
   * @default 'tessera_revocations'
   */
  channel?: string
  /**
   * Run {@link PostgresRevocations.migrate} before the first query. Turn it off when the schema
   * is managed by migrations (call `migrate()` from one of them).
   * @default true
   */
  autoMigrate?: boolean
  /**
   * Milliseconds one call may take before it fails with `StoreUnavailableError` (CL-73). Give
   * the pool a `connectionTimeoutMillis` too.
   * @default 2000
   */
  timeoutMs?: number
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

/** The PostgreSQL revocation store: every method returns a promise. */
export interface PostgresRevocations extends RevocationStore {
  revokeSession(handle: string, until: number): Promise<void>
  revokeUser(userId: string, before: number, until: number): Promise<void>
  isRevoked(handle: string, userId: string, stamp: number): Promise<boolean>
  /** Delete the rows whose `until` has passed; returns how many. */
  purgeExpired(): Promise<number>
  /** Create the tables if they are missing. Idempotent and safe to run concurrently. */
  migrate(): Promise<void>
  /** Stops the purge timer. The pool stays open: it is the app's. */
  close(): Promise<void>
}

const STORE_NAME = 'PostgreSQL revocation'

/**
 * Create a revocation store on the app's `pg` Pool. The store never ends the pool. Database
 * errors, and calls slower than `timeoutMs`, throw `StoreUnavailableError` (the original as
 * `cause`), so a request that cannot check revocation fails closed (503) instead of trusting
 * the cookie.
 *
 * @param pool - a `pg` Pool (or a connected Client).
 * @param options - table names, migration, timeout, purge timer and clock.
 * @returns a {@link PostgresRevocations}.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { postgresRevocations } from 'tessera-session/stores/postgres'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 1000 })
 * const revocations = postgresRevocations(pool, { autoMigrate: false })
 * await revocations.migrate()
 * ```
 */
export function postgresRevocations(
  pool: PgPoolLike,
  options: PostgresRevocationsOptions = {},
): PostgresRevocations {
  const { handles: h, users: u } = revocationTables(STORE_NAME, options, true)
  const channel = revocationChannel(options)
  const timeoutMs = checkPositiveInteger(STORE_NAME, 'timeoutMs', options.timeoutMs ?? 2000)
  const now = options.now ?? systemClock
  const onPurgeError = options.onPurgeError ?? ((error: unknown) => console.error(error))
  const sql = {
    // Each write notifies its result in the same statement (delivered when it commits, never
    // without it); a payload near NOTIFY's 8000-byte limit becomes `*`, "re-read everything".
    revokeSession: named(
      `WITH w AS (INSERT INTO ${h} AS t (handle, "until") VALUES ($1, $2) ON CONFLICT (handle) ` +
        `DO UPDATE SET "until" = GREATEST(t."until", EXCLUDED."until") RETURNING handle, "until") ` +
        `SELECT ${notify("'h:' || w.\"until\" || ':' || w.handle")} FROM w`,
    ),
    revokeUser: named(
      `WITH w AS (INSERT INTO ${u} AS t (user_id, "before", "until") VALUES ($1, $2, $3) ` +
        `ON CONFLICT (user_id) DO UPDATE SET "before" = GREATEST(t."before", EXCLUDED."before"), ` +
        `"until" = GREATEST(t."until", EXCLUDED."until") RETURNING user_id, "before", "until") ` +
        `SELECT ${notify(`'u:' || w."before" || ':' || w."until" || ':' || w.user_id`, 4)} FROM w`,
    ),
    isRevoked: named(
      `SELECT EXISTS (SELECT 1 FROM ${h} WHERE handle = $1 AND "until" > $2::bigint) OR ` +
        `EXISTS (SELECT 1 FROM ${u} WHERE user_id = $3 AND "until" > $2::bigint ` +
        `AND "before" > $4::bigint) AS revoked`,
    ),
    purge: named(
      `WITH a AS (DELETE FROM ${h} WHERE "until" <= $1 RETURNING 1), ` +
        `b AS (DELETE FROM ${u} WHERE "until" <= $1 RETURNING 1) ` +
        `SELECT ((SELECT count(*) FROM a) + (SELECT count(*) FROM b))::int AS n`,
    ),
  }

  // One simple-protocol query: PostgreSQL runs it as one transaction, and the advisory lock
  // makes concurrent runs (several app processes starting at once) wait for each other.
  const migration =
    `SELECT pg_advisory_xact_lock(hashtext('tessera migrate ${h.replaceAll('"', '')}'));\n` +
    `CREATE TABLE IF NOT EXISTS ${h} (handle text PRIMARY KEY, "until" bigint NOT NULL);\n` +
    `CREATE TABLE IF NOT EXISTS ${u} (user_id text PRIMARY KEY, ` +
    `"before" bigint NOT NULL, "until" bigint NOT NULL);`
  const migrateNow = async (): Promise<void> => {
    await pool.query({ text: migration })
  }
  let migrated: Promise<void> | undefined =
    options.autoMigrate === false ? Promise.resolve() : undefined
  const ready = (): Promise<void> =>
    (migrated ??= migrateNow().catch((error: unknown) => {
      migrated = undefined // try again on the next call
      throw error
    }))
  const query = <R>(statement: PgQueryLike, values: unknown[]): Promise<R[]> =>
    withTimeout(`${STORE_NAME} store`, timeoutMs, async () => {
      await ready()
      return (await pool.query({ ...statement, values })).rows as R[]
    })

  const purgeExpired = async (): Promise<number> =>
    (await query<{ n: number }>(sql.purge, [now()]))[0]?.n ?? 0
  let stopPurge =
    options.purgeInterval === undefined
      ? undefined
      : startPurgeTimer(STORE_NAME, options.purgeInterval, purgeExpired, onPurgeError)

  return {
    async revokeSession(handle, until) {
      await query(sql.revokeSession, [handle, Math.ceil(until), channel])
    },
    async revokeUser(userId, before, until) {
      await query(sql.revokeUser, [userId, Math.ceil(before), Math.ceil(until), channel])
    },
    async isRevoked(handle, userId, stamp) {
      const rows = await query<{ revoked: boolean }>(sql.isRevoked, [
        handle,
        now(),
        userId,
        Math.floor(stamp),
      ])
      return rows[0]?.revoked === true
    },
    purgeExpired,
    migrate: () =>
      withTimeout(`${STORE_NAME} store`, timeoutMs, async () => {
        await migrateNow()
        migrated = Promise.resolve()
      }),
    close: () => {
      stopPurge?.()
      stopPurge = undefined
      return Promise.resolve()
    },
  }
}

/** The checked `NOTIFY` channel (an identifier: `LISTEN` takes it quoted). */
export function revocationChannel(options: { channel?: string }): string {
  const channel = options.channel ?? 'tessera_revocations'
  sqlTableName(STORE_NAME, channel, false, 'channel')
  return channel
}

/** `pg_notify($n, payload)`, or `*` when the payload would not fit in a notification. */
function notify(payload: string, param = 3): string {
  return (
    `pg_notify($${param}::text, CASE WHEN octet_length(${payload}) < 7900 ` +
    `THEN ${payload} ELSE '*' END)`
  )
}
