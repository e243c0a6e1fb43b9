// Throw-away Redis and PostgreSQL servers for `npm run bench`, used when REDIS_URL / DATABASE_URL
// are not given: Debian's redis-server (no persistence) and PostgreSQL's initdb + postgres (run as
// the `postgres` user when we are root) in a temporary directory, on free 127.0.0.1 ports. Each
// starter returns undefined, after printing why, when the binary is missing; `stop()` shuts the
// server down and deletes its directory. Servers still running when the process exits are killed.
import { spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const REDIS_SERVER = '/usr/bin/redis-server'
const PG_BIN = ['15', '16', '17', '14']
  .map((version) => `/usr/lib/postgresql/${version}/bin`)
  .find((bin) => existsSync(join(bin, 'postgres')))

const running = new Set()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/** A port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** `command` pinned to `cpus` (e.g. '1') when taskset exists. */
export function pinned(cpus, command, args) {
  return cpus !== undefined && hasTaskset()
    ? ['taskset', ['-c', cpus, command, ...args]]
    : [command, args]
}

let taskset
export function hasTaskset() {
  taskset ??= spawnSync('taskset', ['--version']).status === 0
  return taskset
}

function track(child, name) {
  running.add(child)
  let output = ''
  const keep = (chunk) => (output = (output + chunk).slice(-2000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.once('exit', () => running.delete(child))
  return { child, name, output: () => output.trim() }
}

async function waitUntil(service, ready) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) break
    if (await ready()) return
    await sleep(50)
  }
  service.child.kill('SIGKILL')
  throw new Error(`${service.name} did not start: ${service.output() || 'no output'}`)
}

async function halt(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

function redisPing(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (chunk) => done(String(chunk).startsWith('+PONG')))
  })
}

/**
 * Start redis-server without persistence (`--save '' --appendonly no`: a cache-like session
 * store, nothing on disk), or return undefined when it is not installed.
 */
export async function startRedis({ cpus } = {}) {
  if (!existsSync(REDIS_SERVER)) {
    console.error(`  [skip] ${REDIS_SERVER} not found: install redis-server or set REDIS_URL`)
    return undefined
  }
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-redis-'))
  const port = await freePort()
  const [command, args] = pinned(cpus, REDIS_SERVER, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--protected-mode',
    'yes',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ])
  const service = track(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'Redis')
  await waitUntil(service, () => redisPing(port))
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await halt(service.child, 'SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function postgresUser() {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'))
  const [, , uid, gid] = line?.split(':') ?? []
  return uid === undefined ? undefined : { uid: Number(uid), gid: Number(gid) }
}

/**
 * Start a throw-away PostgreSQL cluster, or return undefined when PostgreSQL is not installed.
 * `synchronous_commit=off`: a commit does not wait for its WAL flush (a crash can lose the last
 * few hundred milliseconds of session writes, never corrupt them), a usual setting for sessions.
 */
export async function startPostgres({ cpus } = {}) {
  if (PG_BIN === undefined) {
    console.error(
      '  [skip] PostgreSQL not found in /usr/lib/postgresql/*/bin: install it or set DATABASE_URL',
    )
    return undefined
  }
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-pg-'))
  const data = join(dir, 'data')
  let as = {}
  if (process.getuid?.() === 0) {
    const owner = postgresUser()
    if (owner === undefined) {
      console.error('  [skip] PostgreSQL refuses to run as root and there is no `postgres` user')
      rmSync(dir, { recursive: true, force: true })
      return undefined
    }
    chownSync(dir, owner.uid, owner.gid)
    as = owner
  }
  const init = spawnSync(
    join(PG_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { stdio: 'pipe', timeout: 60_000, ...as },
  )
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`initdb failed: ${String(init.stderr).trim()}`)
  }
  const port = await freePort()
  const [command, args] = pinned(cpus, join(PG_BIN, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'synchronous_commit=off',
    '-c',
    'max_connections=50',
  ])
  const service = track(
    spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...as }),
    'PostgreSQL',
  )
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const { default: pg } = await import('pg')
  await waitUntil(service, async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
    try {
      await client.connect()
      await client.query('SELECT 1')
      return true
    } catch {
      return false
    } finally {
      await client.end().catch(() => undefined)
    }
  })
  return {
    url,
    stop: async () => {
      await halt(service.child, 'SIGINT') // fast shutdown
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Redis and PostgreSQL for the servers that need them (`needs` holds 'redis' and/or 'postgres'):
 * REDIS_URL / DATABASE_URL when set, otherwise throw-away servers on core 1. Returns { env,
 * missing, stop }: `env` for the bench servers, `missing` the services that could not be had.
 */
export async function startNeeded(needs) {
  const started = []
  const env = {}
  const missing = new Set()
  const wanted = [
    ['redis', 'REDIS_URL', startRedis],
    ['postgres', 'DATABASE_URL', startPostgres],
  ]
  for (const [need, variable, start] of wanted) {
    if (!needs.has(need)) continue
    if (process.env[variable]) {
      env[variable] = process.env[variable]
      continue
    }
    const service = await start({ cpus: '1' })
    if (service === undefined) {
      missing.add(need)
      continue
    }
    started.push(service)
    env[variable] = service.url
    console.error(`  started ${need} at ${service.url}`)
  }
  return { env, missing, stop: () => Promise.all(started.map((s) => s.stop())) }
}
