/**
 * The Redis and PostgreSQL throttle stores, against servers these tests start. Memory and SQLite
 * run the same suite in `throttle-local.test.ts`.
 */
import { Redis } from 'ioredis'
import pg from 'pg'
import { createClient } from 'redis'
import { afterAll, describe, expect, it } from 'vitest'

import { postgresThrottle } from '../../src/stores/postgres/throttle.js'
import { redisThrottle } from '../../src/stores/redis/throttle.js'
import { StoreUnavailableError } from '../../src/errors.js'
import { startPostgres, startRedis } from '../helpers/services.js'
import { describeThrottleStore, newKey } from './throttle-suite.js'

const T0 = Date.UTC(2030, 0, 1)
const [redis, postgres] = await Promise.all([startRedis(), startPostgres()])
const cleanups: (() => unknown)[] = []

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await Promise.all([redis?.stop(), postgres?.stop()])
})

describe.skipIf(redis === undefined)('Redis throttle store (ioredis)', () => {
  let client: Redis
  describeThrottleStore(() => {
    if (client === undefined) {
      client = new Redis(redis!.url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 })
      cleanups.push(() => client.quit())
    }
    return redisThrottle(client)
  })

  it('lets Redis expire a counter with a finite TTL, and keeps an infinite one', async () => {
    const store = redisThrottle(client)
    const [finite, infinite] = [newKey(), newKey()]
    await store.hit(finite, 60_000, Date.now())
    await store.hit(infinite, Infinity, Date.now())
    const ttl = Number(await client.pttl(finite))
    expect(ttl).toBeGreaterThan(50_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
    expect(await client.pttl(infinite)).toBe(-1)
  })

  it('reloads its script after SCRIPT FLUSH', async () => {
    const store = redisThrottle(client)
    const key = newKey()
    await store.hit(key, 60_000, T0)
    await client.script('FLUSH')
    expect(await store.hit(key, 60_000, T0)).toMatchObject({ count: 2 })
  })

  it('fails fast with StoreUnavailableError when Redis does not answer', async () => {
    const dead = new Redis(redis!.url, { lazyConnect: true, enableOfflineQueue: false })
    dead.on('error', () => undefined)
    const store = redisThrottle(dead, { timeoutMs: 200 })
    await expect(store.hit(newKey(), 1000, T0)).rejects.toThrow(StoreUnavailableError)
    dead.disconnect()
  })
})

describe.skipIf(redis === undefined)('Redis throttle store (node-redis)', () => {
  let client: ReturnType<typeof createClient>
  describeThrottleStore(async () => {
    if (client === undefined) {
      client = createClient({ url: redis!.url })
      client.on('error', () => undefined)
      await client.connect()
      cleanups.push(() => client.quit())
    }
    return redisThrottle(client)
  })
})

describe.skipIf(postgres === undefined)('PostgreSQL throttle store', () => {
  let pool: pg.Pool
  describeThrottleStore(() => {
    if (pool === undefined) {
      pool = new pg.Pool({ connectionString: postgres!.url, max: 10 })
      cleanups.push(() => pool.end())
    }
    return postgresThrottle(pool)
  })

  it('creates its table once even when many stores start at the same moment', async () => {
    const stores = Array.from({ length: 5 }, () =>
      postgresThrottle(pool, { tableName: 'throttle_race' }),
    )
    const key = newKey()
    await Promise.all(stores.map((store) => Promise.resolve(store.hit(key, 60_000, T0))))
    expect(await stores[0]!.get(key, T0)).toMatchObject({ count: 5 })
  })

  it('reports an unreachable database as StoreUnavailableError', async () => {
    const dead = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none' })
    const store = postgresThrottle(dead, { timeoutMs: 1000 })
    await expect(store.get(newKey(), T0)).rejects.toThrow(StoreUnavailableError)
    await dead.end()
  })
})
