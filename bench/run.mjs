#!/usr/bin/env node
// `npm run bench`: micro-benchmarks of the codec, then HTTP benchmarks of each backend beside plain
// node:http in the same run, over 10 000 distinct sessions — never one replayed cookie.
//
// Backends: tessera with sealed cookies (`cookie`) and with each store (`memory`, `sqlite`,
// `redis`, `postgres`; `redis/node-redis` uses node-redis instead of ioredis), and as comparison
// points express-session with its MemoryStore (`express-session`) and with connect-redis 9
// (`connect-redis`), mounted on plain node:http like tessera (append `/express` to serve them
// with express 5 instead). Each server runs in its own process on core 0 (when `taskset`
// exists); the load generator (bench/load.mjs: 50 keep-alive connections, ready-made requests),
// Redis and PostgreSQL get core 1, so what is measured is the app process, as if the store ran on
// another machine. Without REDIS_URL / DATABASE_URL the run starts its own redis-server and
// PostgreSQL (bench/services.mjs) and stops them at the end; a backend whose server is missing is
// skipped with a printed line.
//
// Ratios: plain node:http is measured right before each backend, with the same requests (its
// three routes are the same trivial handler, so one measurement is the baseline of all three
// workloads), which keeps slow drifts of a shared machine out of the ratios. Each workload gets a
// one-second warm-up first. Beside req/s, the table gives the server process's CPU time per
// request (user + system, from /proc), how much of it is over plain node:http (the session
// layer's cost) and the CPU ratio, plain's CPU per request over the backend's: what the req/s
// ratio would be if both servers had a core to themselves, and much steadier than throughput on
// a busy machine (when other processes take the core, plain loses more req/s than a slow server).
// Prints a table and writes bench/results/latest.json as
// [{ name, unit, value, baseline, ratio, cpuMicros?, overheadMicros?, cpuRatio? }].
//
//   npm run bench -- [--duration 5] [--backends cookie,memory,sqlite,redis,postgres,express-session,…]
//                    [--sessions 10000] [--connections 50] [--skip-micro] [--skip-http]
//                    [--loader autocannon|fast]   (autocannon -c 50, as the issues specify, by default;
//                    `fast` is bench/load.mjs, which keeps the client ahead of plain node:http)
import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync, mkdirSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createKeyRing, createSealedCodec } from 'tessera-session/codec'
import { nodeAead, sodiumAead } from '../dist/codec/aead.js'
import { runAutocannon, runLoad } from './load.mjs'
import { freePort, hasTaskset, pinned, startPostgres, startRedis } from './services.mjs'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))
const SERVER = here('./server.mjs')
const PEERS = here('./peers/express-session-server.mjs')

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    backends: {
      type: 'string',
      default:
        'cookie,memory,sqlite,redis,postgres,express-session,connect-redis,' +
        'express-session/express,connect-redis/express',
    },
    sessions: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '50' },
    loader: { type: 'string', default: 'autocannon' },
    'skip-micro': { type: 'boolean', default: false },
    'skip-http': { type: 'boolean', default: false },
  },
})
const duration = Number(values.duration)
const sessionCount = Number(values.sessions)
const connections = Number(values.connections)
const results = []
const secret = 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'

function record(name, unit, value, baseline, extra = {}) {
  results.push({
    name,
    unit,
    value: Math.round(value),
    baseline: baseline === undefined ? null : Math.round(baseline),
    ratio: baseline === undefined ? null : Number((value / baseline).toFixed(3)),
    ...Object.fromEntries(
      Object.entries(extra)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, Number(v.toFixed(k === 'cpuRatio' ? 3 : 1))]),
    ),
  })
}

const micros = (value) => (value === undefined ? '?' : value.toFixed(1))
const minus = (a, b) => (a === undefined || b === undefined ? undefined : a - b)

// ---- micro: seal + open --------------------------------------------------------------------
function opsPerSecond(fn, ms = 1500) {
  for (let i = 0; i < 2000; i++) fn(i) // warm up
  let n = 0
  const start = process.hrtime.bigint()
  const end = start + BigInt(ms) * 1_000_000n
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 200; i++) fn(n++)
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9)
}

