/** Run the tessera CLI in process with captured output and a fixed clock. */
import { runCli } from '../../src/cli/run.js'
import type { CliIo } from '../../src/cli/io.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  stdin?: string
  env?: Record<string, string>
  /** Milliseconds. */
  now?: number
}

export async function cli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    env: options.env ?? {},
    now: () => options.now ?? 1_700_000_060_000,
  }
  const code = await runCli(args, io)
  return { code, stdout, stderr }
}
