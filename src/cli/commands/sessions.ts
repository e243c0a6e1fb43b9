/**
 * `tessera-session sessions --store URL --user ID [--revoke]`: list a user's server-side sessions, or
 * revoke them all.
 *
 * @module
 */
import type { SessionInfo } from '../../stores/store.js'
import {
  EXIT_OK,
  UsageError,
  complain,
  parseCommandArgs,
  type CliCommand,
  type CliOptions,
} from '../io.js'
import { DEFAULT_REDIS_PREFIX, withStoreUrl } from '../store-url.js'

const HELP = `Usage: tessera-session sessions --store URL --user ID [--revoke] [--json]
                        [--table NAME | --prefix PREFIX]

List a user's live sessions in a server-side store, newest first, or revoke them all
(the user is signed out everywhere at their next request).

Listing only reads: SQLite and PostgreSQL refuse writes meanwhile (Redis still drops
expired sessions from the user's index). --revoke deletes the user's sessions. Neither
creates the table (see tessera-session migrate) nor changes the journal mode.

Options:
  --store URL       sqlite:PATH, redis://HOST[:PORT][/DB] or postgres://… (see tessera-session purge).
  --user ID         The user id the app signs users in with.
  --revoke          Delete every session of the user and print how many were deleted.
  --json            Print the list as a JSON array (times as ISO-8601).
  --table NAME      The store's table (SQLite, PostgreSQL). Default: tessera_sessions.
  --prefix PREFIX   The store's key prefix (Redis). Default: tessera: (an empty listing
                    without --prefix says which prefix it searched).
  -h, --help        Show this help.

Each session is shown by its store key (the SHA-256 of its ID), never by the ID itself:
the list cannot be used to take a session over.

Exit status: 0 ok; 1 the store failed, or its table is missing (the message names it);
2 usage error (also: a SQLite file that does not exist).
`

const OPTIONS = {
  store: { type: 'string' },
  user: { type: 'string' },
  revoke: { type: 'boolean' },
  json: { type: 'boolean' },
  table: { type: 'string' },
  prefix: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CliOptions

/** `tessera-session sessions`. */
export const sessionsCommand: CliCommand = {
  name: 'sessions',
  summary: "list (or revoke) a user's server-side sessions",
  help: HELP,
  options: OPTIONS,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS)
    if (values.help === true) {
      io.stdout(HELP)
      return EXIT_OK
    }
    if (positionals.length > 0) throw new UsageError('sessions takes no arguments.')
    if (values.store === undefined) throw new UsageError('--store URL is required.')
    if (values.user === undefined || values.user === '')
      throw new UsageError('--user ID is required.')
    const user = values.user
    const revoke = values.revoke === true
    await withStoreUrl(
      values.store,
      { table: values.table, prefix: values.prefix },
      revoke ? 'write' : 'read',
      async (store, opened) => {
        // A Redis store shares its server with everything else: an empty answer under the
        // default prefix most often means the app uses another one. Say which was searched.
        const searched =
          opened.kind === 'redis' && values.prefix === undefined
            ? `under the key prefix ${JSON.stringify(DEFAULT_REDIS_PREFIX)} (the default; give the app's with --prefix)`
            : undefined
        const note = (): void =>
          complain(io, 'sessions', `note: no sessions of ${JSON.stringify(user)} ${searched}.`)
        if (revoke) {
          const count = await store.destroyByUser(user)
          io.stdout(values.json === true ? `${JSON.stringify({ revoked: count })}\n` : `${count}\n`)
          if (count === 0 && searched !== undefined) note()
        } else {
          const list = await store.listByUser(user)
          if (values.json === true) {
            io.stdout(`${JSON.stringify(list.map(toJson))}\n`)
            if (list.length === 0 && searched !== undefined) note()
          } else if (list.length === 0 && searched !== undefined) {
            io.stdout(`No live sessions ${searched}.\n`)
          } else {
            io.stdout(table(list))
          }
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
