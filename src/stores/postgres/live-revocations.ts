/**
 * PostgreSQL revocations answered from memory: a `postgresRevocations` store wrapped in a live
 * view fed by `LISTEN/NOTIFY`, so checking a sealed cookie costs no query per request (issue 14).
 *
 * ```ts
 * import pg from 'pg'
 * import { postgresLiveRevocations } from 'tessera-session/stores/postgres'
 *
 * const revocations = postgresLiveRevocations(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * ```
 *
 * Every write of the store notifies its result on `channel` in the same statement, so the
 * notification is delivered exactly when the row commits. The view holds one client of the pool
 * for `LISTEN` (reconnecting with backoff when it breaks) and, each time `LISTEN` has been
 * acknowledged, reads the unexpired rows before answering from memory again.
 *
 * @module
 */
import {
  type LiveRevocations,
  liveRevocations,
  type LiveRevocationsOptions,
} from '../kit/live-revocations.js'
import { checkPositiveInteger } from '../kit/options.js'
import { revocationTables } from '../kit/revocation-tables.js'
import { type PgListenPoolLike, postgresRevocationFeed } from './revocation-feed.js'
import {
  postgresRevocations,
  type PostgresRevocationsOptions,
  revocationChannel,
} from './revocations.js'

/** Options of {@link postgresLiveRevocations}: the store's and the view's. */
export interface PostgresLiveRevocationsOptions
  extends PostgresRevocationsOptions, LiveRevocationsOptions {}

const STORE_NAME = 'PostgreSQL live revocation'

/**
 * Create a live revocation view on the app's `pg` Pool. `isRevoked` returns a plain boolean while
 * `LISTEN` is acknowledged and caught up; while it is down, it queries
 * (`whenDisconnected: 'read'`) or refuses (`'refuse'`).
 *
 * > [!NOTE]
 * > The listener keeps one client of the pool checked out for the life of the view: size the
 * > pool one larger. Behind PgBouncer in transaction mode `LISTEN` does not work; point the pool
 * > at PostgreSQL itself (or a session-mode pool).
 *
 * @param pool - a `pg` Pool (`connect()` gives the listening client).
 * @param options - the store's options (tables, channel, migration, timeout) and the view's.
 * @returns a {@link LiveRevocations}, listening at once.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { postgresLiveRevocations } from 'tessera-session/stores/postgres'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 1000 })
 * const revocations = postgresLiveRevocations(pool, { channel: 'myapp_revocations' })
 * ```
 */
export function postgresLiveRevocations(
  pool: PgListenPoolLike,
  options: PostgresLiveRevocationsOptions = {},
): LiveRevocations {
  const tables = revocationTables(STORE_NAME, options, true)
  const timeoutMs = checkPositiveInteger(STORE_NAME, 'timeoutMs', options.timeoutMs ?? 2000)
  const retryMs = checkPositiveInteger(STORE_NAME, 'retryMs', options.retryMs ?? 250)
  const store = postgresRevocations(pool, options)
  let migrated: Promise<void> | undefined
  const ready = (): Promise<void> =>
    options.autoMigrate === false
      ? Promise.resolve()
      : (migrated ??= store.migrate().catch((error: unknown) => {
          migrated = undefined
          throw error
        }))
  const feed = postgresRevocationFeed({
    pool,
    channel: revocationChannel(options),
    handles: tables.handles,
    users: tables.users,
    timeoutMs,
    retryMs,
    ready,
  })
  return liveRevocations(store, feed, options)
}
