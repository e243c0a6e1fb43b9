// The servers `npm run bench` measures, and how to start them: each in its own process pinned to
// core 0 (taskset), answering GET /login, /read and /write (bench/server.mjs describes them).
// `limit` names the physical-limit reference a server is compared with (bench/limits/*.mjs);
// `sessions: false` marks the ceilings, which keep no session (plain node:http, the frameworks).
// Not run on its own: bench/run.mjs imports it.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort, pinned } from './services.mjs'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))
const SERVER = here('./server.mjs')
const EXPRESS_SESSION = here('./peers/express-session-server.mjs')
const peer = (name) => here(`./peers/${name}.mjs`)

// The memory store is never allowed to evict during a run: NEW adds tens of thousands of sessions
// per round, and an evicted READ session would answer 401 in the next round. The store limit
// reference's Map never evicts either.
const NO_EVICTION = ['--max-sessions', '10000000']

/** name → { script, args, needs?, limit?, sessions? } */
export const SERVERS = {
  plain: { script: SERVER, args: ['--backend', 'plain'], sessions: false },
  'limit-sealed': { script: here('./limits/sealed.mjs'), args: [] },
  'limit-store': { script: here('./limits/store.mjs'), args: [] },
  cookie: { script: SERVER, args: ['--backend', 'cookie'], limit: 'sealed' },
  memory: { script: SERVER, args: ['--backend', 'memory', ...NO_EVICTION], limit: 'store' },
  sqlite: { script: SERVER, args: ['--backend', 'sqlite'], limit: 'store' },
  redis: { script: SERVER, args: ['--backend', 'redis'], needs: 'redis', limit: 'store' },
  postgres: { script: SERVER, args: ['--backend', 'postgres'], needs: 'postgres', limit: 'store' },
  'express-session': { script: EXPRESS_SESSION, args: ['--store', 'memory'], limit: 'store' },
  'connect-redis': {
    script: EXPRESS_SESSION,
    args: ['--store', 'redis'],
    needs: 'redis',
    limit: 'store',
  },
  'connect-pg-simple': {
    script: EXPRESS_SESSION,
    args: ['--store', 'pg'],
    needs: 'postgres',
    limit: 'store',
  },
  'connect-pg-simple/express': {
    script: EXPRESS_SESSION,
    args: ['--store', 'pg', '--app', 'express'],
    needs: 'postgres',
    limit: 'store',
  },
  'express-session/express': {
    script: EXPRESS_SESSION,
    args: ['--store', 'memory', '--app', 'express'],
    limit: 'store',
  },
  'connect-redis/express': {
    script: EXPRESS_SESSION,
    args: ['--store', 'redis', '--app', 'express'],
    needs: 'redis',
    limit: 'store',
  },
  'fastify-secure-session': { script: peer('fastify-secure-session'), args: [], limit: 'sealed' },
  'fastify-session': { script: peer('fastify-session'), args: [], limit: 'store' },
  'iron-session': { script: peer('iron-session'), args: [], limit: 'sealed' },
  'hono-session': { script: peer('hono-session'), args: [], limit: 'sealed' },
  'cookie-session': { script: peer('cookie-session'), args: [], limit: 'sealed' },
  fastify: { script: peer('frameworks'), args: ['--framework', 'fastify'], sessions: false },
  hono: { script: peer('frameworks'), args: ['--framework', 'hono'], sessions: false },
  express: { script: peer('frameworks'), args: ['--framework', 'express'], sessions: false },
}

/** The limit reference server of each kind. */
export const LIMITS = { sealed: 'limit-sealed', store: 'limit-store' }

/**
 * Start `name` (extra arguments and node options allowed) pinned to core 0; resolves once it
 * prints `bench server`. Returns { name, url, pid, rssBytes(), stop() }.
 */
export async function startServer(name, { env = {}, extraArgs = [], nodeOptions = [] } = {}) {
  const { script, args } = SERVERS[name]
  const port = await freePort()
  const argv = [...nodeOptions, script, '--port', String(port), ...args, ...extraArgs]
  const [command, commandArgs] = pinned('0', process.execPath, argv)
  const child = spawn(command, commandArgs, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  })
  await listening(child, name)
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    rssBytes: () => rssOf(child.pid),
    stop: () => stopChild(child),
  }
}

function listening(child, name) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 120 s`)), 120_000)
    child.stdout.on('data', (data) => {
      if (String(data).includes('bench server')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited with ${code}`))
    })
  })
}

function stopChild(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Resident set size of a process in bytes (Linux /proc), or undefined. */
async function rssOf(pid) {
  const { readFile } = await import('node:fs/promises')
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)
    return kb === null ? undefined : Number(kb[1]) * 1024
  } catch {
    return undefined
  }
}
