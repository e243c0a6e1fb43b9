/**
 * What every CLI command shares: the I/O surface (so tests run commands in process), exit codes,
 * argument parsing with usage errors, and the `--at` / `--secret` conventions.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Exit codes (docs/cli.md): 0 ok, 1 the cookie or the store said no, 2 the command line is wrong. */
export const EXIT_OK = 0
/** An invalid, tampered or expired cookie, or a store that failed. */
export const EXIT_FAILED = 1
/** A usage error: unknown option, missing argument, bad value. */
export const EXIT_USAGE = 2

/** Where a command reads and writes: the process, or a test's buffers. */
export interface CliIo {
  /** Write to standard output (the text includes its newline). */
  stdout(text: string): void
  /** Write to standard error (the text includes its newline). */
  stderr(text: string): void
  /** All of standard input, as UTF-8. */
  readStdin(): Promise<string>
  /** Environment variables (`TESSERA_SECRET`). */
  env: Readonly<Record<string, string | undefined>>
  /** The clock, in milliseconds. */
  now(): number
}

/** The options of one command, as `parseArgs` takes them. */
export type CliOptions = NonNullable<ParseArgsConfig['options']>

/** One command of the CLI. */
export interface CliCommand {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** The full `--help` text. */
  readonly help: string
  /** Every option the command takes (the unknown-option message lists them). */
  readonly options: CliOptions
  run(args: readonly string[], io: CliIo): Promise<number>
}

/** The command line is wrong: print the message and exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/**
 * `parseArgs`, strict, with friendlier rules and messages:
 *
 * - an unknown option lists the command's valid ones, with a did-you-mean;
 * - a string option takes the next argument as its value even when it starts with `-`
 *   (`--secret -abc`), unless that argument is one of the command's own options
 *   (`--secret --format` is a missing value; `--secret=--format` gives it);
 * - everything after `--` is positional.
 *
 * `tokens` keeps the order of the options (the secrets use it).
 */
export function parseCommandArgs<T extends CliOptions>(
  args: readonly string[],
  options: T,
): ReturnType<
  typeof parseArgs<{
    args: string[]
    options: T
    allowPositionals: true
    strict: true
    tokens: true
  }>
> {
  const normalised = normaliseArgs(args, options)
  try {
    return parseArgs({
      args: normalised,
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    })
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((err as Error).message)
    }
    throw err
  }
}

function normaliseArgs(args: readonly string[], options: CliOptions): string[] {
  const shorts = new Map<string, string>()
  for (const [name, spec] of Object.entries(options)) {
    if (spec.short !== undefined) shorts.set(spec.short, name)
  }
  const isOwnOption = (arg: string): boolean => {
    if (arg === '--') return true
    if (arg.startsWith('--')) return Object.hasOwn(options, arg.slice(2).split('=')[0]!)
    return /^-[A-Za-z]+$/.test(arg) && [...arg.slice(1)].every((c) => shorts.has(c))
  }
  const out: string[] = []
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!
    if (arg === '--') {
      out.push(...args.slice(i))
      break
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=')
      const name = arg.slice(2, eq === -1 ? undefined : eq)
      const spec = Object.hasOwn(options, name) ? options[name] : undefined
      if (spec === undefined) throw unknownOption(`--${name}`, options)
      if (spec.type === 'boolean') {
        if (eq !== -1) throw new UsageError(`--${name} takes no value.`)
        out.push(arg)
      } else if (eq !== -1) {
        out.push(arg)
      } else {
        const next = args[i + 1]
        if (next === undefined) throw new UsageError(`--${name} needs a value.`)
        if (next.startsWith('-') && next !== '-' && isOwnOption(next)) {
          throw new UsageError(
            `--${name} needs a value, and ${next} is an option. ` +
              `To give a value that starts with "-", write --${name}=VALUE.`,
          )
        }
        out.push(`--${name}=${next}`)
        i += 1
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      const unknown = [...arg.slice(1)].find((c) => !shorts.has(c))
      if (unknown !== undefined) throw unknownOption(`-${unknown}`, options)
      out.push(arg)
    } else {
      out.push(arg)
    }
  }
  return out
}

/** `Unknown option --sceret. Did you mean --secret? Valid options: --secret, …` */
function unknownOption(given: string, options: CliOptions): UsageError {
  const names = Object.keys(options)
  const valid = names.map((name) => `--${name}`).join(', ')
  const guess = given.startsWith('--') ? closest(given.slice(2), names) : undefined
  const hint = guess === undefined ? '' : ` Did you mean --${guess}?`
  return new UsageError(`Unknown option ${given}.${hint} Valid options: ${valid}.`)
}

