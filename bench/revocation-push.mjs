#!/usr/bin/env node
// Issue 14's measurement of live revocations on Redis (`node bench/revocation-push.mjs` after
// `npm run build`): a throw-away Redis (random loopback port, temporary directory, stopped at the
// end) and two child processes, A and B, each with a `redisLiveRevocations` view on its own
// ioredis client.
// - Propagation: 1,000 times, B starts watching a fresh handle, A revokes it; B records when its
//   view first refuses it. The delay is B's moment minus A's moment just before `revokeSession`
//   (both `performance.timeOrigin + performance.now()`, one machine's clock).
// - Cost: after `CONFIG RESETSTAT`, 10,000 `isRevoked` checks in B (a third revoked), then
//   `INFO commandstats`: every command Redis ran in between, by name.
// Prints a table and writes bench/results/revocation-push.json. Gives up after 120 s.
import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { redisLiveRevocations } from 'tessera-session/stores/redis'
import { startRedis } from './services.mjs'

const REVOCATIONS = 1000
const CHECKS = 10_000
const DEADLINE_MS = 120_000
const PREFIX = 'bench:revoked:'
const clock = () => performance.timeOrigin + performance.now()

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4])
else await parent()

/** One "app server": a live view, answering the parent's messages. */
async function child(name, url) {
  const client = new Redis(url, { enableOfflineQueue: false, lazyConnect: true })
  client.on('error', () => undefined)
  await client.connect()
  const view = redisLiveRevocations(client, { prefix: PREFIX })
  while (view.status() !== 'live') await new Promise((resolve) => setTimeout(resolve, 10))
  process.on('message', async (message) => {
    if (message.type === 'revoke') {
      const at = clock()
      await view.revokeSession(message.handle, Date.now() + 3_600_000)
      process.send({ type: 'revoked', at })
    } else if (message.type === 'watch') {
      const check = () => {
        if (view.isRevoked(message.handle, 'user', 0) === true) {
          process.send({ type: 'refused', at: clock() })
        } else setImmediate(check)
      }
      process.send({ type: 'watching' })
      check()
    } else if (message.type === 'check') {
      let refused = 0
      let promises = 0
      const started = clock()
      for (let i = 0; i < message.count; i += 1) {
        const answer = view.isRevoked(
          i % 3 === 0 ? message.handles[i % message.handles.length] : `fresh-${i}`,
          'user',
          0,
        )
        if (answer === true) refused += 1
        else if (answer !== false) promises += 1
      }
      process.send({
        type: 'checked',
        refused,
        promises,
        ms: clock() - started,
        status: view.status(),
      })
    } else if (message.type === 'stop') {
      await view.close()
      client.disconnect()
      process.exit(0)
    }
  })
  process.send({ type: 'ready', name })
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
  try {
    const [a, b] = await Promise.all(
      ['A', 'B'].map((name) => spawnChild(name, redis.url, children)),
    )
    const delays = []
    const handles = []
    for (let i = 0; i < REVOCATIONS; i += 1) {
      const handle = `h-${i}-${Math.random().toString(36).slice(2)}`
      handles.push(handle)
      await ask(b, { type: 'watch', handle }, 'watching')
      const refused = next(b, 'refused')
      const { at: revokedAt } = await ask(a, { type: 'revoke', handle }, 'revoked')
      const { at: refusedAt } = await refused
      delays.push(refusedAt - revokedAt)
    }
    await admin.config('RESETSTAT')
    const checked = await ask(b, { type: 'check', count: CHECKS, handles }, 'checked')
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
      checks: CHECKS,
      refused: checked.refused,
      answeredWithPromise: checked.promises,
      checkMs: round(checked.ms),
      statusDuringChecks: checked.status,
      // The parent's own CONFIG RESETSTAT and INFO are the only commands expected here.
      commandsDuringChecks: commands,
      commandsByB: Object.entries(commands)
        .filter(([name]) => name !== 'info' && name !== 'config|resetstat')
        .reduce((sum, [, calls]) => sum + calls, 0),
      subscribers: clients.trim().split('\n').filter(Boolean).length,
    }
    print(result)
    const out = fileURLToPath(new URL('./results/', import.meta.url))
    mkdirSync(out, { recursive: true })
    writeFileSync(`${out}revocation-push.json`, `${JSON.stringify(result, null, 2)}\n`)
    for (const c of [a, b]) c.send({ type: 'stop' })
    await Promise.all([a, b].map((c) => new Promise((resolve) => c.once('exit', resolve))))
  } finally {
    clearTimeout(deadline)
    admin.disconnect()
    await redis.stop()
  }
}

function spawnChild(name, url, children) {
  const c = fork(fileURLToPath(import.meta.url), ['--child', name, url], { stdio: 'inherit' })
  children.push(c)
  return next(c, 'ready').then(() => c)
}

/** The child's next message of `type`. */
function next(c, type) {
  return new Promise((resolve) => {
    const on = (message) => {
      if (message.type !== type) return
      c.off('message', on)
      resolve(message)
    }
    c.on('message', on)
  })
}

function ask(c, message, reply) {
  const answer = next(c, reply)
  c.send(message)
  return answer
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
    ['revocations in A', String(r.revocations)],
    ['B refuses after, p50', `${r.delayMs.p50} ms`],
    ['B refuses after, p99', `${r.delayMs.p99} ms`],
    ['B refuses after, max', `${r.delayMs.max} ms`],
    ['isRevoked checks in B', String(r.checks)],
    ['  refused / answered by a read', `${r.refused} / ${r.answeredWithPromise}`],
    ['  time for all checks', `${r.checkMs} ms`],
    ['  Redis commands they caused', String(r.commandsByB)],
    ['pub/sub connections (A, B)', String(r.subscribers)],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  console.log(`live revocations on Redis ${r.redis}, node ${r.node}`)
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`)
  console.log(`  commands during the checks: ${JSON.stringify(r.commandsDuringChecks)}`)
}
