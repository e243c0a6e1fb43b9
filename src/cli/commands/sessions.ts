/**
 * `tessera-session sessions --store URL --user ID [--revoke]`: list a user's server-side sessions, or
 * revoke them all.
 *
 * @module
 */
import type { SessionInfo } from '../../stores/store.js'
import { EXIT_OK, UsageError, parseCommandArgs, type CliCommand } from '../io.js'
import { withStoreUrl } from '../store-url.js'

const HELP = `Usage: tessera-session sessions --store URL --user ID [--revoke] [--json]
                        [--table NAME | --prefix PREFIX]

List a user's live sessions in a server-side store, newest first, or revoke them all
(the user is signed out everywhere at their next request).

Options:
  --store URL       sqlite:PATH, redis://HOST[:PORT][/DB] or postgres://… (see tessera-session purge).
  --user ID         The user id the app signs users in with.
  --revoke          Delete every session of the user and print how many were deleted.
  --json            Print the list as a JSON array (times as ISO-8601).
  --table NAME      The store's table (SQLite, PostgreSQL). Default: tessera_sessions.
  --prefix PREFIX   The store's key prefix (Redis). Default: tessera:
  -h, --help        Show this help.

Each session is shown by its store key (the SHA-256 of its ID), never by the ID itself:
the list cannot be used to take a session over.

Exit status: 0 ok; 1 the store failed; 2 usage error.
`

/** `tessera-session sessions`. */
export const sessionsCommand: CliCommand = {
  name: 'sessions',
  summary: "list (or revoke) a user's server-side sessions",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      store: { type: 'string' },
      user: { type: 'string' },
      revoke: { type: 'boolean' },
      json: { type: 'boolean' },
      table: { type: 'string' },
      prefix: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    })
    if (values.help === true) {
      io.stdout(HELP)
      return EXIT_OK
    }
    if (positionals.length > 0) throw new UsageError('sessions takes no arguments.')
    if (values.store === undefined) throw new UsageError('--store URL is required.')
    if (values.user === undefined || values.user === '')
      throw new UsageError('--user ID is required.')
    const user = values.user
    await withStoreUrl(
      values.store,
      { table: values.table, prefix: values.prefix },
      async (store) => {
        if (values.revoke === true) {
          const count = await store.destroyByUser(user)
          io.stdout(values.json === true ? `${JSON.stringify({ revoked: count })}\n` : `${count}\n`)
        } else {
          const list = await store.listByUser(user)
          io.stdout(values.json === true ? `${JSON.stringify(list.map(toJson))}\n` : table(list))
        }
      },
    )
    return EXIT_OK
  },
}

function toJson(info: SessionInfo): Record<string, string | null> {
  return {
    key: info.key,
    createdAt: new Date(info.createdAt).toISOString(),
    lastSeenAt: new Date(info.lastSeenAt).toISOString(),
    expiresAt: new Date(info.expiresAt).toISOString(),
    absoluteExpiresAt: new Date(info.absoluteExpiresAt).toISOString(),
    userAgent: info.userAgent,
    ip: info.ip,
  }
}

function table(list: readonly SessionInfo[]): string {
  if (list.length === 0) return 'No live sessions.\n'
  const time = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
  const rows = [
    ['KEY', 'CREATED (UTC)', 'LAST SEEN (UTC)', 'EXPIRES (UTC)', 'IP', 'USER AGENT'],
    ...list.map((s) => [
      `${s.key.slice(0, 12)}…`,
      time(s.createdAt),
      time(s.lastSeenAt),
      time(s.expiresAt),
      s.ip ?? '-',
      clean(s.userAgent ?? '-'),
    ]),
  ]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  )
}

/** Stored user agents are user input: no control characters reach the terminal. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 80)
}
