/**
 * Users in PostgreSQL through a `pg` Pool, shared by every app process. Usernames are unique
 * case-insensitively through a unique index on `lower(username)`; migrations take an advisory
 * lock, so processes starting together apply each version once.
 *
 * @module
 */
import pg from 'pg'
import { StoreUnavailableError } from 'tessera-session/errors'
import { isUserId, UsernameTakenError, type User, type UserRepository } from './user-repository.js'

const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE demo_users (
        id BIGSERIAL PRIMARY KEY,
        username TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_login_at BIGINT
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

/** Arbitrary constant naming the advisory lock that serializes migrations. */
const MIGRATION_LOCK = 7_305_192_041

const COLUMNS = 'id, username, password_hash, created_at, last_login_at, credential_version'

interface Row {
  id: string
  username: string
  password_hash: string
  created_at: string
  last_login_at: string | null
  credential_version: number
}

/** A {@link UserRepository} on the app's `pg` Pool (never ended here). */
export function postgresUsers(pool: pg.Pool): UserRepository {
  const query = async (text: string, values: unknown[]): Promise<Row[]> => {
    try {
      return (await pool.query<Row>(text, values)).rows
    } catch (err) {
      throw unavailable(err)
    }
  }
  return {
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect().catch((err: unknown) => {
        throw unavailable(err)
      })
      try {
        await client.query('BEGIN')
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
        await client.query(
          'CREATE TABLE IF NOT EXISTS demo_migrations (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)',
        )
        const done = new Set(
          (await client.query<{ version: number }>('SELECT version FROM demo_migrations')).rows.map(
            (r) => r.version,
          ),
        )
        for (const { version, sql } of MIGRATIONS) {
          if (done.has(version)) continue
          await client.query(sql)
          await client.query('INSERT INTO demo_migrations (version, applied_at) VALUES ($1, $2)', [
            version,
            Date.now(),
          ])
        }
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    async create({ username, passwordHash, createdAt }) {
      try {
        const { rows } = await pool.query<Row>(
          `INSERT INTO demo_users (username, password_hash, created_at) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
          [username, passwordHash, createdAt],
        )
        return toUser(rows[0] as Row)
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new UsernameTakenError()
        throw unavailable(err)
      }
    },
    async byId(id) {
      if (!isUserId(id)) return undefined
      const rows = await query(`SELECT ${COLUMNS} FROM demo_users WHERE id = $1`, [id])
      return rows[0] === undefined ? undefined : toUser(rows[0])
    },
    async byUsername(username) {
      const rows = await query(
        `SELECT ${COLUMNS} FROM demo_users WHERE lower(username) = lower($1)`,
        [username],
      )
      return rows[0] === undefined ? undefined : toUser(rows[0])
    },
    async setPasswordHash(id, passwordHash, options = {}) {
      if (options.rehashOf === undefined) {
        await query(
          'UPDATE demo_users SET password_hash = $1, credential_version = credential_version + 1 WHERE id = $2',
          [passwordHash, id],
        )
      } else {
        await query(
          'UPDATE demo_users SET password_hash = $1 WHERE id = $2 AND password_hash = $3',
          [passwordHash, id, options.rehashOf],
        )
      }
    },
    async recordLogin(id, at) {
      await query('UPDATE demo_users SET last_login_at = $1 WHERE id = $2', [at, id])
    },
  }
}

/**
 * Connection trouble (refused, reset, timed out, server shutting down, too many clients) becomes
 * `StoreUnavailableError`, which the app answers with its 503 page. SQL errors stay as they are:
 * they are bugs, and the generic 500 page (with the error logged) is right for them.
 */
function unavailable(err: unknown): unknown {
  if (err instanceof pg.DatabaseError && !/^(08|53|57)/.test(err.code ?? '')) return err
  return new StoreUnavailableError('The user database is unavailable.', { cause: err })
}

function toUser(row: Row): User {
  return {
    id: String(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    lastLoginAt: row.last_login_at === null ? null : Number(row.last_login_at),
    credentialVersion: Number(row.credential_version),
  }
}
