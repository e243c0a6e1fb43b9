#!/usr/bin/env node
// `npm run bench`: micro-benchmarks of the codec, then HTTP benchmarks of each backend beside plain
// node:http in the same run. Each server runs in its own process (pinned to core 0 when `taskset`
// exists; the load generator gets core 1), over 10 000 distinct sessions — never one replayed cookie.
// Prints a table and writes bench/results/latest.json as [{ name, unit, value, baseline, ratio }].
//
//   npm run bench -- [--duration 5] [--backends plain,cookie,memory,sqlite] [--skip-http]
import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync, mkdirSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { createServer } from 'node:net'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { createKeyRing, createSealedCodec } from 'tessera/codec'
import { nodeAead, sodiumAead } from '../dist/codec/aead.js'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'cookie,memory,sqlite' },
    sessions: { type: 'string', default: '10000' },
    'skip-http': { type: 'boolean', default: false },
  },
})
const duration = Number(values.duration)
const sessionCount = Number(values.sessions)
const results = []
const secret = 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'

function record(name, unit, value, baseline) {
  results.push({
    name,
    unit,
    value: Math.round(value),
    baseline: baseline === undefined ? null : Math.round(baseline),
    ratio: baseline === undefined ? null : Number((value / baseline).toFixed(3)),
  })
}

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
for (const [label, aead] of [
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
const hasTaskset = spawnSync('taskset', ['--version']).status === 0

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function startServer(backend) {
  const port = await freePort()
  const args = ['bench/server.mjs', '--port', String(port), '--backend', backend]
  const child = hasTaskset
    ? spawn('taskset', ['-c', '0', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
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
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit')
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

function load(url, path, cookies) {
  let i = 0
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: 50,
        duration,
        requests: [
          {
            method: 'GET',
            path,
            setupRequest: (req) => {
              if (cookies.length === 0) return req
              const cookie = cookies[i++ % cookies.length]
              return { ...req, headers: { ...req.headers, cookie } }
            },
          },
        ],
      },
      (err, result) => {
        if (err) reject(err)
        else if (result.non2xx > 0) reject(new Error(`${url}${path}: ${result.non2xx} non-2xx answers`))
        else resolve(result.requests.average)
      },
    )
  })
}

if (!values['skip-http']) {
  const backends = ['plain', ...values.backends.split(',').filter((b) => b && b !== 'plain')]
  const baseline = {}
  for (const backend of backends) {
    const server = await startServer(backend)
    try {
      const cookies = backend === 'plain' ? [] : await createSessions(server.url)
      if (backend !== 'plain' && cookies.length < sessionCount) {
        throw new Error(`${backend}: only ${cookies.length} sessions were created`)
      }
      for (const [workload, path, useCookies] of [
        ['READ', '/read', true],
        ['WRITE', '/write', true],
        ['NEW', '/login', false],
      ]) {
        const rps = await load(server.url, path, useCookies ? cookies : [])
        if (backend === 'plain') baseline[workload] = rps
        record(`http.${workload}.${backend}`, 'req/s', rps, backend === 'plain' ? undefined : baseline[workload])
        console.error(`  ${backend} ${workload}: ${Math.round(rps)} req/s`)
      }
    } finally {
      await server.stop()
    }
  }
}

console.log('\n| benchmark | value | unit | baseline | ratio |\n|---|---:|---|---:|---:|')
for (const r of results) {
  console.log(`| ${r.name} | ${r.value} | ${r.unit} | ${r.baseline ?? ''} | ${r.ratio ?? ''} |`)
}
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2) + '\n')
console.log('\nwrote bench/results/latest.json')
