/**
 * The SQLite session store, on the app's own better-sqlite3 database: no other process to run.
 *
 * ```ts
 * import Database from 'better-sqlite3'
 * import { sqliteStore } from 'tessera-session/stores/sqlite'
 *
 * const store = sqliteStore(new Database('data/app.db'), { purgeInterval: 10 * 60_000 })
 * ```
 *
 * The table and its indexes are created on first use. The database is switched to WAL with
 * `synchronous = NORMAL`: a write that returned survives a crash or `kill -9` of the process
 * (it is in the WAL file, which the OS keeps), while a power cut or OS crash may lose the last
 * commits. Pass `synchronous: 'full'` to survive those too, at the price of an fsync per write.
 *
 * @module
 */
import { systemClock } from '../../internal/clock.js'
import { guardSync } from '../kit/guard.js'
import { sqlTableName, startPurgeTimer } from '../kit/options.js'
import { applyPatch, clampDeadline, touchesData } from '../kit/patch.js'
import type { SessionInfo, SessionPatch, SessionRecord, SessionStore } from '../store.js'
import type { SqliteDatabaseLike } from './client.js'
import { type InfoRow, prepare, type Row, type Statements, toInfo, toRecord } from './schema.js'

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * The table that holds the sessions, created with its indexes on first use. A plain identifier.
   * @default 'tessera_sessions'
   */
  tableName?: string
  /**
   * Switch the database to WAL (`journal_mode = WAL`), so readers never wait for the writer. The
   * mode is stored in the database file, so it applies to the app's other tables too.
   * @default true
   */
  wal?: boolean
  /**
   * The connection's `synchronous` pragma: `'normal'` keeps every returned write across a crash
   * of the process (the default, with WAL); `'full'` also across power loss and OS crashes;
   * `'keep'` leaves the connection as the app set it.
   * @default 'normal'
   */
  synchronous?: 'normal' | 'full' | 'keep'
  /**
   * Delete expired rows every this many milliseconds, on an unref'd timer that `close()` stops.
   * Off unless set: `get` never returns an expired row anyway (CL-28), so purging only reclaims
   * space. Ten minutes (`600_000`) is a good value.
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

/** The SQLite store: a {@link SessionStore} whose methods return plain values. */
export interface SqliteStore extends SessionStore {
  get(key: string): SessionRecord | undefined
  create(key: string, record: SessionRecord): void
  update(key: string, patch: SessionPatch, expiresAt: number): void
  touch(key: string, expiresAt: number, lastSeenAt?: number): void
  destroy(key: string): void
  listByUser(userId: string): SessionInfo[]
  destroyByUser(userId: string, exceptKey?: string): number
  purgeExpired(): number
  /** Stops the purge timer. The database stays open: it is the app's. */
  close(): void
  /** The database the store was given. */
  getClient(): SqliteDatabaseLike
}

const STORE_NAME = 'sqlite'
const LABEL = 'sqlite session store'

/**
 * Create a store on the app's better-sqlite3 database. Every method runs a prepared statement;
 * a patch is applied in one `BEGIN IMMEDIATE` transaction, so writers in other connections or
 * processes never interleave with it. Driver errors become `StoreUnavailableError`.
 *
 * @param db - an open better-sqlite3 `Database` (never closed by the store).
 * @param options - table name, durability, purge timer and clock.
 * @returns a synchronous {@link SqliteStore}.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3'
 * import { sqliteStore } from 'tessera-session/stores/sqlite'
 *
 * const db = new Database('sessions.db')
 * const store = sqliteStore(db, { purgeInterval: 600_000 })
 * ```
 */
export function sqliteStore(db: SqliteDatabaseLike, options: SqliteStoreOptions = {}): SqliteStore {
  const table = sqlTableName(STORE_NAME, options.tableName ?? 'tessera_sessions', false)
  const now = options.now ?? systemClock
  const synchronous = options.synchronous ?? 'normal'
  const onPurgeError = options.onPurgeError ?? ((error: unknown) => console.error(error))
  let sql: Statements | undefined
  const ready = (): Statements =>
    (sql ??= prepare(db, table.quoted, table.base, options.wal !== false, synchronous))

  const purgeExpired = (): number => guard(() => ready().purge.run(now()).changes)
  let stopPurge =
    options.purgeInterval === undefined
      ? undefined
      : startPurgeTimer(STORE_NAME, options.purgeInterval, purgeExpired, onPurgeError)

  // Read, patch and write in one immediate transaction: the write lock is taken before the read.
  const patchData = db.transaction((key: string, patch: SessionPatch, expiresAt: number) => {
    const row = ready().readData.get(key, now()) as { data: string } | undefined
    if (row === undefined) return // gone or expired: a late write must not revive it (CL-77)
    const data = applyPatch(JSON.parse(row.data) as SessionRecord['data'], patch)
    writeMeta(ready(), key, patch, expiresAt, JSON.stringify(data))
  })

  return {
    name: STORE_NAME,
    get: (key) =>
      guard(() => {
        const row = ready().get.get(key, now()) as Row | undefined
        return row === undefined ? undefined : toRecord(row)
      }),
    create: (key, record) =>
      guard(() => {
        ready().insert.run(
          key,
          JSON.stringify(record.data),
          record.userId,
          record.createdAt,
          record.lastSeenAt,
          clampDeadline(record.expiresAt, record.absoluteExpiresAt),
          record.absoluteExpiresAt,
          record.userAgent,
          record.ip,
        )
      }),
    update: (key, patch, expiresAt) =>
      guard(() => {
        if (touchesData(patch)) {
          ready() // pragmas cannot change inside a transaction: set up first
          patchData.immediate(key, patch, expiresAt)
        } else {
          writeMeta(ready(), key, patch, expiresAt, null, now())
        }
      }),
    touch: (key, expiresAt, lastSeenAt) =>
      guard(() => {
        ready().touch.run(expiresAt, lastSeenAt ?? null, key, now())
      }),
    destroy: (key) =>
      guard(() => {
        ready().destroy.run(key)
      }),
    listByUser: (userId) => guard(() => (ready().list.all(userId, now()) as InfoRow[]).map(toInfo)),
    destroyByUser: (userId, exceptKey) =>
      guard(() => {
        const at = now()
        const rows = ready().destroyByUser.all(userId, exceptKey ?? null) as {
          expires_at: number
        }[]
        return rows.filter((row) => row.expires_at > at).length
      }),
    purgeExpired,
    close: () => {
      stopPurge?.()
      stopPurge = undefined
    },
    getClient: () => db,
  }
}

function writeMeta(
  sql: Statements,
  key: string,
  patch: SessionPatch,
  expiresAt: number,
  data: string | null,
  at: number | null = null,
): void {
  const changeUser = patch.userId !== undefined ? 1 : 0
  sql.update.run(
    data,
    changeUser,
    patch.userId ?? null,
    patch.lastSeenAt ?? null,
    expiresAt,
    key,
    at,
    at,
  )
}

/** Run a store operation; a driver error becomes `StoreUnavailableError` (the adapters answer 503). */
function guard<T>(op: () => T): T {
  return guardSync(LABEL, op)
}
