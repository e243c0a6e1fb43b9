/**
 * The CLI's dispatcher: `tessera-session <command> [options]`. Kept apart from `main.ts` so tests run
 * commands in process with their own I/O.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { StoreUnavailableError, TesseraError } from '../errors.js'
import { decodeCommand } from './commands/decode.js'
import { encodeCommand } from './commands/encode.js'
import { migrateCommand } from './commands/migrate.js'
import { purgeCommand } from './commands/purge.js'
import { secretCommand } from './commands/secret.js'
import { sessionsCommand } from './commands/sessions.js'
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  complain,
  type CliCommand,
  type CliIo,
} from './io.js'
import { DriverMissingError, StoreSchemaError } from './store-url.js'

/** Every command, in help order. */
export const COMMANDS: readonly CliCommand[] = [
  secretCommand,
  decodeCommand,
  encodeCommand,
  purgeCommand,
  sessionsCommand,
  migrateCommand,
]

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')
  return `Usage: tessera-session <command> [options]

Commands:
${list}

Run \`tessera-session <command> --help\` for a command's options.
Exit status: 0 ok; 1 invalid, tampered or expired cookie, or a store failure (a missing
table included); 2 usage error.

Only migrate creates or changes a schema; the other commands read (purge and
sessions --revoke delete rows). Secrets: prefer --secret-file PATH or --secret-env NAME
to --secret S, which shows in ps and your shell history.
`
}

/**
 * Run the CLI with `args` (without `node` and the script) and return the exit code. Never
 * throws: every failure is one line on stderr.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args
  if (name === undefined) {
    io.stderr(usage())
    return EXIT_USAGE
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(COMMANDS.find((c) => c.name === rest[0])?.help ?? usage())
    return EXIT_OK
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version()}\n`)
    return EXIT_OK
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (command === undefined) {
    complain(io, name, `unknown command. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`)
    return EXIT_USAGE
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    if (err instanceof UsageError) {
      complain(io, command.name, `${err.message} (see tessera-session ${command.name} --help)`)
      return EXIT_USAGE
    }
    if (err instanceof StoreUnavailableError) {
      const cause = err.cause instanceof Error ? `: ${err.cause.message}` : ''
      complain(io, command.name, `${err.message.replace(/\.$/, '')}${cause}`)
      return EXIT_FAILED
    }
    if (
      err instanceof DriverMissingError ||
      err instanceof StoreSchemaError ||
      err instanceof TesseraError
    ) {
      complain(io, command.name, err.message)
      return EXIT_FAILED
    }
    complain(io, command.name, `failed: ${err instanceof Error ? err.message : String(err)}`)
    return EXIT_FAILED
  }
}

function version(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version?: unknown }
    return typeof pkg.version === 'string' ? pkg.version : 'unknown'
  } catch {
    return 'unknown'
  }
}
