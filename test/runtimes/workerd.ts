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
  /** More Workers beside the main one, each of its own listed modules (not bundled). */
  readonly services?: readonly WorkerService[]
  /**
   * KV namespace bindings of the main Worker (`env.NAME`): binding name → the name of one of
   * `services`, which answers the binding's HTTP requests (`GET /<key>`, `PUT /<key>?…`).
   */
  readonly kvNamespaces?: Readonly<Record<string, string>>
  /** Service bindings of the main Worker (`env.NAME.fetch()`): binding name → service name. */
  readonly serviceBindings?: Readonly<Record<string, string>>
}

/** A Worker other than the main one, reachable through a binding. */
export interface WorkerService {
  /** The service name bindings refer to. */
  readonly name: string
  /** Its modules, main module first. */
  readonly modules: readonly WorkerModule[]
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
    const services = (options.services ?? []).map((service, index) => ({
      name: service.name,
      modules: service.modules.map((module, i) => copyModule(module, dir, `s${index}-${i}`)),
    }))
    const config = renderConfig(modules, options, services)
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
  listed.forEach((module, index) => out.push(copyModule(module, dir, String(index))))
  if (out.length === 0) throw new Error('startWorker needs `modules` or an `entry`.')
  return out
}

/** Copy a module next to the config: capnp `embed` paths are relative to it. */
function copyModule(module: WorkerModule, dir: string, tag: string): WorkerModule {
  const target = join(dir, 'modules', `${tag}-${module.name.replace(/[^\w.-]/g, '_')}`)
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(module.path, target)
  return { ...module, path: target }
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

function renderConfig(
  modules: readonly WorkerModule[],
  options: StartWorkerOptions,
  services: readonly WorkerService[],
): string {
  const flags = options.compatibilityFlags ?? ['nodejs_compat']
  const date = options.compatibilityDate ?? '2026-11-01'
  const moduleLines = (list: readonly WorkerModule[]): string =>
    list
      .map((m) => {
        const relative = m.path.slice(m.path.indexOf('/modules/') + 1)
        return `    (name = ${capnpString(m.name)}, ${m.type ?? 'esModule'} = embed ${capnpString(relative)})`
      })
      .join(',\n')
  const bindings = [
    ...Object.entries(options.textBindings ?? {}).map(
      ([name, text]) => `    (name = ${capnpString(name)}, text = ${capnpString(text)})`,
    ),
    ...Object.entries(options.kvNamespaces ?? {}).map(
      ([name, service]) =>
        `    (name = ${capnpString(name)}, kvNamespace = ${capnpString(service)})`,
    ),
    ...Object.entries(options.serviceBindings ?? {}).map(
      ([name, service]) => `    (name = ${capnpString(name)}, service = ${capnpString(service)})`,
    ),
  ]
  const worker = (id: string, list: readonly WorkerModule[], own: readonly string[]): string[] => [
    `const ${id} :Workerd.Worker = (`,
    `  modules = [\n${moduleLines(list)}\n  ],`,
    `  bindings = [${own.length > 0 ? `\n${own.join(',\n')}\n  ` : ''}],`,
    `  compatibilityDate = ${capnpString(date)},`,
    `  compatibilityFlags = [${flags.map(capnpString).join(', ')}],`,
    ');',
  ]
  const serviceList = [
    '(name = "main", worker = .worker)',
    ...services.map((service, i) => `(name = ${capnpString(service.name)}, worker = .service${i})`),
  ]
  return [
    'using Workerd = import "/workerd/workerd.capnp";',
    'const config :Workerd.Config = (',
    `  services = [${serviceList.join(', ')}],`,
    '  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],',
    ');',
    ...worker('worker', modules, bindings),
    ...services.flatMap((service, i) => worker(`service${i}`, service.modules, [])),
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
