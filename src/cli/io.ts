/**
 * What every CLI command shares: the I/O surface (so tests run commands in process), exit codes,
 * argument parsing with usage errors, and the `--at` / `--secret` conventions.
 *
 * @module
 */
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

/** One command of the CLI. */
export interface CliCommand {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** The full `--help` text. */
  readonly help: string
  run(args: readonly string[], io: CliIo): Promise<number>
}

/** The command line is wrong: print the message and exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** `parseArgs`, with its errors turned into {@link UsageError}s. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((err as Error).message)
    }
    throw err
  }
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

/** The secrets: every `--secret`, else `TESSERA_SECRET`. The first is current. */
export function secretsFrom(given: readonly string[] | undefined, io: CliIo): string[] {
  if (given !== undefined && given.length > 0) return [...given]
  const fromEnv = io.env.TESSERA_SECRET
  if (fromEnv !== undefined && fromEnv !== '') return [fromEnv]
  throw new UsageError('Give the secret with --secret S (or set TESSERA_SECRET).')
}

/** Read a value given as `-` from standard input (trailing newline removed). */
export async function valueOrStdin(value: string, io: CliIo): Promise<string> {
  return value === '-' ? (await io.readStdin()).replace(/\r?\n$/, '') : value
}

/** One line on stderr: `tessera-session <command>: <message>`. */
export function complain(io: CliIo, command: string, message: string): void {
  io.stderr(`tessera-session ${command}: ${message.replace(/\s*\n\s*/g, ' ')}\n`)
}
