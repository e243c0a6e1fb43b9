/**
 * The SQLite store's table, indexes and prepared statements, and the mapping from rows to
 * records. Times are INTEGER milliseconds; data is JSON text.
 *
 * Not a public entry point: the SQLite store imports it.
 *
 * @module
 */
import type { SessionInfo, SessionRecord } from '../store.js'
import type { SqliteDatabaseLike, SqliteStatementLike } from './client.js'

/** The store's prepared statements, made once on first use. */
export interface Statements {
  get: SqliteStatementLike
  insert: SqliteStatementLike
  readData: SqliteStatementLike
  update: SqliteStatementLike
  touch: SqliteStatementLike
  destroy: SqliteStatementLike
  list: SqliteStatementLike
  destroyByUser: SqliteStatementLike
  purge: SqliteStatementLike
}

/** A row as `listByUser` reads it. */
export interface InfoRow {
  key: string
  created_at: number
  last_seen_at: number
  expires_at: number
  absolute_expires_at: number
  user_agent: string | null
  ip: string | null
}

/** A row as `get` reads it. */
export interface Row extends Omit<InfoRow, 'key'> {
  data: string
  user_id: string | null
}

const COLUMNS = 'created_at, last_seen_at, expires_at, absolute_expires_at, user_agent, ip'

/**
 * Set the journal and sync modes, create the table and indexes if missing, and prepare every
 * statement. Must run outside a transaction (SQLite refuses to change `synchronous` inside one).
 */
export function prepare(
  db: SqliteDatabaseLike,
  t: string,
  base: string,
  wal: boolean,
  synchronous: 'normal' | 'full' | 'keep',
): Statements {
  if (wal) db.prepare('PRAGMA journal_mode = WAL').get()
  if (synchronous !== 'keep') db.exec(`PRAGMA synchronous = ${synchronous.toUpperCase()}`)
  db.exec(`CREATE TABLE IF NOT EXISTS ${t} (
    key TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    user_id TEXT,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    absolute_expires_at INTEGER NOT NULL,
    user_agent TEXT,
    ip TEXT
  );
  CREATE INDEX IF NOT EXISTS "${base}_expires_idx" ON ${t} (expires_at);
  CREATE INDEX IF NOT EXISTS "${base}_user_idx" ON ${t} (user_id, last_seen_at)
    WHERE user_id IS NOT NULL;`)
  return {
    get: db.prepare(`SELECT data, user_id, ${COLUMNS} FROM ${t} WHERE key = ? AND expires_at > ?`),
    insert: db.prepare(
      `INSERT OR REPLACE INTO ${t} (key, data, user_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    readData: db.prepare(`SELECT data FROM ${t} WHERE key = ? AND expires_at > ?`),
    // Parameters: data (NULL keeps it), change-user flag, user id, last seen (NULL keeps it),
    // deadline, key, now (NULL skips the liveness check: the transaction has just made it).
    update: db.prepare(
      `UPDATE ${t} SET data = coalesce(?, data), user_id = CASE WHEN ? THEN ? ELSE user_id END,
        last_seen_at = coalesce(?, last_seen_at), expires_at = min(?, absolute_expires_at)
        WHERE key = ? AND (? IS NULL OR expires_at > ?)`,
    ),
    touch: db.prepare(
      `UPDATE ${t} SET expires_at = min(?, absolute_expires_at),
        last_seen_at = coalesce(?, last_seen_at) WHERE key = ? AND expires_at > ?`,
    ),
    destroy: db.prepare(`DELETE FROM ${t} WHERE key = ?`),
    list: db.prepare(
      `SELECT key, ${COLUMNS} FROM ${t} WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC`,
    ),
    destroyByUser: db.prepare(
      `DELETE FROM ${t} WHERE user_id = ? AND key IS NOT ? RETURNING expires_at`,
    ),
    purge: db.prepare(`DELETE FROM ${t} WHERE expires_at <= ?`),
  }
}

/** A row as the record the store contract returns. */
export function toRecord(row: Row): SessionRecord {
  return {
    data: JSON.parse(row.data) as SessionRecord['data'],
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
    userAgent: row.user_agent,
    ip: row.ip,
  }
}

/** A row as one entry of `listByUser`. */
export function toInfo(row: InfoRow): SessionInfo {
  return {
    key: row.key,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
    userAgent: row.user_agent,
    ip: row.ip,
  }
}
