/**
 * The `pg` Pool (or Client) the PostgreSQL stores take, declared structurally ("the subset we
 * need") so tessera never imports the driver, and the prepared statements they send through it.
 *
 * Not a public entry point: `tessera-session/stores/postgres` re-exports the types.
 *
 * @module
 */
import { createHash } from 'node:crypto'

/** A query as `pg` takes it: `name` makes it a prepared statement on each connection. */
export interface PgQueryLike {
  text: string
  values?: unknown[]
  name?: string
}

/** The subset of a `pg` Pool (or Client) the stores use. */
export interface PgPoolLike {
  query(query: PgQueryLike): Promise<{ rows: unknown[]; rowCount: number | null }>
}

/** A prepared statement: `name` is derived from the text (pg refuses one name for two texts). */
export interface Statement {
  name: string
  text: string
}

/** The prepared statement of `text`. */
export function named(text: string): Statement {
  return { name: `tessera_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, text }
}
