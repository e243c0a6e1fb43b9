/**
 * Issue 11, defect 3: the per-user index of the Redis store must never lose a session, however
 * `create`, `listByUser` and `destroyByUser` interleave. The session hash and the user's index live
 * in different slots (different nodes in a cluster), so they are written in two steps; these tests
 * race a thousand of those steps against listings and a revocation, on a real standalone Redis
 * and a real three-master Cluster, with ioredis and with node-redis.
 */
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { Cluster, Redis } from 'ioredis'
import { createClient, createCluster } from 'redis'
import { afterAll, describe, expect, it } from 'vitest'
import { redisStore } from '../../src/stores/redis/index.js'
import type { RedisClientLike } from '../../src/stores/redis/client.js'
import type { SessionRecord } from '../../src/stores/store.js'
import { startRedis, startRedisCluster } from '../helpers/services.js'
import { newKey, newUser } from './suite-helpers.js'

const CONCURRENT_CREATES = 1000
const CREATED_BEFORE = 50
const MINUTE = 60_000
const HOUR = 60 * MINUTE

const prefix = () => `t${randomBytes(4).toString('hex')}:`

function record(userId: string): SessionRecord {
  const at = Date.now()
  return {
    data: { n: 1 },
    userId,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: at + 30 * MINUTE,
    absoluteExpiresAt: at + 12 * HOUR,
    userAgent: null,
    ip: null,
  }
}

/** What one race left behind; every count but `revokedDuringRace` must be 0. */
interface RaceOutcome {
  /** Live sessions that the final `listByUser` does not show: "sign out everywhere" misses them. */
  missed: number
  /** Sessions created before a completed `destroyByUser` that are still loadable. */
  survivedRevocation: number
  /** Sessions created after `destroyByUser` returned that are not loadable. */
  lostAfterRevocation: number
  /** Sessions still loadable after the final `destroyByUser`. */
  survivedFinalRevocation: number
  /** Sessions created during the race that its `destroyByUser` ended (any number is fine). */
  revokedDuringRace: number
}

/**
 * The same client, with every command held back 0–5 ms before the library sends it: what app
 * processes on a real network see. Without it, one connection on loopback answers in so tight an
 * order that the race shows only now and then; with it, every window between two steps is open.
 */
function jittered<T extends RedisClientLike>(client: T): T {
  const delay = (): Promise<void> => sleep(Math.random() * 5)
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if ((property !== 'call' && property !== 'sendCommand') || typeof value !== 'function') {
        return value
      }
      return async (...args: unknown[]) => {
        await delay()
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
      }
    },
  })
}

async function race(client: RedisClientLike): Promise<RaceOutcome> {
  const store = redisStore(jittered(client), { prefix: prefix(), timeoutMs: 10_000 })
  const user = newUser()

  const before = Array.from({ length: CREATED_BEFORE }, newKey)
  await Promise.all(before.map((key) => store.create(key, record(user))))

  // A thousand creates spread over ~100 ms; listings run back to back meanwhile, and one
  // destroyByUser starts in the middle of it all.
  const started = new Map<string, number>()
  const settled = new Map<string, number>()
  let creating = true
  const creates = Promise.all(
    Array.from({ length: CONCURRENT_CREATES }, async () => {
      await sleep(Math.random() * 100)
      const key = newKey()
      started.set(key, performance.now())
      await store.create(key, record(user))
      settled.set(key, performance.now())
      return key
    }),
  ).finally(() => {
    creating = false
  })
  const listings = Array.from({ length: 4 }, async () => {
    while (creating) await store.listByUser(user)
  })
  await sleep(40)
  const revokeStart = performance.now()
  await store.destroyByUser(user)
  const revokeEnd = performance.now()
  const during = await creates
  await Promise.all(listings)

  const listed = new Set((await store.listByUser(user)).map((session) => session.key))
  const all = [...before, ...during]
  const loadable = async (): Promise<Set<string>> => {
    const found = await Promise.all(all.map(async (key) => (await store.get(key)) !== undefined))
    return new Set(all.filter((_, i) => found[i]))
  }
  const live = await loadable()

  const outcome: RaceOutcome = {
    missed: [...live].filter((key) => !listed.has(key)).length,
    survivedRevocation: all.filter((key) => (settled.get(key) ?? 0) < revokeStart && live.has(key))
      .length,
    lostAfterRevocation: during.filter(
      (key) => (started.get(key) ?? 0) > revokeEnd && !live.has(key),
    ).length,
    survivedFinalRevocation: 0,
    revokedDuringRace: during.filter((key) => !live.has(key)).length,
  }

  await store.destroyByUser(user)
  outcome.survivedFinalRevocation = (await loadable()).size
  return outcome
}

const ROUNDS = 3

/** Run the race `ROUNDS` times (a fresh user each time) and add up what each left behind. */
async function races(label: string, client: RedisClientLike): Promise<RaceOutcome> {
  const total: RaceOutcome = {
    missed: 0,
    survivedRevocation: 0,
    lostAfterRevocation: 0,
    survivedFinalRevocation: 0,
    revokedDuringRace: 0,
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const outcome = await race(client)
    for (const name of Object.keys(total) as (keyof RaceOutcome)[]) total[name] += outcome[name]
  }
  console.info(`${label}, ${ROUNDS} races of ${CONCURRENT_CREATES} creates:`, total)
  return total
}

function expectNoneMissed(outcome: RaceOutcome): void {
  expect({ ...outcome, revokedDuringRace: 0 }).toEqual({
    missed: 0,
    survivedRevocation: 0,
    lostAfterRevocation: 0,
    survivedFinalRevocation: 0,
    revokedDuringRace: 0,
  })
}

const TITLE =
  'defect 3: the per-user index never loses a session created while it is listed or revoked'

const service = await startRedis()
if (service === undefined) {
  describe.skip('redis per-user index race (redis-server is not installed)', () => {
    it('is skipped', () => undefined)
  })
} else {
  const io = new Redis(service.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  })
  io.on('error', () => undefined)
  await io.connect()
  const nr = createClient({ url: service.url, disableOfflineQueue: true })
  nr.on('error', () => undefined)
  await nr.connect()
  afterAll(async () => {
    io.disconnect()
    await nr.close()
    await service.stop()
  })

  describe('redis per-user index under concurrency (standalone)', () => {
    for (const [label, client] of [
      ['ioredis', io],
      ['node-redis', nr],
    ] as const) {
      it(`${TITLE} (${label})`, async () => {
        expectNoneMissed(await races(`standalone, ${label}`, client))
      })
    }
  })
}

const cluster = await startRedisCluster()
if (cluster === undefined) {
  describe.skip('redis per-user index race on Redis Cluster (redis-server is not installed)', () => {
    it('is skipped', () => undefined)
  })
} else {
  const io = new Cluster(cluster.nodes, { lazyConnect: true, enableOfflineQueue: false })
  io.on('error', () => undefined)
  await io.connect()
  const nr = createCluster({
    rootNodes: cluster.nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
    defaults: { disableOfflineQueue: true },
  })
  nr.on('error', () => undefined)
  await nr.connect()
  afterAll(async () => {
    io.disconnect()
    await nr.close()
    await cluster.stop()
  })

  describe('redis per-user index under concurrency (Cluster)', () => {
    for (const [label, client] of [
      ['ioredis', io],
      ['node-redis', nr],
    ] as const) {
      it(`${TITLE} (${label} Cluster)`, async () => {
        expectNoneMissed(await races(`Cluster, ${label}`, client))
      })
    }
  })
}
