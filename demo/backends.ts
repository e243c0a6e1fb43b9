/**
 * Opens the demo's databases from its configuration:
 *
 * | set                       | users      | sessions   | login throttling |
 * |---------------------------|------------|------------|------------------|
 * | nothing (zero set-up)     | SQLite     | SQLite     | SQLite           |
 * | `REDIS_URL`               | SQLite     | Redis      | Redis            |
 * | `DATABASE_URL`            | PostgreSQL | PostgreSQL | PostgreSQL       |
 * | both                      | PostgreSQL | Redis      | Redis            |
 *
 * With `SESSIONS=cookie` there is no session store: sessions are sealed cookies, and logouts are
 * kept in a revocation store where the sessions would have been (SQLite in `DATA_DIR`, Redis or
 * PostgreSQL), so a logged-out cookie stays refused after a restart and in every process.
 *
 * `REDIS_SENTINELS` (with `REDIS_SENTINEL_NAME`) stands for `REDIS_URL` in the table: the same
 * Redis, found through Sentinel and followed across failovers (docs/reliability.md).
 *
 * Drivers are imported only when their backend is chosen, so a SQLite-only start never loads
 * `pg` or `ioredis`. Schema migrations run here, on every start; they are idempotent.
 *
 * @module
 */
import type SqliteDriver from 'better-sqlite3'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { SessionStore } from 'tessera-session'
import {
  postgresThrottle,
  redisThrottle,
  sqliteThrottle,
  postgresLiveRevocations,
  redisLiveRevocations,
  sqliteLiveRevocations,
  type LiveRevocations,
  type ThrottleStore,
} from 'tessera-session/auth'
import { ConfigError } from 'tessera-session/errors'
import type { DemoConfig } from './config.js'
import { postgresUsers } from './users/postgres-users.js'
import { sqliteUsers } from './users/sqlite-users.js'
import type { UserRepository } from './users/user-repository.js'

/** The opened databases, ready for `createApp`. */
export interface Backends {
  readonly users: UserRepository
  /** The server-side session store; `undefined` with sealed-cookie sessions (`SESSIONS=cookie`). */
  readonly sessionStore: SessionStore | undefined
  /** Where sealed-cookie logouts are kept; `undefined` with server-side sessions. */
  readonly revocations: LiveRevocations | undefined
  /**
   * Sealed cookies only: where a session too large for its two cookies moves its data
   * (`cookie.spill`), in the same backend; `undefined` with server-side sessions.
   */
  readonly spillStore: SessionStore | undefined
  readonly throttleStore: ThrottleStore
  /** Which backend holds what, for the start-up log line. */
  readonly summary: { users: string; sessions: string; throttle: string; revocations?: string }
  /** Stop timers and close every connection this module opened. Never throws. */
  close(): Promise<void>
}

