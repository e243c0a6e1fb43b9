/**
 * `tessera-session migrate --store URL [--table NAME]`: create a SQL store's table and indexes
 * where they are missing. The one CLI command that changes a schema.
 *
 * @module
 */
import { EXIT_OK, UsageError, parseCommandArgs, type CliCommand, type CliOptions } from '../io.js'
import { migrateStoreUrl } from '../store-url.js'

const HELP = `Usage: tessera-session migrate --store URL [--table NAME]

Create a server-side store's table and its indexes where they are missing, and print one
line saying what was created ("Nothing to do: …" when everything exists). Safe to run
again, and from several processes at once. The other commands never create anything.

Options:
  --store URL       sqlite:PATH or postgres://USER:PASS@HOST[:PORT]/DB. A redis:// URL is
                    accepted and does nothing: Redis stores have no schema.
  --table NAME      The table to create (PostgreSQL: schema.table allowed; the schema must
                    exist). Default: tessera_sessions.
  -h, --help        Show this help.

SQLite: the database file is created if it does not exist (the output says so). The journal
mode is left alone: the app's store switches the database to WAL on first use unless its
wal option is false.

Exit status: 0 ok; 1 the store failed, or a table of that name exists with other columns;
2 usage error.
`

const OPTIONS = {
  store: { type: 'string' },
  table: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CliOptions

/** `tessera-session migrate`. */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: "create a SQL store's table and indexes (the only command that writes a schema)",
  help: HELP,
  options: OPTIONS,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS)
    if (values.help === true) {
      io.stdout(HELP)
      return EXIT_OK
    }
    if (positionals.length > 0) throw new UsageError('migrate takes no arguments.')
    if (values.store === undefined) throw new UsageError('--store URL is required.')
    io.stdout(`${await migrateStoreUrl(values.store, { table: values.table })}\n`)
    return EXIT_OK
  },
}
