/**
 * `tessera-session decode`: verify a session cookie (tessera's sealed format or Flask's) and print what
 * it holds as one JSON object.
 *
 * @module
 */
import { parse as parseCookieHeader } from 'cookie'
import {
  FLASK_DEFAULT_MAX_AGE,
  decodeFlaskCookie,
  dumpPythonJson,
  tagFlaskValue,
} from '../../codec/flask/index.js'
import { DecodeError } from '../../errors.js'
import {
  EXIT_FAILED,
  EXIT_OK,
  UsageError,
  complain,
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

const HELP = `Usage: tessera-session decode [--secret-env NAME | --secret-file PATH | --secret S]...
                      [--format auto|tessera|flask] [--max-age SECONDS] [--at TIME]
                      [--name NAME] COOKIE

Verify a session cookie and print {"format", "issuedAt", "payload"} as one JSON object.

COOKIE is the cookie's value, NAME=VALUE as copied from the browser's developer tools,
a whole Cookie header ("a=1; session=..."), or - to read it from standard input
(keeps it out of your shell history).

Options:
${SECRET_HELP}
  --format F        auto (default: v1.… is tessera, anything else Flask), tessera or flask.
  --max-age N       Largest accepted age in seconds. Flask's default: 2678400 (31 days).
  --at TIME         Judge expiry as of TIME (Unix seconds or ISO-8601) instead of now.
  --name NAME       The cookie name a tessera cookie is bound to. Default: the name in COOKIE,
                    else __Host-session, then session.
  -h, --help        Show this help.

For Flask cookies, "payload" is the tagged JSON exactly as Flask writes it: a tuple is
{" t": [...]}, bytes {" b": "<base64>"}, a datetime {" d": "<HTTP date>"}. Flask cookies
are signed, not encrypted: anyone with the cookie can read this, only you can change it.

Exit status: 0 valid; 1 malformed, tampered, unknown-key (a wrong secret), expired or from
the future (one line on stderr says which); 2 usage error (also: a --secret-env variable
that is not set, a --secret-file that cannot be read).
`

const DEFAULT_NAMES = ['__Host-session', 'session'] as const

const OPTIONS = {
  ...SECRET_OPTIONS,
  format: { type: 'string' },
  'max-age': { type: 'string' },
  at: { type: 'string' },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CliOptions

/** `tessera-session decode`. */
export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'verify a session cookie and print its contents as JSON',
  help: HELP,
  options: OPTIONS,
  async run(args, io) {
    const { values, positionals, tokens } = parseCommandArgs(args, OPTIONS)
    if (values.help === true) {
      io.stdout(HELP)
      return EXIT_OK
    }
    if (positionals.length !== 1) throw new UsageError('decode takes exactly one COOKIE.')
    const format = values.format ?? 'auto'
    if (format !== 'auto' && format !== 'tessera' && format !== 'flask') {
      throw new UsageError('--format is auto, tessera or flask.')
    }
    const secret = secretsFrom(tokens, io)
    const maxAge =
      values['max-age'] === undefined ? undefined : parseSeconds('--max-age', values['max-age'])
    const now = values.at === undefined ? io.now() : parseTime(values.at)
    const cookie = splitCookieArgument(await valueOrStdin(positionals[0]!, io), values.name)
    const kind = format === 'auto' ? (cookie.value.startsWith('v1.') ? 'tessera' : 'flask') : format
    try {
      if (kind === 'flask') {
        const out = decodeFlaskCookie(cookie.value, {
          secret,
          now,
          maxAge: maxAge ?? FLASK_DEFAULT_MAX_AGE,
        })
        const payload = dumpPythonJson(tagFlaskValue(out.payload))
        io.stdout(`{"format":"flask","issuedAt":${iso(out.issuedAt)},"payload":${payload}}\n`)
      } else {
        const names = cookie.name !== undefined ? [cookie.name] : DEFAULT_NAMES
        const out = await openTessera(cookie.value, secret, names, now, maxAge)
        const payload = JSON.stringify(out.data)
        io.stdout(`{"format":"tessera","issuedAt":${iso(out.issuedAt)},"payload":${payload}}\n`)
      }
      return EXIT_OK
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err
      complain(io, 'decode', `${err.reason}: ${explain(err, kind, cookie, secret, now, maxAge)}`)
      return EXIT_FAILED
    }
  },
}

async function openTessera(
  value: string,
  secret: string[],
  names: readonly string[],
  now: number,
  maxAge: number | undefined,
): Promise<{ data: Record<string, unknown>; issuedAt: number }> {
  const { openSealedCookie } = await import('../../codec/index.js')
  let failure: DecodeError | undefined
  for (const cookieName of names) {
    try {
      const out = openSealedCookie(value, { secret, cookieName, now })
      if (maxAge !== undefined && now - out.issuedAt > maxAge * 1000) {
        throw new DecodeError('expired', `The cookie is older than ${maxAge} seconds.`)
      }
      return out
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err
      // A tampered verdict may only mean "bound to another name": try the next one. Any other
      // verdict means the seal opened (or the key id is unknown): that is the answer.
      if (err.reason !== 'tampered') throw err
      failure ??= err
    }
  }
  throw failure ?? new DecodeError('malformed')
}

/**
 * What went wrong, in words: the codecs' messages are written for logs ("The cookie is unknown
 * key."), the CLI says which secret, name or time the verdict was reached with.
 */
function explain(
  err: DecodeError,
  kind: 'tessera' | 'flask',
  cookie: { name: string | undefined; value: string },
  secret: readonly string[],
  now: number,
  maxAge: number | undefined,
): string {
  const given = `${secret.length} secret${secret.length === 1 ? '' : 's'} given`
  const at = new Date(now).toISOString()
  switch (err.reason) {
    case 'unknown-key':
      return (
        'signature does not match any secret: the cookie was sealed with key ' +
        `${JSON.stringify(cookie.value.slice(3, 11))}, which ` +
        `${secret.length === 1 ? 'the secret given does not have' : `none of the ${given} has`}.`
      )
    case 'tampered':
      if (kind === 'flask') {
        return `signature does not match any secret (${given}): the secret is wrong, or the cookie was changed.`
      }
      return (
        'the seal does not open: the cookie was changed, or it is bound to another cookie name ' +
        `than ${(cookie.name === undefined ? DEFAULT_NAMES : [cookie.name]).join(' or ')} ` +
        '(give the name with --name or NAME=VALUE).'
      )
    case 'expired':
      if (kind === 'tessera' && err.message === 'The cookie is expired.') {
        return `the cookie had expired by ${at}.`
      }
      return maxAge === undefined
        ? `the cookie is older than ${FLASK_DEFAULT_MAX_AGE} seconds (Flask's default; see --max-age) at ${at}.`
        : `the cookie is older than --max-age ${maxAge} seconds at ${at}.`
    case 'future':
      return `the cookie was signed after ${at}: check the clocks (or --at).`
    case 'malformed':
      return err.message === 'The cookie is malformed.'
        ? `not a well-formed ${kind === 'flask' ? 'Flask cookie (PAYLOAD.TIMESTAMP.SIGNATURE)' : 'tessera cookie (v1.…)'}.`
        : err.message
  }
}

/** The cookie value (and name) from `VALUE`, `NAME=VALUE` or a whole Cookie header. */
export function splitCookieArgument(
  text: string,
  name: string | undefined,
): { name: string | undefined; value: string } {
  const arg = text.trim().replace(/^cookie:\s*/i, '')
  if (!arg.includes('=')) return { name, value: unquote(arg) }
  const jar = parseCookieHeader(arg)
  const names = Object.keys(jar)
  const wanted =
    name ??
    DEFAULT_NAMES.find((n) => jar[n] !== undefined) ??
    (names.length === 1 ? names[0] : undefined)
  const value = wanted === undefined ? undefined : jar[wanted]
  if (wanted === undefined || value === undefined) {
    throw new UsageError(
      `Which cookie? Found ${names.length === 0 ? 'none' : names.join(', ')}; pick one with --name.`,
    )
  }
  return { name: wanted, value: unquote(value) }
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value
}

function iso(ms: number): string {
  return JSON.stringify(new Date(ms).toISOString())
}
