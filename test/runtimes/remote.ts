/**
 * The adapter behaviour suite (test/adapters/suite.ts) against servers running on Bun and Deno:
 * vitest on Node starts `bun <script>` or `deno run -A <script>` from test/runtimes/servers/,
 * which builds the app from the built package (`dist/`) with a JSON configuration, and flips the
 * server's store through its control route where the Node suites flip an in-process one.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe } from 'vitest'
import {
  type Backend,
  DEFAULT_BACKENDS,
  describeAdapter,
  type RunningApp,
  type StoreControl,
} from '../adapters/suite.js'
import { removeDir, stopChild, tempDir, track } from '../helpers/processes.js'
import { requireBinaries } from '../helpers/require-service.js'
import {
  type PostgresService,
  type RedisService,
  startPostgres,
  startRedis,
} from '../helpers/services.js'
import { requireRuntime, ROOT, runtimeBinary } from './runtimes.js'
import { startWorker } from './workerd.js'

/** The control route of the test servers (test/runtimes/servers/common.mjs). */
export const CONTROL_PATH = '/__tessera_test/control'

/** A Redis store reached through ioredis from inside the other runtime. */
export const REDIS_BACKEND: Backend = { name: 'redis store (ioredis)', serverSide: true }

/** A PostgreSQL store reached through `pg` from inside the other runtime. */
export const POSTGRES_BACKEND: Backend = { name: 'postgres store (pg)', serverSide: true }

/** What a server script reads from TESSERA_TEST_CONFIG. */
export interface ServerConfig {
  /** Read by the Worker, which serves either app; the Bun/Deno servers are one script each. */
  adapter?: 'hono' | 'fetch'
  backend: 'cookie' | 'memory' | 'redis' | 'postgres'
  secret: string
  redisUrl?: string
  redisPrefix?: string
  postgresUrl?: string
  /** A table of the server's own, created by the server (`migrate()`). */
  postgresTable?: string
}

/** The configuration key of a suite backend. */
export function backendKey(backend: Backend): ServerConfig['backend'] {
  if (backend === REDIS_BACKEND) return 'redis'
  if (backend === POSTGRES_BACKEND) return 'postgres'
  return backend.serverSide ? 'memory' : 'cookie'
}

/**
 * The runtime's version, as its binary prints it (`bun --version` → `1.4.5`, `deno --version` →
 * `2.9.6`, `workerd --version` → `2026-11-23`).
 */
export function runtimeVersion(runtime: 'bun' | 'deno' | 'workerd'): string {
  const printed = execFileSync(runtimeBinary(runtime), ['--version'], { timeout: 15_000 })
  return /\d+[.-]\d+[.-]\d+/.exec(printed.toString())?.[0] ?? 'unknown'
}

/** The store switch of a test server, through its control route. */
export function controlOf(url: string): StoreControl {
  const post = async (body: { down?: boolean; failCreate?: boolean }): Promise<void> => {
    const reply = await fetch(url + CONTROL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    })
    if (!reply.ok) throw new Error(`control route answered ${reply.status}`)
  }
  return {
    setDown: (down) => post({ down }),
    setCreateFails: (failCreate) => post({ failCreate }),
  }
}

/** Count the cases that ran in the enclosing describe and print them with the runtime's version. */
function reportCases(runtime: string, version: string, what: string): void {
  let ran = 0
  afterEach(() => {
    ran += 1
  })
  afterAll(() => {
    console.log(`[runtimes] ${runtime} ${version}: ${ran} adapter-suite cases run (${what})`)
  })
}

/** The built module a server script imports; the suite fails early, and says why, without it. */
function requireBuilt(path: string): void {
  if (!existsSync(resolve(ROOT, path))) {
    throw new Error(`${path} is missing: run \`npm run build\` before the runtime tests.`)
  }
}

const START_TIMEOUT_MS = 20_000

