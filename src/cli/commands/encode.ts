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
  secretsFrom,
  valueOrStdin,
  type CliCommand,
} from '../io.js'

const HELP = `Usage: tessera-session encode --secret S --format tessera|flask --json JSON
                      [--at TIME] [--name NAME] [--max-age SECONDS]

Print a cookie value that \`tessera-session decode\` (and, for flask, Flask itself) accepts.

Options:
  --secret S        The secret that signs (repeat for old ones: only the first signs).
                    Default: $TESSERA_SECRET.
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

Exit status: 0 ok; 2 usage error (bad JSON, weak or missing secret, unknown option).
`

/** `tessera-session encode`. */
export const encodeCommand: CliCommand = {
  name: 'encode',
  summary: 'make a session cookie value from JSON (tessera or Flask format)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      secret: { type: 'string', multiple: true },
      format: { type: 'string' },
      json: { type: 'string' },
      at: { type: 'string' },
      name: { type: 'string' },
      'max-age': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    })
    if (values.help === true) {
      io.stdout(HELP)
      return EXIT_OK
    }
    if (positionals.length > 0) throw new UsageError('encode takes no arguments; use --json.')
    if (values.format !== 'tessera' && values.format !== 'flask') {
      throw new UsageError('--format is tessera or flask.')
    }
    if (values.json === undefined) throw new UsageError('--json is required.')
    const secret = secretsFrom(values.secret, io)
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
      if (err instanceof TesseraError) throw new UsageError(err.message)
      throw err
    }
  },
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
