/**
 * Table names of the SQL revocation stores, checked once when a store is created: only plain
 * identifiers reach SQL text, so a name can never inject SQL.
 *
 * Not a public entry point: the SQLite and PostgreSQL revocation stores import it.
 *
 * @module
 */
import { ConfigError } from '../../errors.js'
import { sqlTableName } from './options.js'

/** The two tables, quoted for SQL. */
export interface RevocationTables {
  handles: string
  users: string
}

/** Check and quote the two table names (`schema.table` allowed when `allowSchema`). */
export function revocationTables(
  store: string,
  options: { handlesTable?: string; usersTable?: string },
  allowSchema: boolean,
): RevocationTables {
  const handles = sqlTableName(
    store,
    options.handlesTable ?? 'tessera_revoked_handles',
    allowSchema,
    'handlesTable',
  )
  const users = sqlTableName(
    store,
    options.usersTable ?? 'tessera_revoked_users',
    allowSchema,
    'usersTable',
  )
  if (handles.quoted === users.quoted) {
    throw new ConfigError(`${store} store: \`handlesTable\` and \`usersTable\` must differ.`)
  }
  return { handles: handles.quoted, users: users.quoted }
}
