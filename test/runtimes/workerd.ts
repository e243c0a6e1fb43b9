/**
 * Run a Worker under the real `workerd` binary for a test: write a temporary `config.capnp`, serve
 * the Worker on a kernel-chosen 127.0.0.1 port (workerd reports it on `--control-fd`), and stop it.
 *
 * ```ts
 * const worker = await startWorker({ entry: 'test/runtimes/fixtures/worker.mjs' })
 * const response = await fetch(`${worker.url}/`)
 * await worker.stop()
 * ```
 *
 * Modules come either as an explicit list (`modules`, each embedded as an ES or CommonJS module
 * under its name, so `import './a.js'` in `b.js` finds the module named `a.js`) or as one `entry`
 * file bundled with rolldown (already installed as vite's bundler; `node:*` imports stay external
 * for workerd's `nodejs_compat`). Every wait is bounded; whatever a test forgets to stop is killed
 * when the test process exits (test/helpers/processes.ts).
 */
import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { removeDir, stopChild, tempDir, track } from '../helpers/processes.js'
import { runtimeBinary } from './runtimes.js'

/** One module of the Worker. The first ES module listed is the Worker's main module. */
export interface WorkerModule {
  /** The name other modules import it by, e.g. `dist/codec/index.js` or `cookie`. */
  readonly name: string
  /** The file to embed. */
  readonly path: string
  /** @default 'esModule' */
  readonly type?: 'esModule' | 'commonJsModule'
}

/** Options of `startWorker`. Give `modules` or `entry`. */
export interface StartWorkerOptions {
  /** The modules, main module first. */
  readonly modules?: readonly WorkerModule[]
  /** One ES module file to bundle (with its imports) into the Worker. */
  readonly entry?: string
  /** @default ['nodejs_compat'] */
  readonly compatibilityFlags?: readonly string[]
  /** @default '2026-11-01' */
  readonly compatibilityDate?: string
  /** Plain-text bindings (`env.NAME`). */
  readonly textBindings?: Readonly<Record<string, string>>
}

/** A running Worker. */
export interface RunningWorker {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** What workerd printed so far (the last few KB), for assertion messages. */
  output(): string
  /** Stop workerd (SIGTERM, then SIGKILL) and delete the temporary directory. */
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 20_000

/** Start a Worker. Throws when the workerd binary is missing; check `requireRuntime` first. */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const binary = runtimeBinary('workerd')
  const dir = tempDir('tessera-workerd-')
  try {
    const modules = await collectModules(options, dir)
    const config = renderConfig(modules, options)
    writeFileSync(join(dir, 'config.capnp'), config)
    return await serve(binary, dir)
  } catch (error) {
    removeDir(dir)
    throw error
  }
}

async function collectModules(
  options: StartWorkerOptions,
  dir: string,
): Promise<readonly WorkerModule[]> {
  const listed = options.modules ?? []
  const out: WorkerModule[] = []
  if (options.entry !== undefined) {
    const bundled = join(dir, 'modules', 'worker.js')
    await bundle(options.entry, bundled)
    out.push({ name: 'worker.js', path: bundled })
  }
  listed.forEach((module, index) => {
    // Copy every file next to the config: capnp `embed` paths are relative to it.
    const target = join(dir, 'modules', `${index}-${module.name.replace(/[^\w.-]/g, '_')}`)
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(module.path, target)
    out.push({ ...module, path: target })
  })
  if (out.length === 0) throw new Error('startWorker needs `modules` or an `entry`.')
  return out
}

async function bundle(entry: string, outFile: string): Promise<void> {
  const { build } = await import('rolldown')
  await build({
    input: resolve(entry),
    platform: 'neutral',
    external: [/^node:/, /^cloudflare:/],
    // The exports conditions a Worker bundler would use, never the `node` ones; `main` for
    // packages without an exports map (`cookie`).
    resolve: {
      conditionNames: ['workerd', 'worker', 'import', 'default'],
      mainFields: ['module', 'main'],
    },
    output: { file: outFile, format: 'esm', codeSplitting: false },
    logLevel: 'silent',
  })
}

function renderConfig(modules: readonly WorkerModule[], options: StartWorkerOptions): string {
  const flags = options.compatibilityFlags ?? ['nodejs_compat']
  const date = options.compatibilityDate ?? '2026-11-01'
  const moduleLines = modules.map((m) => {
    const relative = m.path.slice(m.path.indexOf('/modules/') + 1)
    return `    (name = ${capnpString(m.name)}, ${m.type ?? 'esModule'} = embed ${capnpString(relative)})`
  })
  const bindings = Object.entries(options.textBindings ?? {}).map(
    ([name, text]) => `    (name = ${capnpString(name)}, text = ${capnpString(text)})`,
  )
  return [
    'using Workerd = import "/workerd/workerd.capnp";',
    'const config :Workerd.Config = (',
    '  services = [(name = "main", worker = .worker)],',
    '  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],',
    ');',
    'const worker :Workerd.Worker = (',
    `  modules = [\n${moduleLines.join(',\n')}\n  ],`,
    `  bindings = [${bindings.length > 0 ? `\n${bindings.join(',\n')}\n  ` : ''}],`,
    `  compatibilityDate = ${capnpString(date)},`,
    `  compatibilityFlags = [${flags.map(capnpString).join(', ')}],`,
    ');',
    '',
  ].join('\n')
}

function capnpString(text: string): string {
  return JSON.stringify(text)
}

async function serve(binary: string, dir: string): Promise<RunningWorker> {
  const child = track(
    spawn(binary, ['serve', join(dir, 'config.capnp'), 'config', '--control-fd=3'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    }),
  )
  let printed = ''
  const keep = (chunk: Buffer): void => {
    printed = (printed + chunk.toString()).slice(-8000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const stop = async (): Promise<void> => {
    await stopChild(child, 'SIGTERM', 'SIGKILL')
    removeDir(dir)
  }
  try {
    const port = await listenPort(child.stdio[3] as Readable, child, () => printed)
    return { url: `http://127.0.0.1:${port}`, output: () => printed, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Wait for workerd's `{"event":"listen","socket":"http","port":N}` line, bounded. */
function listenPort(
  control: Readable,
  child: ReturnType<typeof spawn>,
  printed: () => string,
): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let buffered = ''
    const fail = (why: string): void => {
      clearTimeout(timer)
      reject(new Error(`workerd did not start (${why}): ${printed().trim() || 'no output'}`))
    }
    const timer = setTimeout(() => fail(`no port after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS)
    child.once('exit', (code) => fail(`exited with ${String(code)}`))
    control.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      for (const line of buffered.split('\n')) {
        const port = parseListen(line)
        if (port !== undefined) {
          clearTimeout(timer)
          resolvePort(port)
          return
        }
      }
    })
  })
}

function parseListen(line: string): number | undefined {
  if (!line.includes('"listen"')) return undefined
  try {
    const event = JSON.parse(line) as { event?: unknown; socket?: unknown; port?: unknown }
    return event.event === 'listen' && event.socket === 'http' && typeof event.port === 'number'
      ? event.port
      : undefined
  } catch {
    return undefined
  }
}
