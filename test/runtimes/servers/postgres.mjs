/**
 * The PostgreSQL store of the Bun and Deno servers: the built `postgresStore` on a `pg` Pool (the
 * user's client, pure JavaScript over the runtime's `node:net`), in a table of its own.
 */
import pg from 'pg'
import { postgresStore } from '../../../dist/stores/postgres/index.js'

/** A PostgreSQL store for `{ postgresUrl, postgresTable }`; the table is created on first use. */
export async function postgres(config) {
  const pool = new pg.Pool({
    connectionString: config.postgresUrl,
    max: 5,
    connectionTimeoutMillis: 2000,
  })
  const store = postgresStore(pool, { tableName: config.postgresTable, autoMigrate: false })
  await store.migrate()
  return store
}
