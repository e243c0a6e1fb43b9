/**
 * Open a session store from a URL for the CLI: `sqlite:PATH`, `redis://…` / `rediss://…`,
 * `postgres://…` / `postgresql://…`. The drivers are loaded only here, lazily, with an error that
 * says how to install a missing one: a missing optional dependency is a clear message, never a crash.
 *
 * The CLI reads unless told to write: `openStoreUrl` (for `sessions` and `purge`) checks that the
 * table exists before the store touches it and never creates, migrates or reconfigures anything;
 * `migrateStoreUrl` (for `migrate`) is the one place that creates tables.
 *
 * @module
 */
import { existsSync } from 'node:fs'
import type BetterSqlite3 from 'better-sqlite3'
import type { Redis } from 'ioredis'
import type { Pool } from 'pg'
import { ConfigError, StoreUnavailableError } from '../errors.js'
import type { SqliteDatabaseLike } from '../stores/sqlite/client.js'
import { sqlTableName, type SqlTableName } from '../stores/kit/options.js'
import type { SessionStore } from '../stores/store.js'
import { UsageError } from './io.js'

/** A store opened by the CLI, with the connection the CLI must close. */
export interface OpenedStore {
  readonly store: SessionStore
  /** Which store the URL named. */
  readonly kind: 'sqlite' | 'redis' | 'postgres'
  close(): Promise<void>
}

/** Store settings the CLI passes through. */
export interface StoreUrlOptions {
  /** SQLite / PostgreSQL table name. */
  table?: string | undefined
  /** Redis key prefix. */
  prefix?: string | undefined
}

/**
 * What a command does with the store: `read` only reads (SQLite `query_only`, PostgreSQL
 * `default_transaction_read_only`: the database refuses any write); `write` also deletes rows (`purge`, `--revoke`). Neither
 * creates, migrates or reconfigures anything: only {@link migrateStoreUrl} does.
 */
export type StoreAccess = 'read' | 'write'

/** The driver a store needs is not installed. The CLI prints the message and exits 1. */
export class DriverMissingError extends Error {
  constructor(driver: string, store: string) {
    super(`The ${store} store needs the "${driver}" package: npm install ${driver}`)
    this.name = 'DriverMissingError'
  }
}

/**
 * The store's table is missing, or is not a session table. The CLI prints the message (which
 * names the table and says how to create it) and exits 1.
 */
export class StoreSchemaError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StoreSchemaError'
  }
}

/** The Redis key prefix the store uses when none is given (redisStore's default). */
export const DEFAULT_REDIS_PREFIX = 'tessera:'
const DEFAULT_TABLE = 'tessera_sessions'

/** The columns a session table has (both SQL stores). */
const COLUMNS = [
  'key',
  'data',
  'user_id',
  'created_at',
  'last_seen_at',
  'expires_at',
  'absolute_expires_at',
  'user_agent',
  'ip',
] as const

/**
 * Open the store a URL names, for reading (or deleting rows). Nothing is created: a SQLite file
 * must exist, and a missing table is a {@link StoreSchemaError} found with `sqlite_master` /
 * `to_regclass` before the store runs a statement. The SQLite journal mode and `synchronous`
 * setting are left as they are.
 *
 * @throws UsageError for an unknown scheme, a bad table name or an option that does not apply.
 * @throws DriverMissingError when the driver package is not installed.
 * @throws StoreSchemaError when the table is missing or has other columns.
 */