/** Ten minutes between purges of expired session rows (SQL stores; Redis expires keys itself). */
const PURGE_INTERVAL_MS = 10 * 60_000
/** One store or database call may take this long before the request gets the 503 page (CL-73). */
const TIMEOUT_MS = 2000
/**
 * How long one SQLite statement blocks, waiting for another connection's write lock, before it
 * fails with `SQLITE_BUSY` (then the user repository retries it asynchronously, the stores answer
 * 503). Small, because the wait freezes the whole event loop.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 100

/** Open what the configuration asks for and run the migrations. */
export async function openBackends(config: DemoConfig, log: Logger): Promise<Backends> {
  const closers: (() => unknown)[] = []
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) {
      try {
        await closer()
      } catch (err) {
        log.warn({ err: String(err) }, 'error while closing a backend')
      }
    }
  }
  try {
    const sqlite = needsSqlite(config) ? await openSqlite(config) : undefined
    if (sqlite !== undefined) closers.push(() => sqlite.close())
    const pool = config.databaseUrl === undefined ? undefined : await openPostgres(config, log)
    if (pool !== undefined) closers.push(() => pool.end())
    const useRedis = config.redisUrl !== undefined || config.redisSentinels !== undefined
    const redis = useRedis ? await openRedis(config, log) : undefined
    if (redis !== undefined) closers.push(() => redis.quit().catch(() => redis.disconnect()))

    const users = pool !== undefined ? postgresUsers(pool) : sqliteUsers(required(sqlite))
    await users.migrate()

    // Sealed cookies (SESSIONS=cookie): no session store, and logouts are kept where the
    // sessions would have been, so they survive a restart and reach every process.
    const sealed = config.sessions === 'cookie'
    let sessionStore: SessionStore | undefined
    let spillStore: SessionStore | undefined
    // A live view: each process answers revocation checks from memory, kept current by push
    // (Redis pub/sub, PostgreSQL LISTEN/NOTIFY, the SQLite file's change log), so a signed-in
    // request reads no store at all, and a logout on one process is refused on every other.
    let revocations: LiveRevocations | undefined
    let throttleStore: ThrottleStore
    if (redis !== undefined) {
      if (sealed) {
        revocations = redisLiveRevocations(redis, {
          prefix: 'tessera-demo:revoked:',
          timeoutMs: TIMEOUT_MS,
        })
        const { redisStore } = await import('tessera-session/stores/redis')
        spillStore = redisStore(redis, { prefix: 'tessera-demo:spill:', timeoutMs: TIMEOUT_MS })
      } else {
        const { redisStore } = await import('tessera-session/stores/redis')
        sessionStore = redisStore(redis, { prefix: 'tessera-demo:', timeoutMs: TIMEOUT_MS })
      }
      throttleStore = redisThrottle(redis)
    } else if (pool !== undefined) {
      if (sealed) {
        revocations = postgresLiveRevocations(pool, {
          timeoutMs: TIMEOUT_MS,
          purgeInterval: PURGE_INTERVAL_MS,
        })
        const { postgresStore } = await import('tessera-session/stores/postgres')
        const store = postgresStore(pool, {
          tableName: 'tessera_spill',
          timeoutMs: TIMEOUT_MS,
          purgeInterval: PURGE_INTERVAL_MS,
        })
        await store.migrate()
        spillStore = store
      } else {
        const { postgresStore } = await import('tessera-session/stores/postgres')
        const store = postgresStore(pool, {
          timeoutMs: TIMEOUT_MS,
          purgeInterval: PURGE_INTERVAL_MS,
        })
        await store.migrate()
        sessionStore = store
      }
      throttleStore = postgresThrottle(pool)
    } else {
      if (sealed) {
        revocations = sqliteLiveRevocations(required(sqlite), { purgeInterval: PURGE_INTERVAL_MS })
        const { sqliteStore } = await import('tessera-session/stores/sqlite')
        spillStore = sqliteStore(required(sqlite), {
          tableName: 'tessera_spill',
          purgeInterval: PURGE_INTERVAL_MS,
        })
      } else {
        const { sqliteStore } = await import('tessera-session/stores/sqlite')
        sessionStore = sqliteStore(required(sqlite), { purgeInterval: PURGE_INTERVAL_MS })
      }
      throttleStore = sqliteThrottle(required(sqlite))
    }
    const backend = redis !== undefined ? 'redis' : pool !== undefined ? 'postgres' : 'sqlite'
    closers.push(
      () => sessionStore?.close(),
      () => spillStore?.close(),
      () => revocations?.close(),
      () => throttleStore.close(),
    )
    return {
      users,
      sessionStore,
      spillStore,
      revocations,
      throttleStore,
      summary: {
        users: users.kind,
        sessions: sealed ? 'cookie' : backend,
        ...(sealed ? { revocations: backend } : {}),
        throttle: throttleStore.name,
      },
      close,
    }
  } catch (err) {
    await close()
    throw err
  }
}

