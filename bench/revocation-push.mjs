#!/usr/bin/env node
// Issue 14's measurement of sealed-cookie revocation across processes, end to end over HTTP
// (`node bench/revocation-push.mjs` after `npm run build`): a throw-away Redis (random loopback
// port, temporary directory, stopped at the end) and two app processes, A and B. Each serves
// sealed-cookie sessions (`withSessions`, tessera-session/adapters/node) with a login manager
// whose revocations are a `redisLiveRevocations` view on its own ioredis client.
// - Propagation: 1,000 times, a user signs in on A, the cookie is seen signed in on B, the user
//   logs out on A, and the copied cookie is sent to B in a loop until B refuses it (its data is
//   gone too: B answers `anonymous 0`). The delay runs from sending the logout to A until B's
//   first refusal (one clock, the parent's; it includes A's own round trip).
// - Cost: after `CONFIG RESETSTAT`, 10,000 authenticated requests to B (100 signed-in cookies,
//   keep-alive), then `INFO commandstats`: every command Redis ran in between, by name.
// Prints a table and writes bench/results/revocation-push.json. Gives up after 180 s.
import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Agent, createServer, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { createSessionManager } from 'tessera-session'
import { withSessions } from 'tessera-session/adapters/node'
import { createLoginManager, redisLiveRevocations } from 'tessera-session/auth'
import { startRedis } from './services.mjs'

const REVOCATIONS = 1000
const REQUESTS = 10_000
const SIGNED_IN = 100
const DEADLINE_MS = 180_000
const SECRET = 'bench-revocation-push-secret-0123456789abcdefghijkl'
const clock = () => performance.now()

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4])
else await parent()

/** One app server: sealed cookies, a login manager on a live Redis view. */
async function child(name, url) {
  const client = new Redis(url, { enableOfflineQueue: false, lazyConnect: true })
  client.on('error', () => undefined)
  await client.connect()
  const revocations = redisLiveRevocations(client, { prefix: 'bench:revoked:' })
  while (revocations.status() !== 'live') await new Promise((r) => setTimeout(r, 10))
  const sessions = createSessionManager({ secret: SECRET })
  const auth = createLoginManager({
    sessions,
    revocations,
    loadUser: (id) => ({ id }),
  })
  // Bench routes, not an app's: GET for brevity, no CSRF (nothing here is a browser).
  const server = createServer(
    withSessions(sessions, async (req, res) => {
      const path = req.url ?? '/'
      if (path.startsWith('/login/')) {
        await auth.login(req.session, { id: path.slice('/login/'.length) })
        req.session.set('visits', 1)
        res.end('ok')
      } else if (path === '/logout') {
        await auth.logout(req.session)
        res.end('bye')
      } else {
        const user = await auth.currentUser(req.session)
        res.end(`${user?.id ?? 'anonymous'} ${Number(req.session.get('visits') ?? 0)}`)
      }
    }),
  )
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  process.on('message', async (message) => {
    if (message.type !== 'stop') return
    server.close()
    await revocations.close()
    client.disconnect()
    process.exit(0)
  })
  process.send({ type: 'ready', name, url: `http://127.0.0.1:${server.address().port}` })
}