export async function openStoreUrl(
  url: string,
  options: StoreUrlOptions = {},
  access: StoreAccess = 'write',
): Promise<OpenedStore> {
  const scheme = schemeOf(url, options)
  switch (scheme) {
    case 'sqlite': {
      const path = sqlitePath(url)
      const table = checkedTable('sqlite', options.table)
      const Database = await loadSqlite()
      const { sqliteStore } = await import('../stores/sqlite/session-store.js')
      let db: BetterSqlite3.Database
      try {
        db = new Database(path, { fileMustExist: true })
        // A listing cannot write even by mistake. (Not `readonly`: a read-only connection
        // leaves a WAL database's -wal and -shm files behind when it closes.)
        if (access === 'read') db.pragma('query_only = ON')
      } catch (err) {
        throw new UsageError(`Cannot open the SQLite database ${path}: ${(err as Error).message}`)
      }
      try {
        const found = sqliteTable(db, path, table.name)
        if (found === undefined)
          throw missingTable(table.name, `the SQLite database ${path}`, url, sqliteTables(db))
        checkColumns(table.name, sqliteColumns(db, found))
      } catch (err) {
        db.close()
        throw err
      }
      const store = sqliteStore(withoutSchemaChanges(db), {
        tableName: table.name,
        wal: false,
        synchronous: 'keep',
      })
      return {
        store,
        kind: 'sqlite',
        close: () => Promise.resolve(store.close()).then(() => void db.close()),
      }
    }
    case 'redis': {
      const client = await connectRedis(url)
      const { redisStore } = await import('../stores/redis/session-store.js')
      const store = redisStore(
        client,
        options.prefix === undefined ? {} : { prefix: options.prefix },
      )
      return { store, kind: 'redis', close: async () => void (await client.quit()) }
    }
    case 'postgres': {
      const table = checkedTable('postgres', options.table)
      const pool = await postgresPool(url, access === 'read')
      try {
        const found = await postgresTable(pool, table.quoted)
        if (found === undefined) {
          throw missingTable(table.name, 'the PostgreSQL database', url, await postgresTables(pool))
        }
        checkColumns(table.name, found.columns)
      } catch (err) {
        await pool.end()
        throw err
      }
      const { postgresStore } = await import('../stores/postgres/session-store.js')
      const store = postgresStore(pool, { tableName: table.name, autoMigrate: false })
      return { store, kind: 'postgres', close: () => pool.end() }
    }
  }
}

/**
 * `tessera-session migrate`: create the store's table and indexes where they are missing, and
 * return one line saying what was created. The SQLite file is created if it does not exist; its
 * journal mode is left to the app (the store's `wal` option switches it on first use).
 */
export async function migrateStoreUrl(
  url: string,
  options: Pick<StoreUrlOptions, 'table'>,
): Promise<string> {
  const scheme = schemeOf(url, options)
  if (scheme === 'redis') {
    return 'Nothing to do: a Redis store has no schema to create (its keys are written as sessions are).'
  }
  if (scheme === 'sqlite') {
    const path = sqlitePath(url)
    const table = checkedTable('sqlite', options.table)
    const Database = await loadSqlite()
    const { sqliteStore } = await import('../stores/sqlite/session-store.js')
    const existed = existsSync(path)
    let db: BetterSqlite3.Database
    try {
      db = new Database(path)
    } catch (err) {
      throw new UsageError(`Cannot open the SQLite database ${path}: ${(err as Error).message}`)
    }
    try {
      const found = sqliteTable(db, path, table.name)
      if (found !== undefined) checkColumns(table.name, sqliteColumns(db, found))
      const before = sqliteSchemaNames(db)
      const store = sqliteStore(db, { tableName: table.name, wal: false, synchronous: 'keep' })
      store.get('') // the store creates its table and indexes on first use
      store.close()
      const created = sqliteSchemaNames(db).filter((name) => !before.includes(name))
      return createdLine(created, table.name, existed ? path : `${path} (a new database file)`)
    } finally {
      db.close()
    }
  }
  const table = checkedTable('postgres', options.table)
  const pool = await postgresPool(url, false)
  try {
    const found = await postgresTable(pool, table.quoted)
    if (found !== undefined) checkColumns(table.name, found.columns)
    const parts = table.quoted.split('.')
    const indexName = (suffix: string): string =>
      [...parts.slice(0, -1), `"${table.base}_${suffix}"`].join('.')
    const objects = [
      { name: table.name, quoted: table.quoted },
      { name: `${table.base}_expires_idx`, quoted: indexName('expires_idx') },
      { name: `${table.base}_user_idx`, quoted: indexName('user_idx') },
    ]
    const exists = async (quoted: string): Promise<boolean> =>
      (await pgQuery(pool, 'SELECT to_regclass($1) IS NOT NULL AS found', [quoted]))[0]?.found ===
      true
    const before = await Promise.all(objects.map((o) => exists(o.quoted)))
    const { postgresStore } = await import('../stores/postgres/session-store.js')
    await postgresStore(pool, { tableName: table.name, autoMigrate: false }).migrate()
    const after = await Promise.all(objects.map((o) => exists(o.quoted)))
    const created = objects
      .filter((_, i) => after[i] === true && before[i] !== true)
      .map((o) => o.name)
    return createdLine(created, table.name, 'the PostgreSQL database')
  } finally {
    await pool.end()
  }
}