/** The option a typo most likely meant: a unique prefix, else the nearest within 2 edits. */
function closest(given: string, names: readonly string[]): string | undefined {
  const prefixed = names.filter((name) => given.length >= 2 && name.startsWith(given))
  if (prefixed.length === 1) return prefixed[0]
  let best: string | undefined
  let bestDistance = Math.min(2, Math.floor(given.length / 3))
  for (const name of names) {
    const d = editDistance(given.toLowerCase(), name)
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = name
      bestDistance = d
    }
  }
  return best
}

/** Edit distance with adjacent transpositions (optimal string alignment): "sceret" → "secret" is 1. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2]![j - 2]! + 1)
      }
      d[i]![j] = v
    }
  }
  return d[a.length]![b.length]!
}

/**
 * Read `--at`: Unix seconds (`1700000000`, decimals allowed) or an ISO-8601 date-time
 * (`2023-11-14T22:13:20Z`). Returns milliseconds.
 */
export function parseTime(text: string): number {
  const trimmed = text.trim()
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Number(trimmed) * 1000
    if (Number.isFinite(ms) && ms >= 0) return ms
  } else if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const ms = Date.parse(trimmed)
    if (Number.isFinite(ms) && ms >= 0) return ms
  }
  throw new UsageError(`--at takes Unix seconds or an ISO-8601 date-time, not "${text}".`)
}

/** Read a whole number of seconds (`--max-age`). */
export function parseSeconds(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${name} takes a whole number of seconds, not "${text}".`)
  }
  return Number(text)
}

/** The options every command that signs or verifies takes, in this order. */
export const SECRET_OPTIONS: {
  readonly secret: { readonly type: 'string'; readonly multiple: true }
  readonly 'secret-file': { readonly type: 'string'; readonly multiple: true }
  readonly 'secret-env': { readonly type: 'string'; readonly multiple: true }
} = {
  secret: { type: 'string', multiple: true },
  'secret-file': { type: 'string', multiple: true },
  'secret-env': { type: 'string', multiple: true },
} as const satisfies CliOptions

/** The `--help` lines for {@link SECRET_OPTIONS}. */
export const SECRET_HELP = `  --secret-env NAME A secret from the environment variable NAME (its exact value).
  --secret-file PATH
                    Secrets from a file: one per line, newest first. Blank lines and
                    spaces around a secret are ignored.
  --secret S        A secret on the command line. It shows in ps and your shell history:
                    prefer the two above. Takes any value, even one starting with "-".
                    Repeat any of the three for older secrets: they are used in command-line
                    order, and the first is current. Default: $TESSERA_SECRET.`

/**
 * The secrets, newest first: every `--secret`, `--secret-env` and `--secret-file` in command-line
 * order (a file adds its lines in order), else `TESSERA_SECRET`.
 *
 * @throws UsageError naming the variable or file that is unset, empty or unreadable.
 */
export function secretsFrom(
  tokens: readonly { kind: string; name?: string; value?: string | undefined }[],
  io: CliIo,
): string[] {
  const secrets: string[] = []
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue
    if (token.name === 'secret') {
      if (token.value === '') throw new UsageError('--secret is empty.')
      secrets.push(token.value)
    } else if (token.name === 'secret-env') {
      secrets.push(secretFromEnv(token.value, io))
    } else if (token.name === 'secret-file') {
      secrets.push(...secretsFromFile(token.value))
    }
  }
  if (secrets.length > 0) return secrets
  const fromEnv = io.env.TESSERA_SECRET
  if (fromEnv !== undefined && fromEnv !== '') return [fromEnv]
  throw new UsageError(
    'Give the secret with --secret-env NAME, --secret-file PATH or --secret S (or set TESSERA_SECRET).',
  )
}

function secretFromEnv(name: string, io: CliIo): string {
  const value = io.env[name]
  if (value === undefined) {
    throw new UsageError(`--secret-env ${name}: the environment variable ${name} is not set.`)
  }
  if (value === '') {
    throw new UsageError(`--secret-env ${name}: the environment variable ${name} is empty.`)
  }
  return value
}

function secretsFromFile(path: string): string[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new UsageError(`Cannot read --secret-file ${path}: ${fileProblem(err)}.`)
  }
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  if (lines.length === 0) {
    throw new UsageError(`--secret-file ${path} holds no secret (one per line, newest first).`)
  }
  return lines
}

function fileProblem(err: unknown): string {
  switch ((err as { code?: unknown }).code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'it is a directory'
    default:
      return err instanceof Error ? err.message : String(err)
  }
}

/** Read a value given as `-` from standard input (trailing newline removed). */
export async function valueOrStdin(value: string, io: CliIo): Promise<string> {
  return value === '-' ? (await io.readStdin()).replace(/\r?\n$/, '') : value
}

/** One line on stderr: `tessera-session <command>: <message>`. */
export function complain(io: CliIo, command: string, message: string): void {
  io.stderr(`tessera-session ${command}: ${message.replace(/\s*\n\s*/g, ' ')}\n`)
}