async function parent() {
  const redis = await startRedis()
  if (redis === undefined) process.exit(1)
  const children = []
  const deadline = setTimeout(() => {
    console.error(`revocation-push: gave up after ${DEADLINE_MS / 1000} s`)
    for (const c of children) c.kill('SIGKILL')
    void redis.stop().finally(() => process.exit(1))
  }, DEADLINE_MS)
  const admin = new Redis(redis.url)
  const agent = new Agent({ keepAlive: true, maxSockets: 8 })
  try {
    const [a, b] = await Promise.all(['A', 'B'].map((n) => spawnChild(n, redis.url, children)))
    const delays = []
    let polls = 0
    for (let i = 0; i < REVOCATIONS; i += 1) {
      const login = await get(agent, `${a.url}/login/u${i}`)
      const cookie = cookieOf(login)
      if ((await get(agent, `${b.url}/`, cookie)).body !== `u${i} 1`) {
        throw new Error(`B did not see the login of u${i}`)
      }
      const sent = clock()
      await get(agent, `${a.url}/logout`, cookie)
      for (;;) {
        polls += 1
        const seen = await get(agent, `${b.url}/`, cookie)
        if (seen.body === 'anonymous 0') break
        if (clock() - sent > 10_000) throw new Error(`B still accepts u${i} after 10 s`)
      }
      delays.push(clock() - sent)
    }
    const cookies = []
    for (let i = 0; i < SIGNED_IN; i += 1) {
      cookies.push(cookieOf(await get(agent, `${a.url}/login/steady${i}`)))
    }
    await admin.config('RESETSTAT')
    const started = clock()
    let signedIn = 0
    for (let i = 0; i < REQUESTS; i += 8) {
      const batch = []
      for (let j = i; j < Math.min(i + 8, REQUESTS); j += 1) {
        batch.push(get(agent, `${b.url}/`, cookies[j % SIGNED_IN]))
      }
      for (const reply of await Promise.all(batch)) {
        if (reply.body.startsWith('steady')) signedIn += 1
      }
    }
    const requestMs = clock() - started
    const stats = await admin.info('commandstats')
    const commands = Object.fromEntries(
      [...stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1], Number(m[2])]),
    )
    const clients = await admin.client('LIST', 'TYPE', 'pubsub')
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      redis: (await admin.info('server')).match(/redis_version:(\S+)/)?.[1],
      revocations: REVOCATIONS,
      delayMs: summary(delays),
      pollsPerRevocation: round(polls / REVOCATIONS),
      requests: REQUESTS,
      signedInAnswers: signedIn,
      requestMs: round(requestMs),
      // The parent's own CONFIG RESETSTAT and INFO are the only commands expected here.
      commandsDuringRequests: commands,
      commandsByB: Object.entries(commands)
        .filter(([name]) => name !== 'info' && name !== 'config|resetstat')
        .reduce((sum, [, calls]) => sum + calls, 0),
      subscribers: clients.trim().split('\n').filter(Boolean).length,
    }
    print(result)
    const out = fileURLToPath(new URL('./results/', import.meta.url))
    mkdirSync(out, { recursive: true })
    writeFileSync(`${out}revocation-push.json`, `${JSON.stringify(result, null, 2)}\n`)
    for (const c of [a, b]) c.process.send({ type: 'stop' })
    await Promise.all([a, b].map((c) => new Promise((r) => c.process.once('exit', r))))
  } finally {
    clearTimeout(deadline)
    agent.destroy()
    admin.disconnect()
    await redis.stop()
  }
}

function spawnChild(name, url, children) {
  const c = fork(fileURLToPath(import.meta.url), ['--child', name, url], { stdio: 'inherit' })
  children.push(c)
  return new Promise((resolve) => {
    c.once('message', (message) => resolve({ process: c, url: message.url }))
  })
}

/** One GET with an optional Cookie header: status, body and Set-Cookie. */
function get(agent, url, cookie) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: cookie === undefined ? {} : { cookie } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode, body, setCookie: res.headers['set-cookie'] }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

function cookieOf(reply) {
  const line = (reply.setCookie ?? []).find((c) => c.startsWith('session='))
  if (line === undefined) throw new Error('no session cookie')
  return line.split(';')[0]
}

function summary(values) {
  const sorted = [...values].sort((x, y) => x - y)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) }
}

function round(ms) {
  return Math.round(ms * 1000) / 1000
}

function print(r) {
  const rows = [
    ['logouts in A', String(r.revocations)],
    ['B refuses the copied cookie after, p50', `${r.delayMs.p50} ms`],
    ['B refuses the copied cookie after, p99', `${r.delayMs.p99} ms`],
    ['B refuses the copied cookie after, max', `${r.delayMs.max} ms`],
    ['requests to B per logout until refused', String(r.pollsPerRevocation)],
    ['authenticated requests to B', String(r.requests)],
    ['  answered signed in', String(r.signedInAnswers)],
    ['  time for all of them', `${r.requestMs} ms`],
    ['  Redis commands they caused', String(r.commandsByB)],
    ['pub/sub connections (A, B)', String(r.subscribers)],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  console.log(`sealed-cookie revocation across two processes on Redis ${r.redis}, node ${r.node}`)
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`)
  console.log(`  commands during the requests: ${JSON.stringify(r.commandsDuringRequests)}`)
}