function createdLine(created: readonly string[], table: string, where: string): string {
  if (created.length === 0) {
    return `Nothing to do: table ${table} and its indexes exist in ${where}.`
  }
  const what = created.map((name) => (name === table ? `table ${name}` : `index ${name}`))
  return `Created ${what.join(', ')} in ${where}.`
}

function schemeOf(url: string, options: StoreUrlOptions): 'sqlite' | 'redis' | 'postgres' {
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase()
  const kind =
    scheme === 'sqlite'
      ? 'sqlite'
      : scheme === 'redis' || scheme === 'rediss'
        ? 'redis'
        : scheme === 'postgres' || scheme === 'postgresql'
          ? 'postgres'
          : undefined
  if (kind === undefined) {
    throw new UsageError('--store is sqlite:PATH, redis://HOST[:PORT][/DB] or postgres://…')
  }
  if (kind !== 'redis' && options.prefix !== undefined) {
    throw new UsageError('--prefix applies to redis:// stores only.')
  }
  if (kind === 'redis' && options.table !== undefined) {
    throw new UsageError('--table does not apply to Redis.')
  }
  return kind
}

function sqlitePath(url: string): string {
  const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
  if (path === '') throw new UsageError('Give the database file: sqlite:PATH.')
  return path
}

/** The table name, checked as the store checks it, so a bad one is a usage error (exit 2). */
function checkedTable(
  store: 'sqlite' | 'postgres',
  name: string | undefined,
): SqlTableName & { name: string } {
  const tableName = name ?? DEFAULT_TABLE
  try {
    return { ...sqlTableName(store, tableName, store === 'postgres'), name: tableName }
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new UsageError(
        `--table takes an identifier such as tessera_sessions${store === 'postgres' ? ' or schema.table' : ''}, not ${JSON.stringify(tableName)}.`,
      )
    }
    throw err
  }
}

function missingTable(
  table: string,
  where: string,
  url: string,
  others: readonly string[],
): StoreSchemaError {
  const shown = others.slice(0, 10).join(', ') + (others.length > 10 ? ', …' : '')
  const tables = others.length === 0 ? 'it has no tables' : `its tables: ${shown}`
  const flag = table === DEFAULT_TABLE ? '' : ` --table ${table}`
  return new StoreSchemaError(
    `No table ${table} in ${where} (${tables}). Check --table (the app's tableName), or create ` +
      `the table with: tessera-session migrate --store ${redactUrl(url)}${flag}`,
  )
}

function checkColumns(table: string, columns: readonly string[]): void {
  const missing = COLUMNS.filter((column) => !columns.includes(column))
  if (missing.length > 0) {
    throw new StoreSchemaError(
      `Table ${table} is not a tessera session table: it has no column ${missing.join(', ')}. ` +
        "Check --table (the app's tableName).",
    )
  }
}

/** A URL fit to print: the password replaced. */
function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@')
}

// SQLite ---------------------------------------------------------------------------------------

async function loadSqlite(): Promise<typeof BetterSqlite3> {
  // Node gives a CommonJS module as `default`; the typings of `export =` modules omit it.
  const driver = (await load(
    'better-sqlite3',
    'sqlite',
    () => import('better-sqlite3'),
  )) as unknown as {
    default: typeof BetterSqlite3
  }
  return driver.default
}