function needsSqlite(config: DemoConfig): boolean {
  return config.databaseUrl === undefined
}

async function openSqlite(config: DemoConfig) {
  // better-sqlite3 is CommonJS (`export =`): its dynamic import's `default` is the constructor.
  const load = async () =>
    (await import('better-sqlite3')) as unknown as {
      default: typeof SqliteDriver
    }
  const { default: Database } = await importDriver(load, 'better-sqlite3')
  const db = new Database(join(config.dataDir, 'tessera-demo.db'))
  db.pragma('journal_mode = WAL')
  // better-sqlite3 is synchronous: while SQLite waits for another process's lock, nothing else
  // in this process runs (not even /healthz). So wait briefly here; the user repository retries
  // after timers (the event loop stays free), and a lock held longer is a 503 (docs/demo.md).
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
  db.pragma('foreign_keys = ON')
  return db
}

async function openPostgres(config: DemoConfig, log: Logger) {
  const { default: pg } = await importDriver(() => import('pg'), 'pg')
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: 10,
    connectionTimeoutMillis: TIMEOUT_MS,
    query_timeout: 5000,
  })
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash us.
  pool.on('error', (err) => log.warn({ err: err.message }, 'PostgreSQL connection lost'))
  await pool.query('SELECT 1').catch((err: unknown) => {
    throw new ConfigError(`Cannot reach PostgreSQL at DATABASE_URL: ${message(err)}`)
  })
  return pool
}

async function openRedis(config: DemoConfig, log: Logger) {
  const { Redis } = await importDriver(() => import('ioredis'), 'ioredis')
  const options = {
    lazyConnect: true,
    // Refuse commands while disconnected instead of queueing them: a queued write would replay
    // after an outage the user was already shown the 503 page for.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: TIMEOUT_MS,
    commandTimeout: TIMEOUT_MS,
  }
  const sentinels = config.redisSentinels
  // Until the first connection, no Sentinel answering is a start-up error (ioredis would
  // otherwise retry inside `connect()` for ever, and the process would hang instead of exiting).
  let started = false
  const client =
    sentinels === undefined
      ? new Redis(config.redisUrl ?? '', options)
      : new Redis({
          ...options,
          // Ask the Sentinels for the current primary on every (re)connection, so a failover is
          // followed within one reconnect (docs/reliability.md).
          sentinels: sentinels.map(({ host, port }) => ({ host, port })),
          name: config.redisSentinelName ?? '',
          role: 'master',
          // Reconnect quickly while Sentinel promotes a replica (100 ms, 200 ms, … at most 1 s).
          retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
          sentinelRetryStrategy: (attempt: number) =>
            started || attempt < 3 ? Math.min(attempt * 100, 1000) : null,
          // A demoted primary answers writes with READONLY: reconnect (to the new primary) but
          // never resend the command, whose request already got its 503.
          reconnectOnError: (err: Error) => err.message.startsWith('READONLY'),
          // Sentinel's +switch-master moves the connection before the old primary's socket fails.
          failoverDetector: true,
        })
  let lastError = ''
  client.on('error', (err: Error) => {
    // ioredis retries on its own; log each distinct problem once, not every retry.
    if (err.message !== lastError) log.warn({ err: err.message }, 'Redis connection problem')
    lastError = err.message
  })
  client.on('ready', () => {
    started = true
    lastError = ''
  })
  await client.connect().catch((err: unknown) => {
    client.disconnect()
    const where = sentinels === undefined ? 'REDIS_URL' : 'REDIS_SENTINELS'
    throw new ConfigError(`Cannot reach Redis at ${where}: ${message(err)}`)
  })
  return client
}

async function importDriver<T>(load: () => Promise<T>, name: string): Promise<T> {
  try {
    return await load()
  } catch (err) {
    throw new ConfigError(`The demo needs the "${name}" package here: run \`npm install\`.`, {
      cause: err,
    })
  }
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('backend not opened')
  return value
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