const ring = createKeyRing(secret)
const now = Date.now()
for (const [label, aead] of values['skip-micro']
  ? []
  : [
      ['libsodium', sodiumAead],
      ['node:crypto', nodeAead],
    ]) {
  if (aead === undefined) continue
  const codec = createSealedCodec({ keys: ring.keys('session'), cookieName: 'session', aead })
  const sealOpen = opsPerSecond((n) => {
    const value = codec.seal({
      data: { user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: n },
      createdAt: now,
      issuedAt: now,
      expiresAt: now + 1_800_000,
    })
    if (!codec.open(value, now).ok) throw new Error('bench: open failed')
  })
  const key = ring.keys('session').primary.key
  const nonce = Buffer.alloc(12, 7)
  const ad = Buffer.from('tessera/v1|session|abcdefgh')
  const plaintext = Buffer.from(
    '\u0000{"c":1,"i":1,"e":2,"d":{"user_id":42,"name":"alice","roles":["admin","dev"],"counter":1}}',
  )
  const raw = opsPerSecond(() => {
    const sealed = aead.seal(key, nonce, plaintext, ad)
    if (aead.open(key, nonce, sealed, ad) === undefined) throw new Error('bench: raw open failed')
  })
  record(`codec.seal+open.${label}`, 'ops/s', sealOpen, raw)
  record(`codec.raw-aead.${label}`, 'ops/s', raw)
}

// ---- HTTP ----------------------------------------------------------------------------------
/** What each backend runs: a server script and its arguments, and the outside server it needs. */
const BACKENDS = {
  plain: { script: SERVER, args: ['--backend', 'plain'] },
  cookie: { script: SERVER, args: ['--backend', 'cookie'] },
  memory: { script: SERVER, args: ['--backend', 'memory'] },
  sqlite: { script: SERVER, args: ['--backend', 'sqlite'] },
  redis: { script: SERVER, args: ['--backend', 'redis'], needs: 'redis' },
  'redis/node-redis': {
    script: SERVER,
    args: ['--backend', 'redis', '--redis-client', 'node-redis'],
    needs: 'redis',
  },
  postgres: { script: SERVER, args: ['--backend', 'postgres'], needs: 'postgres' },
  'express-session': { script: PEERS, args: ['--store', 'memory'] },
  'connect-redis': { script: PEERS, args: ['--store', 'redis'], needs: 'redis' },
  'express-session/express': { script: PEERS, args: ['--store', 'memory', '--app', 'express'] },
  'connect-redis/express': {
    script: PEERS,
    args: ['--store', 'redis', '--app', 'express'],
    needs: 'redis',
  },
}

// The load generator (this process) keeps off the servers' core.
if (hasTaskset()) spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' })

async function startServer(backend, env) {
  const { script, args: extra } = BACKENDS[backend]
  const port = await freePort()
  const [command, args] = pinned('0', process.execPath, [script, '--port', String(port), ...extra])
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  })
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${backend} server did not start`)), 15_000)
    child.stdout.on('data', (d) => {
      if (String(d).includes('bench server')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.on('exit', (code) => reject(new Error(`${backend} server exited with ${code}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit')
        if (child.exitCode !== null || child.signalCode !== null) resolve()
        child.on('exit', resolve)
        child.kill('SIGTERM')
      }),
  }
}

function get(url, cookie, agent) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: cookie ? { cookie } : {} }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, setCookie: res.headers['set-cookie'] }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function createSessions(url) {
  const agent = new Agent({ keepAlive: true, maxSockets: 50 })
  const cookies = []
  let next = 0
  async function worker() {
    while (next < sessionCount) {
      next++
      const { setCookie } = await get(`${url}/login`, undefined, agent)
      if (setCookie !== undefined) cookies.push(setCookie[0].split(';')[0])
    }
  }
  await Promise.all(Array.from({ length: 50 }, worker))
  agent.destroy()
  return cookies
}

/** `seconds` of GET `path` (cycling through `cookies`); throws unless every answer is a 200. */
async function load(server, path, cookies, seconds = duration) {
  const drive = values.loader === 'fast' ? runLoad : runAutocannon
  const result = await drive({
    url: server.url,
    path,
    cookies,
    connections,
    seconds,
    pid: server.pid,
  })
  const bad = [...result.statuses].filter(([status]) => status !== '200')
  if (bad.length > 0) {
    throw new Error(`${server.url}${path}: answers ${bad.map(([s, n]) => `${n}× ${s}`).join(', ')}`)
  }
  return result
}

