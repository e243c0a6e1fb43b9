/**
 * A throttle store in PostgreSQL through the user's `pg` Pool (or Client), so every app
 * server shares the login limits. One table, one atomic `INSERT … ON CONFLICT DO UPDATE …
 * RETURNING` per failure: concurrent failures on one key never lose a count.
 *
 * ```ts
 * import { postgresThrottle } from 'tessera-session/stores/postgres'
 * ```
 *
 * @module
 */
import type { ThrottleStore } from '../../auth/throttle-store.js'
import { withTimeout } from '../kit/guard.js'
import { checkPositiveInteger } from '../kit/options.js'
import { expiryOf, type SqlThrottleTableOptions, throttleTable, toEntry } from '../kit/throttle.js'
import type { PgPoolLike } from './client.js'

/** Options of {@link postgresThrottle}. */
export interface PostgresThrottleOptions extends SqlThrottleTableOptions {
  /**
   * Milliseconds one call may take before it fails with `StoreUnavailableError` (CL-73). Give
   * the pool a `connectionTimeoutMillis` too.
   * @default 2000
   */
  timeoutMs?: number
}

/** @deprecated Use {@link PostgresThrottleOptions}. */
export type PostgresThrottleStoreOptions = PostgresThrottleOptions

const STORE_NAME = 'postgres'
/** How messages name the store. */
const LABEL = 'PostgreSQL throttle'
/** `duplicate_object`, `unique_violation`, `duplicate_table`: a concurrent CREATE won the race. */
const CREATE_RACE = new Set(['42710', '23505', '42P07'])

/**
 * Creates a PostgreSQL-backed throttle store. Times are `BIGINT` milliseconds. Errors from the
 * database, and calls slower than `timeoutMs`, surface as `StoreUnavailableError` (with the
 * original as `cause`). The store never ends the pool.
 *
 * @param pool - a `pg` Pool (or a connected Client).
 * @param options - table, its creation and the timeout.
 * @returns a throttle store; every method returns a promise.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { postgresThrottle } from 'tessera-session/stores/postgres'
 *
 * const store = postgresThrottle(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * ```
 */
export function postgresThrottle(
  pool: PgPoolLike,
  options: PostgresThrottleOptions = {},
): ThrottleStore {
  const { quoted: table, base } = throttleTable(LABEL, options, true)
  const timeoutMs = checkPositiveInteger(LABEL, 'timeoutMs', options.timeoutMs ?? 2000)
  let ready: Promise<void> | undefined =
    (options.createTable ?? true) ? undefined : Promise.resolve()

  function ensureTable(): Promise<void> {
    ready ??= createTable(pool, table, base).catch((err: unknown) => {
      ready = undefined // try again on the next call
      throw err
    })
    return ready
  }

  function query(text: string, values: unknown[]): Promise<unknown[]> {
    return withTimeout(`${LABEL} store`, timeoutMs, async () => {
      await ensureTable()
      return (await pool.query({ text, values })).rows
    })
  }

  const hitSql =
    `INSERT INTO ${table} AS t (key, count, first_at, last_at, expires_at) ` +
    'VALUES ($1, 1, $2, $2, $3) ON CONFLICT (key) DO UPDATE SET ' +
    'count = CASE WHEN t.expires_at > $2 THEN t.count + 1 ELSE 1 END, ' +
    'first_at = CASE WHEN t.expires_at > $2 THEN t.first_at ELSE $2 END, ' +
    'last_at = $2, expires_at = $3 RETURNING count, first_at, last_at, expires_at'

  return {
    name: STORE_NAME,
    async hit(key, ttlMs, now) {
      const rows = await query(hitSql, [key, now, expiryOf(ttlMs, now)])
      return toEntry(rows[0])
    },
    async get(key, now) {
      const rows = await query(
        `SELECT count, first_at, last_at, expires_at FROM ${table} WHERE key = $1 AND expires_at > $2`,
        [key, now],
      )
      return rows.length === 0 ? undefined : toEntry(rows[0])
    },
    async reset(key) {
      await query(`DELETE FROM ${table} WHERE key = $1`, [key])
    },
    async purgeExpired(now) {
      const rows = await query(`DELETE FROM ${table} WHERE expires_at <= $1 RETURNING 1`, [now])
      return rows.length
    },
    close() {
      // The pool belongs to the caller.
    },
  }
}

/** @deprecated Use {@link postgresThrottle}. */
export const createPostgresThrottleStore: typeof postgresThrottle = postgresThrottle

async function createTable(pool: PgPoolLike, table: string, base: string): Promise<void> {
  try {
    await pool.query({
      text:
        `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, count INTEGER NOT NULL, ` +
        'first_at BIGINT NOT NULL, last_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)',
    })
    await pool.query({
      text: `CREATE INDEX IF NOT EXISTS "${base}_expires_at" ON ${table} (expires_at)`,
    })
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code
    if (typeof code !== 'string' || !CREATE_RACE.has(code)) throw err
  }
}
