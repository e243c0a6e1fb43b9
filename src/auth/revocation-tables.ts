/**
 * Table names of the SQL revocation stores, checked once when a store is created: only plain
 * identifiers reach SQL text, so a name can never inject SQL.
 *
 * Not a public entry point: the SQLite and PostgreSQL revocation stores import it.
 *
 * @module
 */
import { ConfigError } from '../errors.js'
import { sqlTableName } from '../stores/store-config.js'

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
  const check = (option: string, name: string) => {
    try {
      return sqlTableName(store, name, allowSchema)
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      throw new ConfigError(
        `${store} store: \`${option}\` must be an identifier (letters, digits and _` +
          `${allowSchema ? ', optionally "schema.table"' : ''}), got ${JSON.stringify(name)}.`,
      )
    }
  }
  const handles = check('handlesTable', options.handlesTable ?? 'tessera_revoked_handles')
  const users = check('usersTable', options.usersTable ?? 'tessera_revoked_users')
  if (handles.quoted === users.quoted) {
    throw new ConfigError(`${store} store: \`handlesTable\` and \`usersTable\` must differ.`)
  }
  return { handles: handles.quoted, users: users.quoted }
}
