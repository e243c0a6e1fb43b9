/**
 * Open a session store from a URL for the CLI: `sqlite:PATH`, `redis://…` / `rediss://…`,
 * `postgres://…` / `postgresql://…`. The drivers are loaded only here, lazily, with an error that
 * says how to install a missing one: a missing optional dependency is a clear message, never a crash.
 *
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3'
import { StoreUnavailableError } from '../errors.js'
import type { SessionStore } from '../stores/store.js'
import { UsageError } from './io.js'

/** A store opened by the CLI, with the connection the CLI must close. */
export interface OpenedStore {
  readonly store: SessionStore
  close(): Promise<void>
}

/** Store settings the CLI passes through. */
export interface StoreUrlOptions {
  /** SQLite / PostgreSQL table name. */
  table?: string | undefined
  /** Redis key prefix. */
  prefix?: string | undefined
}

/** The driver a store needs is not installed. The CLI prints the message and exits 1. */
export class DriverMissingError extends Error {
  constructor(driver: string, store: string) {
    super(`The ${store} store needs the "${driver}" package: npm install ${driver}`)
    this.name = 'DriverMissingError'
  }
}

/**
 * Open the store a URL names. SQLite files must exist (the CLI never creates a database);
 * PostgreSQL tables are not migrated from here.
 *
 * @throws UsageError for an unknown scheme or an option that does not apply.
 * @throws DriverMissingError when the driver package is not installed.
 */
export async function openStoreUrl(
  url: string,
  options: StoreUrlOptions = {},
): Promise<OpenedStore> {
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase()
  const tableName = options.table === undefined ? {} : { tableName: options.table }
  if (scheme !== 'redis' && scheme !== 'rediss' && options.prefix !== undefined) {
    throw new UsageError('--prefix applies to redis:// stores only.')
  }
  switch (scheme ?? '') {
    case 'sqlite': {
      const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
      if (path === '') throw new UsageError('Give the database file: sqlite:PATH.')
      // Node gives a CommonJS module as `default`; the typings of `export =` modules omit it.
      const driver = (await load(
        'better-sqlite3',
        'sqlite',
        () => import('better-sqlite3'),
      )) as unknown as {
        default: typeof BetterSqlite3
      }
      const Database = driver.default
      const { sqliteStore } = await import('../stores/sqlite-store.js')
      let db: BetterSqlite3.Database
      try {
        db = new Database(path, { fileMustExist: true })
      } catch (err) {
        throw new UsageError(`Cannot open the SQLite database ${path}: ${(err as Error).message}`)
      }
      const store = sqliteStore(db, tableName)
      return { store, close: () => Promise.resolve(store.close()).then(() => void db.close()) }
    }
    case 'redis':
    case 'rediss': {
      if (options.table !== undefined) throw new UsageError('--table does not apply to Redis.')
      const { Redis } = await load('ioredis', 'redis', () => import('ioredis'))
      const { redisStore } = await import('../stores/redis-store.js')
      const client = new Redis(url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 5000,
        retryStrategy: () => null,
      })
      let lastError: unknown
      client.on('error', (err: unknown) => void (lastError = err)) // reported by connect() below
      try {
        await client.connect()
      } catch (err) {
        client.disconnect()
        throw new StoreUnavailableError('Cannot connect to Redis', { cause: lastError ?? err })
      }
      const store = redisStore(
        client,
        options.prefix === undefined ? {} : { prefix: options.prefix },
      )
      return { store, close: async () => void (await client.quit()) }
    }
    case 'postgres':
    case 'postgresql': {
      const pg = await load('pg', 'postgres', () => import('pg'))
      const { postgresStore } = await import('../stores/postgres-store.js')
      const pool = new pg.Pool({
        connectionString: url,
        max: 1,
        connectionTimeoutMillis: 5000,
      })
      const store = postgresStore(pool, { ...tableName, autoMigrate: false })
      return { store, close: () => pool.end() }
    }
    default:
      throw new UsageError('--store is sqlite:PATH, redis://HOST[:PORT][/DB] or postgres://…')
  }
}

async function load<T>(driver: string, store: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer()
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new DriverMissingError(driver, store)
    }
    throw err
  }
}

/** Open the store a URL names, run `use` with it, and close the connection whatever happens. */
export async function withStoreUrl<T>(
  url: string,
  options: StoreUrlOptions,
  use: (store: SessionStore) => Promise<T>,
): Promise<T> {
  const opened = await openStoreUrl(url, options)
  try {
    return await use(opened.store)
  } finally {
    await opened.close()
  }
}
