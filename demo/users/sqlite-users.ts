/**
 * Users in SQLite (better-sqlite3), in the same database file as the sessions. Usernames are
 * unique case-insensitively through a unique index on `lower(username)`.
 *
 * @module
 */
import type { Database } from 'better-sqlite3'
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
]

interface Row {
  id: number
  username: string
  password_hash: string
  created_at: number
  last_login_at: number | null
}

/** A {@link UserRepository} on the app's better-sqlite3 database (never closed here). */
export function sqliteUsers(db: Database): UserRepository {
  const ready = (): void => migrate(db)
  let statements: ReturnType<typeof prepare> | undefined
  const sql = (): ReturnType<typeof prepare> => (statements ??= (ready(), prepare(db)))
  return {
    kind: 'sqlite',
    migrate: () => run(ready),
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
    setPasswordHash: (id, passwordHash) =>
      run(() => void sql().setHash.run(passwordHash, Number(id))),
    recordLogin: (id, at) => run(() => void sql().login.run(at, Number(id))),
  }
}

/** better-sqlite3 is synchronous: run now, answer as a promise (errors as rejections). */
function run<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn())
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)))
  }
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
  const columns = 'id, username, password_hash, created_at, last_login_at'
  return {
    insert: db.prepare(
      `INSERT INTO demo_users (username, password_hash, created_at) VALUES (?, ?, ?) RETURNING ${columns}`,
    ),
    byId: db.prepare(`SELECT ${columns} FROM demo_users WHERE id = ?`),
    byName: db.prepare(`SELECT ${columns} FROM demo_users WHERE lower(username) = lower(?)`),
    setHash: db.prepare('UPDATE demo_users SET password_hash = ? WHERE id = ?'),
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
  }
}
