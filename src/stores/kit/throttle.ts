/**
 * What the throttle stores share: the expiry every one writes (`now + ttlMs` on the caller's
 * clock, a counter that lasts until reset stored as {@link NEVER}, so every backend judges expiry
 * the same way) and the mapping of an SQL row to a counter.
 *
 * Not a public entry point: the throttle stores import it.
 *
 * @module
 */
import type { ThrottleEntry } from '../../auth/throttle-store.js'
import { ConfigError } from '../../errors.js'
import { sqlTableName, type SqlTableName } from './options.js'

/** The expiry stored for a counter that lasts until reset. */
export const NEVER: number = Number.MAX_SAFE_INTEGER

/** `now + ttlMs`, with `Infinity` (or any overflow) mapped to {@link NEVER}. */
export function expiryOf(ttlMs: number, now: number): number {
  if (!(ttlMs > 0)) throw new ConfigError('A throttle TTL must be a positive number of ms.')
  return Math.min(now + ttlMs, NEVER)
}

/** Maps a row (`count, first_at, last_at, expires_at`; numbers, bigints or strings) to an entry. */
export function toEntry(row: unknown): ThrottleEntry {
  const r = row as Record<string, number | string | bigint>
  return {
    count: Number(r.count),
    firstAt: Number(r.first_at),
    lastAt: Number(r.last_at),
    expiresAt: Number(r.expires_at),
  }
}

/** The table options of the SQL throttle stores (SQLite, PostgreSQL). */
export interface SqlThrottleTableOptions {
  /**
   * The table's name: an identifier (PostgreSQL also takes `schema.table`).
   * @default 'tessera_throttle'
   */
  tableName?: string
  /**
   * @deprecated Use `tableName`.
   */
  table?: string
  /**
   * Create the table (and its expiry index) when missing: at once for SQLite, on first use for
   * PostgreSQL.
   * @default true
   */
  createTable?: boolean
}

/** The checked, quoted table of an SQL throttle store (`tableName` wins over the old `table`). */
export function throttleTable(
  label: string,
  options: SqlThrottleTableOptions,
  allowSchema: boolean,
): SqlTableName {
  return sqlTableName(label, options.tableName ?? options.table ?? 'tessera_throttle', allowSchema)
}
