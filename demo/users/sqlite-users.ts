/**
 * Users in SQLite (better-sqlite3), in the same database file as the sessions. Usernames are
 * unique case-insensitively through a unique index on `lower(username)`.
 *
 * Every write is one statement (or, for migrations, one `BEGIN IMMEDIATE` transaction), so a
 * failure leaves nothing half-written. A database that is locked by another process, full, or
 * failing on disk becomes `StoreUnavailableError` (the app's 503 page with `Retry-After`); a
 * locked one is first retried a few times after short timers, never by blocking the event loop
 * (the connection's `busy_timeout` is kept small for that reason, see `backends.ts`).
 *
 * @module
 */
import type { Database } from 'better-sqlite3'
import { setTimeout as sleep } from 'node:timers/promises'
import { StoreUnavailableError } from 'tessera-session/errors'
import { isUserId, UsernameTakenError, type User, type UserRepository } from './user-repository.js'

/** Schema versions, applied in order, each once (recorded in `demo_migrations`). */
const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE demo_users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        username TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_login_at INTEGER
      );
      CREATE UNIQUE INDEX demo_users_username ON demo_users (lower(username));
    `,
  },
  {
    // Issue 11 defect 2: the credential generation that sessions are checked against.
    version: 2,
    sql: 'ALTER TABLE demo_users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;',
  },
]

interface Row {
  id: number
  username: string
  password_hash: string
  created_at: number
  last_login_at: number | null
  credential_version: number
}

/** A {@link UserRepository} on the app's better-sqlite3 database (never closed here). */
export function sqliteUsers(db: Database): UserRepository {
  const ready = (): void => migrate(db)
  let statements: ReturnType<typeof prepare> | undefined
  const sql = (): ReturnType<typeof prepare> => (statements ??= (ready(), prepare(db)))
  return {
    kind: 'sqlite',
    migrate: () => run(ready, MIGRATE_RETRIES_MS),
    create: ({ username, passwordHash, createdAt }) =>
      run(() => {
        try {
          return toUser(sql().insert.get(username, passwordHash, createdAt) as Row)
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new UsernameTakenError()
          }
          throw err
        }
      }),
    byId: (id) => run(() => (isUserId(id) ? maybeUser(sql().byId.get(Number(id))) : undefined)),
    byUsername: (username) => run(() => maybeUser(sql().byName.get(username))),
    setPasswordHash: (id, passwordHash, options = {}) =>
      run(() => {
        if (options.rehashOf === undefined) sql().setHash.run(passwordHash, Number(id))
        else sql().rehash.run(passwordHash, Number(id), options.rehashOf)
      }),
    recordLogin: (id, at) => run(() => void sql().login.run(at, Number(id))),
  }
}

/**
 * Pauses (ms) before each retry of a statement that found the database locked (`SQLITE_BUSY`):
 * with the connection's small `busy_timeout` a locked request gives up after about 1 s in all,
 * blocking the event loop for at most one `busy_timeout` at a time.
 */
const BUSY_RETRIES_MS: readonly number[] = [50, 150, 300]
/** Start-up may wait longer for another process's migration: 25 pauses of 200 ms (~5 s). */
const MIGRATE_RETRIES_MS: readonly number[] = Array.from({ length: 25 }, () => 200)

/**
 * better-sqlite3 is synchronous: run now, answer as a promise (errors as rejections). A locked
 * database is retried after `retries` pauses (each statement here is atomic, so a statement that
 * failed wrote nothing); outages become `StoreUnavailableError`.
 */
async function run<T>(fn: () => T, retries: readonly number[] = BUSY_RETRIES_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn()
    } catch (err) {
      const pause = retries[attempt]
      if (pause === undefined || !isBusy(err)) throw unavailable(err)
      await sleep(pause)
    }
  }
}

/** SQLite result codes that mean "try again later", not "this statement is wrong". */
const OUTAGE_CODES = new Set([
  'SQLITE_BUSY', // another connection holds the lock past busy_timeout
  'SQLITE_LOCKED', // a conflicting lock on this connection's shared cache
  'SQLITE_FULL', // the disk (or max_page_count) is full
  'SQLITE_IOERR', // the disk failed a read or write
  'SQLITE_CANTOPEN', // the file (or its WAL / journal) cannot be opened
  'SQLITE_PROTOCOL', // the WAL lock protocol lost a race
  'SQLITE_NOMEM',
  'SQLITE_READONLY', // the file or directory turned read-only under us
])

/** The primary result code of a better-sqlite3 error (`SQLITE_IOERR_WRITE` → `SQLITE_IOERR`). */
function primaryCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? /^SQLITE_[A-Z]+/.exec(code)?.[0] : undefined
}

function isBusy(err: unknown): boolean {
  return primaryCode(err) === 'SQLITE_BUSY'
}

/**
 * Outages become `StoreUnavailableError` (the 503 page). Everything else — constraint and SQL
 * errors, which are bugs — stays as it is, so the 500 page and the error log show it.
 */
function unavailable(err: unknown): Error {
  const code = primaryCode(err)
  if (code !== undefined && OUTAGE_CODES.has(code)) {
    return new StoreUnavailableError(`The user database is unavailable (${code}).`, { cause: err })
  }
  return err instanceof Error ? err : new Error(String(err))
}

function migrate(db: Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS demo_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  )
  // IMMEDIATE: a second process starting at the same time waits, then finds the work done.
  db.transaction(() => {
    const done = new Set(
      (db.prepare('SELECT version FROM demo_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    )
    for (const { version, sql } of MIGRATIONS) {
      if (done.has(version)) continue
      db.exec(sql)
      db.prepare('INSERT INTO demo_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        Date.now(),
      )
    }
  }).immediate()
}

function prepare(db: Database) {
  const columns = 'id, username, password_hash, created_at, last_login_at, credential_version'
  return {
    insert: db.prepare(
      `INSERT INTO demo_users (username, password_hash, created_at) VALUES (?, ?, ?) RETURNING ${columns}`,
    ),
    byId: db.prepare(`SELECT ${columns} FROM demo_users WHERE id = ?`),
    byName: db.prepare(`SELECT ${columns} FROM demo_users WHERE lower(username) = lower(?)`),
    setHash: db.prepare(
      'UPDATE demo_users SET password_hash = ?, credential_version = credential_version + 1 WHERE id = ?',
    ),
    rehash: db.prepare(
      'UPDATE demo_users SET password_hash = ? WHERE id = ? AND password_hash = ?',
    ),
    login: db.prepare('UPDATE demo_users SET last_login_at = ? WHERE id = ?'),
  }
}

function maybeUser(row: unknown): User | undefined {
  return row === undefined ? undefined : toUser(row as Row)
}

function toUser(row: Row): User {
  return {
    id: String(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    credentialVersion: row.credential_version,
  }
}
