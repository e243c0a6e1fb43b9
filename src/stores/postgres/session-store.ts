/**
 * The PostgreSQL session store, on the app's own `pg` Pool.
 *
 * ```ts
 * import pg from 'pg'
 * import { postgresStore } from 'tessera-session/stores/postgres'
 *
 * const store = postgresStore(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * await store.migrate() // optional: the first call does it otherwise
 * ```
 *
 * Data is a `jsonb` column patched by one `UPDATE` (`data - deleted || set`, then increments), so
 * concurrent patches of different keys, and concurrent increments of one key, all survive (CL-76)
 * without a transaction or a lock held by the app.
 * Times are `bigint` milliseconds since the epoch, compared with the app's clock.
 *
 * @module
 */
import { systemClock } from '../../internal/clock.js'
import { withTimeout } from '../kit/guard.js'
import { checkPositiveInteger, sqlTableName, startPurgeTimer } from '../kit/options.js'
import { clampDeadline } from '../kit/patch.js'
import type { SessionStore } from '../store.js'
import type { PgPoolLike, Statement } from './client.js'
import { type InfoRow, migration, type Row, statements, toInfo, toRecord } from './schema.js'

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /**
   * The table that holds the sessions: an identifier, optionally schema-qualified.
   * @default 'tessera_sessions'
   */
  tableName?: string
  /**
   * Run {@link PostgresStore.migrate} before the first query. Turn it off when the schema is
   * managed by migrations (run `migrate()` from one of them, or the CLI).
   * @default true
   */
  autoMigrate?: boolean
  /**
   * Milliseconds one store call may take before it fails with `StoreUnavailableError` (CL-73).
   * @default 2000
   */
  timeoutMs?: number
  /**
   * Delete expired rows every this many milliseconds, on an unref'd timer that `close()` stops.
   * Off unless set: `get` never returns an expired row anyway (CL-28).
   * @default undefined (no timer)
   */
  purgeInterval?: number
  /**
   * Called when a timed purge fails (the next one still runs).
   * @default console.error
   */
  onPurgeError?: (error: unknown) => void
  /**
   * The clock deadlines are compared with, in milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number
}

/** The PostgreSQL store: a {@link SessionStore} plus `migrate()` and its pool. */
export interface PostgresStore extends SessionStore {
  /** Create the table and its indexes if they are missing. Idempotent and safe to run concurrently. */
  migrate(): Promise<void>
  /** The pool the store was given. */
  getClient(): PgPoolLike
}

const STORE_NAME = 'postgres'
/** How messages name the store. */
const LABEL = `${STORE_NAME} session store`

/**
 * Create a store on the app's `pg` Pool. The store never ends the pool.
 *
 * @param pool - a `pg` Pool (or a connected Client).
 * @param options - table, migration, timeout, purge timer and clock.
 * @returns a {@link PostgresStore}; every method returns a promise.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { postgresStore } from 'tessera-session/stores/postgres'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 1000 })
 * const store = postgresStore(pool, { autoMigrate: false })
 * await store.migrate()
 * ```
 */
export function postgresStore(pool: PgPoolLike, options: PostgresStoreOptions = {}): PostgresStore {
  const table = sqlTableName(STORE_NAME, options.tableName ?? 'tessera_sessions', true)
  const timeoutMs = checkPositiveInteger(STORE_NAME, 'timeoutMs', options.timeoutMs ?? 2000)
  const now = options.now ?? systemClock
  const onPurgeError = options.onPurgeError ?? ((error: unknown) => console.error(error))
  const sql = statements(table.quoted)
  const query = async <R>(
    statement: Statement,
    values: unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> => {
    const result = await pool.query({ ...statement, values })
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 }
  }

  const migrateNow = async (): Promise<void> => {
    await pool.query({ text: migration(table.quoted, table.base) })
  }
  let migrated: Promise<void> | undefined =
    options.autoMigrate === false ? Promise.resolve() : undefined
  const ready = (): Promise<void> =>
    (migrated ??= migrateNow().catch((error: unknown) => {
      migrated = undefined // try again on the next call
      throw error
    }))
  const run = <T>(op: () => Promise<T>): Promise<T> =>
    withTimeout(LABEL, timeoutMs, async () => {
      await ready()
      return op()
    })

  const purgeExpired = (): Promise<number> =>
    run(async () => (await query(sql.purge, [now()])).rowCount)
  let stopPurge =
    options.purgeInterval === undefined
      ? undefined
      : startPurgeTimer(STORE_NAME, options.purgeInterval, purgeExpired, onPurgeError)

  return {
    name: STORE_NAME,
    get: (key) =>
      run(async () => {
        const { rows } = await query<Row>(sql.get, [key, now()])
        return rows[0] === undefined ? undefined : toRecord(rows[0])
      }),
    create: (key, record) =>
      run(async () => {
        await query(sql.create, [
          key,
          JSON.stringify(record.data),
          record.userId,
          record.createdAt,
          record.lastSeenAt,
          clampDeadline(record.expiresAt, record.absoluteExpiresAt),
          record.absoluteExpiresAt,
          record.userAgent,
          record.ip,
        ])
      }),
    update: (key, patch, expiresAt) =>
      run(async () => {
        await query(sql.update, [
          key,
          patch.clear === true,
          patch.delete ?? [],
          JSON.stringify(patch.set ?? {}),
          patch.userId !== undefined,
          patch.userId ?? null,
          patch.lastSeenAt ?? null,
          expiresAt,
          now(),
          JSON.stringify(patch.increment ?? {}),
        ])
      }),
    touch: (key, expiresAt, lastSeenAt) =>
      run(async () => {
        await query(sql.touch, [key, expiresAt, lastSeenAt ?? null, now()])
      }),
    destroy: (key) =>
      run(async () => {
        await query(sql.destroy, [key])
      }),
    listByUser: (userId) =>
      run(async () => (await query<InfoRow>(sql.list, [userId, now()])).rows.map(toInfo)),
    destroyByUser: (userId, exceptKey) =>
      run(async () => {
        const { rows } = await query<{ n: number }>(sql.destroyByUser, [
          userId,
          exceptKey ?? null,
          now(),
        ])
        return rows[0]?.n ?? 0
      }),
    purgeExpired,
    close: () => {
      stopPurge?.()
      stopPurge = undefined
      return Promise.resolve()
    },
    migrate: () =>
      withTimeout(LABEL, timeoutMs, async () => {
        await migrateNow()
        migrated = Promise.resolve()
      }),
    getClient: () => pool,
  }
}
