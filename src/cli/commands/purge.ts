/**
 * `tessera-session purge --store URL`: delete expired server-side sessions and print how many.
 * It deletes rows and nothing else: a missing table is an error, never created.
 *
 * @module
 */
import { EXIT_OK, UsageError, parseCommandArgs, type CliCommand, type CliOptions } from '../io.js'
import { withStoreUrl } from '../store-url.js'

const HELP = `Usage: tessera-session purge --store URL [--table NAME | --prefix PREFIX]

Delete the expired sessions from a server-side store and print how many were deleted.
Expired sessions are never returned anyway; purging reclaims the space. Run it from cron
(every 10 minutes is plenty) or let the store's purgeInterval option do it.

purge deletes expired rows and changes nothing else: it never creates the table (see
tessera-session migrate) and never changes a SQLite database's journal mode.

Options:
  --store URL       sqlite:PATH, redis://[USER:PASS@]HOST[:PORT][/DB] (or rediss://),
                    postgres://USER:PASS@HOST[:PORT]/DB
  --table NAME      The store's table (SQLite, PostgreSQL). Default: tessera_sessions.
  --prefix PREFIX   The store's key prefix (Redis). Default: tessera:
                    Redis expires sessions by itself: there, purge deletes nothing and prints 0.
  -h, --help        Show this help.

Exit status: 0 ok; 1 the store failed, or its table is missing (the message names it);
2 usage error (also: a SQLite file that does not exist).
`

const OPTIONS = {
  store: { type: 'string' },
  table: { type: 'string' },
  prefix: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CliOptions

/** `tessera-session purge`. */
export const purgeCommand: CliCommand = {
  name: 'purge',
  summary: 'delete expired server-side sessions, print how many',
  help: HELP,
  options: OPTIONS,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS)
    if (values.help === true) {
      io.stdout(HELP)
      return EXIT_OK
    }
    if (positionals.length > 0) throw new UsageError('purge takes no arguments.')
    if (values.store === undefined) throw new UsageError('--store URL is required.')
    const purged = await withStoreUrl(
      values.store,
      { table: values.table, prefix: values.prefix },
      'write',
      async (store) => store.purgeExpired(),
    )
    io.stdout(`${purged}\n`)
    return EXIT_OK
  },
}
