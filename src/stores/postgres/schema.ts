/**
 * The PostgreSQL store's schema (`migration`), its prepared statements and the mapping from rows
 * to records. Times are `bigint` milliseconds (pg returns them as strings); data is `jsonb`.
 *
 * Not a public entry point: the PostgreSQL store imports it.
 *
 * @module
 */
import type { SessionInfo, SessionRecord } from '../store.js'
import { named, type Statement } from './client.js'

/** A row as `listByUser` reads it. */
export interface InfoRow {
  key: string
  created_at: string
  last_seen_at: string
  expires_at: string
  absolute_expires_at: string
  user_agent: string | null
  ip: string | null
}

/** A row as `get` reads it. */
export interface Row extends Omit<InfoRow, 'key'> {
  data: SessionRecord['data']
  user_id: string | null
}

const COLUMNS = 'created_at, last_seen_at, expires_at, absolute_expires_at, user_agent, ip'

/**
 * The schema, in one simple-protocol query: PostgreSQL runs it as one transaction, and the
 * advisory lock makes concurrent runs (several app processes starting) wait for each other.
 */
export function migration(t: string, base: string): string {
  return `SELECT pg_advisory_xact_lock(hashtext('tessera migrate ${t.replaceAll('"', '')}'));
CREATE TABLE IF NOT EXISTS ${t} (
  key text PRIMARY KEY,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  user_id text,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  absolute_expires_at bigint NOT NULL,
  user_agent text,
  ip text
);
CREATE INDEX IF NOT EXISTS "${base}_expires_idx" ON ${t} (expires_at);
CREATE INDEX IF NOT EXISTS "${base}_user_idx" ON ${t} (user_id, last_seen_at DESC)
  WHERE user_id IS NOT NULL;`
}

/** The store's statements, by method. */
export type Statements = Record<
  'get' | 'create' | 'update' | 'touch' | 'destroy' | 'list' | 'destroyByUser' | 'purge',
  Statement
>

/** The statements on table `t` (already quoted), each with its prepared-statement name. */
export function statements(t: string): Statements {
  return {
    get: named(`SELECT data, user_id, ${COLUMNS} FROM ${t} WHERE key = $1 AND expires_at > $2`),
    create: named(`INSERT INTO ${t} (key, data, user_id, ${COLUMNS})
      VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, user_id = EXCLUDED.user_id,
        created_at = EXCLUDED.created_at, last_seen_at = EXCLUDED.last_seen_at,
        expires_at = EXCLUDED.expires_at, absolute_expires_at = EXCLUDED.absolute_expires_at,
        user_agent = EXCLUDED.user_agent, ip = EXCLUDED.ip`),
    // One statement: the row lock makes concurrent patches apply one after the other, each to
    // the row as the previous one left it. Clear, then delete, then set, then increment ($10, an
    // object of deltas): a value that is not a JSON number counts as 0, and the sum is taken in
    // float8, so it is the double JavaScript would compute (CL-76).
    update: named(`UPDATE ${t} SET
        data = (SELECT p.d || COALESCE((
            SELECT jsonb_object_agg(i.k, to_jsonb(
              COALESCE(CASE WHEN jsonb_typeof(p.d -> i.k) = 'number'
                THEN (p.d ->> i.k)::float8 END, 0) + i.v::float8))
            FROM jsonb_each_text($10::jsonb) AS i(k, v)), '{}'::jsonb)
          FROM (SELECT (CASE WHEN $2::boolean THEN '{}'::jsonb ELSE data - $3::text[] END)
            || $4::jsonb AS d) AS p),
        user_id = CASE WHEN $5::boolean THEN $6::text ELSE user_id END,
        last_seen_at = COALESCE($7::bigint, last_seen_at),
        expires_at = LEAST($8::bigint, absolute_expires_at)
      WHERE key = $1 AND expires_at > $9::bigint`),
    touch: named(`UPDATE ${t} SET expires_at = LEAST($2::bigint, absolute_expires_at),
        last_seen_at = COALESCE($3::bigint, last_seen_at)
      WHERE key = $1 AND expires_at > $4::bigint`),
    destroy: named(`DELETE FROM ${t} WHERE key = $1`),
    list: named(`SELECT key, ${COLUMNS} FROM ${t}
      WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC`),
    destroyByUser: named(`WITH gone AS (
        DELETE FROM ${t} WHERE user_id = $1 AND key IS DISTINCT FROM $2::text RETURNING expires_at
      ) SELECT (count(*) FILTER (WHERE expires_at > $3::bigint))::int AS n FROM gone`),
    purge: named(`DELETE FROM ${t} WHERE expires_at <= $1`),
  }
}

/** A row as the record the store contract returns. */
export function toRecord(row: Row): SessionRecord {
  return {
    data: row.data,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    absoluteExpiresAt: Number(row.absolute_expires_at),
    userAgent: row.user_agent,
    ip: row.ip,
  }
}

/** A row as one entry of `listByUser`. */
export function toInfo(row: InfoRow): SessionInfo {
  return {
    key: row.key,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    absoluteExpiresAt: Number(row.absolute_expires_at),
    userAgent: row.user_agent,
    ip: row.ip,
  }
}