/** Start the outside servers the chosen backends need, unless given by URL; drop the rest. */
async function startServices(backends) {
  const services = []
  const env = {}
  const needs = new Set(backends.map((b) => BACKENDS[b].needs).filter(Boolean))
  const skip = (need, why) => {
    const dropped = backends.filter((b) => BACKENDS[b].needs === need)
    console.error(`  [skip] ${dropped.join(', ')}: ${why}`)
    return backends.filter((b) => BACKENDS[b].needs !== need)
  }
  if (needs.has('redis')) {
    if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL
    else {
      const redis = await startRedis({ cpus: '1' })
      if (redis === undefined) backends = skip('redis', 'no Redis server')
      else {
        services.push(redis)
        env.REDIS_URL = redis.url
        console.error(`  started redis-server at ${redis.url}`)
      }
    }
  }
  if (needs.has('postgres')) {
    if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL
    else {
      const postgres = await startPostgres({ cpus: '1' })
      if (postgres === undefined) backends = skip('postgres', 'no PostgreSQL server')
      else {
        services.push(postgres)
        env.DATABASE_URL = postgres.url
        console.error(`  started PostgreSQL at ${postgres.url}`)
      }
    }
  }
  return { backends, env, stop: () => Promise.all(services.map((s) => s.stop())) }
}

const WORKLOADS = [
  ['READ', '/read', true],
  ['WRITE', '/write', true],
  ['NEW', '/login', false],
]

if (!values['skip-http']) {
  const requested = values.backends.split(',').filter((b) => b && b !== 'plain')
  const unknown = requested.filter((b) => !(b in BACKENDS))
  if (unknown.length > 0) {
    throw new Error(
      `unknown backends: ${unknown.join(', ')} (known: ${Object.keys(BACKENDS).join(', ')})`,
    )
  }
  const services = await startServices(requested)
  const plain = await startServer('plain', {})
  const baselines = []
  try {
    for (const backend of services.backends) {
      const server = await startServer(backend, services.env)
      try {
        const cookies = await createSessions(server.url)
        if (cookies.length < sessionCount) {
          throw new Error(`${backend}: only ${cookies.length} sessions were created`)
        }
        // The baseline gets the same requests, cookies included (plain node:http ignores them).
        await load(plain, '/read', cookies, 1) // warm-up
        const baseline = await load(plain, '/read', cookies)
        baselines.push(baseline)
        for (const [workload, path, useCookies] of WORKLOADS) {
          await load(server, path, useCookies ? cookies : [], 1) // warm-up
          const { rps, cpuMicros } = await load(server, path, useCookies ? cookies : [])
          record(`http.${workload}.${backend}`, 'req/s', rps, baseline.rps, {
            cpuMicros,
            overheadMicros: minus(cpuMicros, baseline.cpuMicros),
            cpuRatio:
              cpuMicros === undefined || baseline.cpuMicros === undefined
                ? undefined
                : baseline.cpuMicros / cpuMicros,
          })
          console.error(
            `  ${backend} ${workload}: ${Math.round(rps)} req/s, ratio ${(rps / baseline.rps).toFixed(2)}` +
              ` (plain ${Math.round(baseline.rps)}); server CPU ${micros(cpuMicros)} µs/req` +
              ` (plain ${micros(baseline.cpuMicros)})`,
          )
        }
      } finally {
        await server.stop()
      }
    }
  } finally {
    await plain.stop()
    await services.stop()
  }
  if (baselines.length > 0) {
    const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length
    const rates = baselines.map((b) => b.rps)
    const cpu = baselines.map((b) => b.cpuMicros).filter((c) => c !== undefined)
    record('http.plain', 'req/s', mean(rates), undefined, {
      cpuMicros: cpu.length > 0 ? mean(cpu) : undefined,
    })
    console.error(
      `  plain node:http: ${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))} req/s over the run`,
    )
  }
}

console.log(
  '\n| benchmark | req/s | plain req/s | ratio | server CPU µs/req | over plain µs/req | CPU ratio |\n' +
    '|---|---:|---:|---:|---:|---:|---:|',
)
for (const r of results) {
  console.log(
    `| ${r.name} | ${r.value} | ${r.baseline ?? ''} | ${r.ratio ?? ''} | ${r.cpuMicros ?? ''} | ` +
      `${r.overheadMicros ?? ''} | ${r.cpuRatio ?? ''} |`,
  )
}
mkdirSync(here('./results'), { recursive: true })
writeFileSync(here('./results/latest.json'), JSON.stringify(results, null, 2) + '\n')
console.log('\nwrote bench/results/latest.json')