/** Run a read of the schema; a driver error (not a database, locked) is a store failure. */
function sqliteRead<T>(path: string, read: () => T): T {
  try {
    return read()
  } catch (err) {
    throw new StoreUnavailableError(`Cannot read the SQLite database ${path}`, { cause: err })
  }
}

/** The table's name as stored (SQLite names are case-insensitive), or undefined. */
function sqliteTable(db: BetterSqlite3.Database, path: string, table: string): string | undefined {
  return sqliteRead(path, () => {
    const row = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")
      .get(table) as { name: string } | undefined
    return row?.name
  })
}

function sqliteTables(db: BetterSqlite3.Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((row) => row.name)
}

function sqliteColumns(db: BetterSqlite3.Database, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map(
    (row) => row.name.toLowerCase(),
  )
}

function sqliteSchemaNames(db: BetterSqlite3.Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL",
      )
      .all() as {
      name: string
    }[]
  ).map((row) => row.name)
}

/**
 * The database as the store sees it, minus schema changes: the table has been checked, so the
 * store's set-up (`CREATE TABLE / INDEX IF NOT EXISTS`) is skipped, and any other schema
 * statement fails instead of running.
 */
function withoutSchemaChanges(db: BetterSqlite3.Database): SqliteDatabaseLike {
  return {
    prepare: (sql) => db.prepare(sql),
    transaction: ((fn: Parameters<BetterSqlite3.Database['transaction']>[0]) =>
      db.transaction(fn)) as SqliteDatabaseLike['transaction'],
    exec: (sql) => {
      const statements = sql
        .split(';')
        .map((part) => part.trim())
        .filter((part) => part !== '')
      if (statements.every((part) => /^CREATE\s+(TABLE|INDEX)\s+IF\s+NOT\s+EXISTS\b/i.test(part))) {
        return undefined
      }
      throw new Error('the CLI changes no schema outside `tessera-session migrate`')
    },
  }
}

// Redis ----------------------------------------------------------------------------------------

async function connectRedis(url: string): Promise<Redis> {
  const { Redis } = await load('ioredis', 'redis', () => import('ioredis'))
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
  return client
}

// PostgreSQL -----------------------------------------------------------------------------------

async function postgresPool(url: string, readOnly: boolean): Promise<Pool> {
  const pg = await load('pg', 'postgres', () => import('pg'))
  return new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: 5000,
    // A listing cannot write even by mistake: the server refuses it.
    ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  })
}

async function pgQuery(
  pool: Pool,
  text: string,
  values: unknown[],
): Promise<Record<string, unknown>[]> {
  try {
    return (await pool.query(text, values)).rows as Record<string, unknown>[]
  } catch (err) {
    const fromServer = typeof (err as { severity?: unknown }).severity === 'string'
    throw new StoreUnavailableError(
      fromServer ? 'PostgreSQL refused the query' : 'Cannot connect to PostgreSQL',
      { cause: err },
    )
  }
}

/** The table (a table or partitioned table, as `to_regclass` resolves it) and its columns. */
async function postgresTable(
  pool: Pool,
  quoted: string,
): Promise<{ columns: string[] } | undefined> {
  const rows = await pgQuery(
    pool,
    `SELECT a.attname AS column FROM pg_class c
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')`,
    [quoted],
  )
  if (rows.length === 0) return undefined
  return { columns: rows.map((row) => String(row.column)) }
}

/** The tables the search path shows, to spot a typo in --table. */
async function postgresTables(pool: Pool): Promise<string[]> {
  const rows = await pgQuery(
    pool,
    `SELECT CASE WHEN table_schema = current_schema() THEN table_name
                 ELSE table_schema || '.' || table_name END AS name
       FROM information_schema.tables
      WHERE table_schema = ANY (current_schemas(false)) AND table_type = 'BASE TABLE'
      ORDER BY 1 LIMIT 11`,
    [],
  )
  return rows.map((row) => String(row.name))
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
  access: StoreAccess,
  use: (store: SessionStore, opened: OpenedStore) => Promise<T>,
): Promise<T> {
  const opened = await openStoreUrl(url, options, access)
  try {
    return await use(opened.store, opened)
  } finally {
    await opened.close()
  }
}
