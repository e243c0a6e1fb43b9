/**
 * `tessera-session encode`: make a session cookie value from JSON, in tessera's sealed format or Flask's.
 *
 * @module
 */
import {
  PythonFloat,
  encodeFlaskCookie,
  parsePythonJson,
  untagFlaskValue,
  type FlaskValue,
} from '../../codec/flask/index.js'
import { DecodeError, TesseraError } from '../../errors.js'
import {
  EXIT_OK,
  UsageError,
  parseCommandArgs,
  parseSeconds,
  parseTime,
  SECRET_HELP,
  SECRET_OPTIONS,
  secretsFrom,
  valueOrStdin,
  type CliCommand,
  type CliOptions,
} from '../io.js'

const HELP = `Usage: tessera-session encode [--secret-env NAME | --secret-file PATH | --secret S]...
                      --format tessera|flask --json JSON
                      [--at TIME] [--name NAME] [--max-age SECONDS]

Print a cookie value that \`tessera-session decode\` (and, for flask, Flask itself) accepts.

Options:
${SECRET_HELP}
                    Only the first secret signs.
  --format F        tessera (sealed: encrypted and authenticated) or flask (signed only).
  --json JSON       The session, a JSON object; - reads it from standard input.
                    For flask it is Flask's tagged JSON: {" t": [...]} is a tuple,
                    {" b": "<base64>"} bytes, {" m": "..."} Markup, {" u": "<hex>"} a UUID,
                    {" d": "<HTTP date>"} a datetime; 1.0 stays a float, big integers exact.
  --at TIME         Sign as of TIME (Unix seconds or ISO-8601) instead of now. With flask,
                    an uncompressed cookie then equals the one Flask makes, byte for byte.
  --name NAME       tessera only: the cookie name to bind to. Default: __Host-session.
  --max-age N       tessera only: seconds until the cookie expires. Default: 1800.
  -h, --help        Show this help.

Exit status: 0 ok; 2 usage error (bad JSON, a value the format cannot store, a weak or
missing secret, an unset --secret-env variable, an unreadable --secret-file, unknown option).
`

const OPTIONS = {
  ...SECRET_OPTIONS,
  format: { type: 'string' },
  json: { type: 'string' },
  at: { type: 'string' },
  name: { type: 'string' },
  'max-age': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CliOptions

/** `tessera-session encode`. */
export const encodeCommand: CliCommand = {
  name: 'encode',
  summary: 'make a session cookie value from JSON (tessera or Flask format)',
  help: HELP,
  options: OPTIONS,
  async run(args, io) {
    const { values, positionals, tokens } = parseCommandArgs(args, OPTIONS)
    if (values.help === true) {
      io.stdout(HELP)
      return EXIT_OK
    }
    if (positionals.length > 0) throw new UsageError('encode takes no arguments; use --json.')
    if (values.format !== 'tessera' && values.format !== 'flask') {
      throw new UsageError('--format is tessera or flask.')
    }
    if (values.json === undefined) throw new UsageError('--json is required.')
    const secret = secretsFrom(tokens, io)
    const now = values.at === undefined ? io.now() : parseTime(values.at)
    const text = await valueOrStdin(values.json, io)
    try {
      if (values.format === 'flask') {
        if (values.name !== undefined || values['max-age'] !== undefined) {
          throw new UsageError('--name and --max-age apply to --format tessera only.')
        }
        io.stdout(`${encodeFlaskCookie(readFlaskSession(text), { secret, now })}\n`)
      } else {
        const maxAge =
          values['max-age'] === undefined ? undefined : parseSeconds('--max-age', values['max-age'])
        const { sealCookie } = await import('../../codec/index.js')
        const data = readJsonObject(text)
        const cookie = sealCookie(data, {
          secret,
          now,
          ...(values.name === undefined ? {} : { cookieName: values.name }),
          ...(maxAge === undefined ? {} : { maxAge }),
        })
        io.stdout(`${cookie}\n`)
      }
      return EXIT_OK
    } catch (err) {
      // A weak secret, a value the format cannot carry: the input is wrong, so exit 2.
      if (err instanceof TesseraError) throw new UsageError(quoteValuePath(err.message))
      throw err
    }
  },
}

/**
 * The codecs name a value by its JavaScript path from the root (`value.x[0].when`); the CLI's
 * user wrote JSON, so name the key as they would: `Cannot store "x[0].when"`.
 */
export function quoteValuePath(message: string): string {
  return message.replace(
    /^Cannot store value(.*?)(?=: | in (?:a Flask|a Flask-format|the) session)/s,
    (_, path: string) =>
      path === ''
        ? 'Cannot store the session'
        : `Cannot store ${JSON.stringify(path.replace(/^\./, ''))}`,
  )
}

function readFlaskSession(text: string): FlaskValue {
  let value: FlaskValue
  try {
    value = untagFlaskValue(parsePythonJson(text))
  } catch (err) {
    if (err instanceof DecodeError) throw new UsageError(`--json: ${err.message}`)
    throw err
  }
  if (!isObject(value)) throw new UsageError('--json must be a JSON object (the session).')
  return value
}

function readJsonObject(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new UsageError('--json is not valid JSON.')
  }
  if (!isObject(value)) throw new UsageError('--json must be a JSON object (the session).')
  return value
}

function isObject(value: unknown): value is Record<string, FlaskValue> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof PythonFloat) &&
    Object.getPrototypeOf(value) === Object.prototype
  )
}
