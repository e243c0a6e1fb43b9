/**
 * A throttle store in PostgreSQL through the user's `pg` Pool (or Client), so every app
 * server shares the login limits. One table, one atomic `INSERT … ON CONFLICT DO UPDATE …
 * RETURNING` per failure: concurrent failures on one key never lose a count.
 *
 * ```ts
 * import { createPostgresThrottleStore } from 'tessera-session/auth'
 * ```
 *
 * @module
 */

import { checkTableName, toEntry } from './sqlite-throttle-store.js'
import { checkTimeout, expiryOf, guarded, type ThrottleStore } from './throttle-store.js'

/** The subset of a `pg` Pool or Client this store uses (no driver import in tessera). */
export interface PgThrottleQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount?: number | null }>
}

/** Options of {@link createPostgresThrottleStore}. */
export interface PostgresThrottleStoreOptions {
  /**
   * The table's name: letters, digits and `_` (schema-qualify with `search_path`).
   * @default 'tessera_throttle'
   */
  table?: string
  /**
   * Create the table (and its expiry index) on first use when missing.
   * @default true
   */
  createTable?: boolean
  /**
   * Milliseconds one call may take before it fails with `StoreUnavailableError`. Give the pool
   * a `connectionTimeoutMillis` too.
   * @default 2000
   */
  timeoutMs?: number
}

const STORE_NAME = 'postgres'
/** `duplicate_object`, `unique_violation`, `duplicate_table`: a concurrent CREATE won the race. */
const CREATE_RACE = new Set(['42710', '23505', '42P07'])

/**
 * Creates a PostgreSQL-backed throttle store. Times are `BIGINT` milliseconds. Errors from the
 * database, and calls slower than `timeoutMs`, surface as `StoreUnavailableError` (with the
 * original as `cause`). The store never ends the pool.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * const store = createPostgresThrottleStore(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * ```
 */
export function createPostgresThrottleStore(
  pool: PgThrottleQueryable,
  options: PostgresThrottleStoreOptions = {},
): ThrottleStore {
  const table = checkTableName(options.table ?? 'tessera_throttle')
  const timeoutMs = checkTimeout(options.timeoutMs ?? 2000)
  let ready: Promise<void> | undefined =
    (options.createTable ?? true) ? undefined : Promise.resolve()

  function ensureTable(): Promise<void> {
    ready ??= createTable(pool, table).catch((err: unknown) => {
      ready = undefined // try again on the next call
      throw err
    })
    return ready
  }

  function query(text: string, values: unknown[]): Promise<unknown[]> {
    return guarded(timeoutMs, async () => {
      await ensureTable()
      return (await pool.query(text, values)).rows
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

async function createTable(pool: PgThrottleQueryable, table: string): Promise<void> {
  try {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, count INTEGER NOT NULL, ` +
        'first_at BIGINT NOT NULL, last_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)',
    )
    await pool.query(`CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at)`)
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code
    if (typeof code !== 'string' || !CREATE_RACE.has(code)) throw err
  }
}
