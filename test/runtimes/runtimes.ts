/**
 * The other JavaScript runtimes the tests run tessera on: the `bun`, `deno` and `workerd` binaries
 * that npm installed under `node_modules/.bin`. A missing binary skips its tests with a visible
 * message, or fails them under CI=true (test/helpers/require-service.ts).
 */
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { requireBinaries } from '../helpers/require-service.js'

/** A runtime other than the Node running vitest. */
export type Runtime = 'bun' | 'deno' | 'workerd'

/** The repository root (vitest runs from it). */
export const ROOT: string = resolve(import.meta.dirname, '../..')

/** Absolute path of the runtime's binary in node_modules/.bin. */
export function runtimeBinary(runtime: Runtime): string {
  return resolve(ROOT, 'node_modules/.bin', runtime)
}

/** True when the runtime is installed; otherwise prints why its tests skip (or throws under CI). */
export function requireRuntime(runtime: Runtime): boolean {
  return requireBinaries(runtime, [runtimeBinary(runtime)])
}

/**
 * Run `script` with Bun or Deno (Deno with only the permissions a server needs to read its own
 * files and environment: no FFI, so native add-ons do not load there) and parse the one JSON line
 * it prints last. Bounded at 30 s.
 */
export function runScript(
  runtime: 'bun' | 'deno',
  script: string,
  input: unknown,
  denoFlags: readonly string[] = ['--allow-read', '--allow-env'],
): Promise<unknown> {
  const args =
    runtime === 'bun' ? [script] : ['run', '--no-prompt', '--quiet', ...denoFlags, script]
  return new Promise((resolveRun, reject) => {
    const child = execFile(
      runtimeBinary(runtime),
      args,
      {
        cwd: ROOT,
        timeout: 30_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1' },
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${runtime} ${script} failed: ${error.message}\n${stderr}`))
          return
        }
        const last = stdout.trim().split('\n').pop() ?? ''
        try {
          resolveRun(JSON.parse(last))
        } catch {
          reject(new Error(`${runtime} ${script} printed no JSON: ${stdout}\n${stderr}`))
        }
      },
    )
    child.stdin?.end(JSON.stringify(input))
  })
}