/** Start `script` on the runtime with `config`; resolve once it printed `{ url, version }`. */
export async function startServer(
  runtime: 'bun' | 'deno',
  script: string,
  config: ServerConfig,
): Promise<RunningApp & { version: string }> {
  const args = runtime === 'bun' ? [script] : ['run', '-A', '--quiet', script]
  const child = track(
    spawn(runtimeBinary(runtime), args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', TESSERA_TEST_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
  const close = () => stopChild(child, 'SIGTERM', 'SIGKILL')
  try {
    const { url, version } = await announced(child, `${runtime} ${script}`)
    return { url, version, close, control: controlOf(url) }
  } catch (error) {
    await close()
    throw error
  }
}

/** Wait, bounded, for the server's `{ url, version }` line on stdout. */
function announced(child: ChildProcess, name: string): Promise<{ url: string; version: string }> {
  return new Promise((resolveLine, reject) => {
    let stdout = ''
    let stderr = ''
    const fail = (why: string): void => {
      clearTimeout(timer)
      reject(
        new Error(`${name} did not start (${why}): ${(stdout + stderr).trim() || 'no output'}`),
      )
    }
    const timer = setTimeout(() => fail(`no URL after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS)
    child.once('exit', (code) => fail(`exited with ${String(code)}`))
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      for (const line of stdout.split('\n')) {
        const parsed = parseAnnouncement(line)
        if (parsed !== undefined) {
          clearTimeout(timer)
          resolveLine(parsed)
          return
        }
      }
    })
  })
}

function parseAnnouncement(line: string): { url: string; version: string } | undefined {
  if (!line.startsWith('{')) return undefined
  try {
    const { url, version } = JSON.parse(line) as { url?: unknown; version?: unknown }
    return typeof url === 'string' && typeof version === 'string' ? { url, version } : undefined
  } catch {
    return undefined
  }
}

/** The adapters each runtime serves: the server script and the built module it needs. */
const ADAPTERS = [
  { name: 'hono', script: 'test/runtimes/servers/hono.mjs', built: 'dist/adapters/hono/index.js' },
  {
    name: 'fetch',
    script: 'test/runtimes/servers/fetch.mjs',
    built: 'dist/adapters/fetch/index.js',
  },
] as const

/**
 * Whether PostgreSQL is installed where startPostgres() looks (Debian's /usr/lib/postgresql/<v>),
 * decided at collection time so that the PostgreSQL cases exist or not; prints why they skip
 * (fails under CI=true) when it is not.
 */
function postgresInstalled(): boolean {
  const bin = ['15', '16', '17', '14']
    .map((version) => `/usr/lib/postgresql/${version}/bin`)
    .find((dir) => existsSync(join(dir, 'postgres')))
  const dir = bin ?? '/usr/lib/postgresql/15/bin'
  return requireBinaries('PostgreSQL', [join(dir, 'initdb'), join(dir, 'postgres')])
}

/**
 * The whole adapter suite on `runtime`: every adapter × the sealed cookie, a memory store and (when
 * installed) a Redis store through ioredis and a PostgreSQL store through `pg`. Prints the
 * runtime's version and the number of cases run; a missing binary skips with a message (fails
 * under CI=true).
 */
export function describeRuntime(runtime: 'bun' | 'deno'): void {
  if (!requireRuntime(runtime)) {
    describe.skip(`${runtime} (not installed)`, () => {})
    return
  }
  const version = runtimeVersion(runtime)
  // The path startRedis() checks: decide at collection time whether the Redis cases exist.
  const withRedis = requireBinaries('Redis', ['/usr/bin/redis-server'])
  const withPostgres = postgresInstalled()
  const backends = [
    ...DEFAULT_BACKENDS,
    ...(withRedis ? [REDIS_BACKEND] : []),
    ...(withPostgres ? [POSTGRES_BACKEND] : []),
  ]
  describe(`on ${runtime} ${version}`, () => {
    let redis: RedisService | undefined
    let postgres: PostgresService | undefined
    beforeAll(async () => {
      if (withRedis) redis = await startRedis({ appendfsync: 'no' })
      if (withPostgres) postgres = await startPostgres()
    }, 60_000)
    afterAll(async () => {
      await redis?.stop()
      await postgres?.stop()
    })
    reportCases(
      runtime,
      version,
      `${ADAPTERS.map((a) => a.name).join(', ')} × ${backends.map((b) => b.name).join(', ')}`,
    )
    for (const adapter of ADAPTERS) {
      describeAdapter(
        `${adapter.name} on ${runtime}`,
        async (options, backend) => {
          requireBuilt(adapter.built)
          if (typeof options.secret !== 'string') throw new Error('the suite passes one secret')
          const key = backendKey(backend)
          const config: ServerConfig = { backend: key, secret: options.secret }
          if (key === 'redis') {
            if (redis === undefined) throw new Error('Redis did not start')
            config.redisUrl = redis.url
            config.redisPrefix = `tessera-${runtime}-${adapter.name}:`
          }
          if (key === 'postgres') {
            if (postgres === undefined) throw new Error('PostgreSQL did not start')
            config.postgresUrl = postgres.url
            config.postgresTable = `tessera_${runtime}_${adapter.name}`
          }
          const server = await startServer(runtime, adapter.script, config)
          if (server.version !== version) {
            await server.close()
            throw new Error(`${runtime} reported ${server.version}, its binary ${version}`)
          }
          return server
        },
        backends,
      )
    }
  })
}

/**
 * The adapter suite on workerd: the Hono and fetch apps as a module Worker (servers/worker.mjs,
 * bundled from `dist/`) × the sealed cookie and a memory store held in the Worker's isolate.
 */
export function describeWorkerd(): void {
  if (!requireRuntime('workerd')) {
    describe.skip('workerd (not installed)', () => {})
    return
  }
  const version = runtimeVersion('workerd')
  describe(`on workerd ${version}`, () => {
    reportCases(
      'workerd',
      version,
      `${ADAPTERS.map((a) => a.name).join(', ')} × ${DEFAULT_BACKENDS.map((b) => b.name).join(', ')}`,
    )
    for (const adapter of ADAPTERS) {
      describeAdapter(`${adapter.name} on workerd`, async (options, backend) => {
        requireBuilt(adapter.built)
        if (typeof options.secret !== 'string') throw new Error('the suite passes one secret')
        const config: ServerConfig = {
          adapter: adapter.name,
          backend: backendKey(backend),
          secret: options.secret,
        }
        const dir = tempDir('tessera-worker-bundle-')
        try {
          const bundled = await bundleWorker('test/runtimes/servers/worker.mjs', dir)
          const worker = await startWorker({
            modules: [{ name: 'worker.js', path: bundled }],
            textBindings: { TESSERA_TEST_CONFIG: JSON.stringify(config) },
          })
          return { url: worker.url, close: () => worker.stop(), control: controlOf(worker.url) }
        } finally {
          removeDir(dir)
        }
      })
    }
  })
}

/**
 * Bundle a Worker entry and what it imports into one ES module, as a Workers bundler would: the
 * worker conditions of `exports`, else `module`/`main` (the `cookie` dependency has only `main`),
 * with `node:*` left to workerd's Node.js compatibility.
 */
async function bundleWorker(entry: string, dir: string): Promise<string> {
  const { build } = await import('rolldown')
  const outFile = join(dir, 'worker.js')
  await build({
    input: resolve(ROOT, entry),
    platform: 'neutral',
    external: [/^node:/, /^cloudflare:/],
    resolve: {
      conditionNames: ['workerd', 'worker', 'import', 'default'],
      mainFields: ['module', 'main'],
    },
    output: { file: outFile, format: 'esm', codeSplitting: false },
    logLevel: 'silent',
  })
  return outFile
}
