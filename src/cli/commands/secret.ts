/**
 * `tessera-session secret`: print a new 256-bit secret, base64url-encoded (43 characters).
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { EXIT_OK, UsageError, parseCommandArgs, type CliCommand, type CliOptions } from '../io.js'

const HELP = `Usage: tessera-session secret

Print a new random 256-bit secret (base64url, 43 characters) for TESSERA_SECRET,
the \`secret\` option, or a Flask SECRET_KEY. Keep it in a file the other commands read
with --secret-file (chmod 600), or in an environment variable (--secret-env NAME).

To rotate: put the new secret first and keep the old one after it
(secret: [newSecret, oldSecret]) until every cookie signed with the old one has expired.

Options:
  -h, --help   Show this help.
`

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
} as const satisfies CliOptions

/** `tessera-session secret`. */
export const secretCommand: CliCommand = {
  name: 'secret',
  summary: 'print a new 256-bit secret (base64url)',
  help: HELP,
  options: OPTIONS,
  run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS)
    if (positionals.length > 0) throw new UsageError('secret takes no arguments.')
    io.stdout(values.help === true ? HELP : `${randomBytes(32).toString('base64url')}\n`)
    return Promise.resolve(EXIT_OK)
  },
}
