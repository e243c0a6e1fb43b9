/**
 * The Redis and PostgreSQL revocation stores, against servers these tests start. Memory and SQLite
 * run the same suite in `revocations-local.test.ts`.
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'

import { Cluster, Redis } from 'ioredis'
import pg from 'pg'
import { createClient, createCluster } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { postgresRevocations } from '../../src/stores/postgres/revocations.js'
import { redisRevocations } from '../../src/stores/redis/revocations.js'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { fakeClock, HOUR, MINUTE } from '../helpers/clock.js'
import { startPostgres, startRedis, startRedisCluster } from '../helpers/services.js'
import { describeRevocationStore, newId } from './revocation-suite.js'

const T0 = Date.UTC(2030, 0, 1)
const [redis, postgres, cluster] = await Promise.all([
  startRedis(),
  startPostgres(),
  startRedisCluster(),
])
const cleanups: (() => unknown)[] = []

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await Promise.all([redis?.stop(), postgres?.stop(), cluster?.stop()])
})

const suffix = () => randomBytes(4).toString('hex')

/** Poll `check` every 50 ms for at most `ms`; true as soon as it passes. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 50) {
    if (await check()) return true
    await sleep(50)
  }
  return false
}

/** The tests that need a real Redis and its real TTLs, for one client. */
function describeRedisSpecifics(
  connect: () => Promise<Redis | ReturnType<typeof createClient>>,
): void {
  let c: Redis | ReturnType<typeof createClient>
  const client = () => c
  beforeAll(async () => {
    c = await connect()
  })
  const keyOf = (key: string) => c.get(key)
  const pttl = async (key: string) =>
    Number(c instanceof Redis ? await c.pttl(key) : await c.pTTL(key))

  it('writes the documented keys: `<prefix>h:<handle>` and `<prefix>u:<userId>`', async () => {
    const prefix = `t${suffix()}:`
    const clock = fakeClock(T0)
    const store = redisRevocations(client(), { prefix, now: clock })
    await store.revokeSession('h1', T0 + HOUR)
    await store.revokeUser('u1', T0 - 5, T0 + HOUR)
    expect(await keyOf(`${prefix}h:h1`)).toBe(String(T0 + HOUR))
    expect(await keyOf(`${prefix}u:u1`)).toBe(`${T0 - 5}:${T0 + HOUR}`)
    // The TTL runs from the app's clock: `until - now`, whatever Redis's own clock says.
    expect(await pttl(`${prefix}h:h1`)).toBeGreaterThan(HOUR - 5000)
    expect(await pttl(`${prefix}h:h1`)).toBeLessThanOrEqual(HOUR)
  })

  it('lets Redis delete a revocation once `until` has passed (real TTL)', async () => {
    const prefix = `t${suffix()}:`
    const store = redisRevocations(client(), { prefix })
    const [handle, user] = [newId('h'), newId('u')]
    const stamp = Date.now() - 1
    await store.revokeSession(handle, Date.now() + 300)
    await store.revokeUser(user, Date.now(), Date.now() + 300)
    expect(await store.isRevoked(handle, user, stamp)).toBe(true)
    expect(await store.isRevoked(newId('h'), user, stamp)).toBe(true)
    expect(await pttl(`${prefix}h:${handle}`)).toBeGreaterThan(0)
    expect(await pttl(`${prefix}h:${handle}`)).toBeLessThanOrEqual(300)
    const gone = async () =>
      (await keyOf(`${prefix}h:${handle}`)) === null && (await keyOf(`${prefix}u:${user}`)) === null
    expect(await eventually(gone, 3000)).toBe(true)
    expect(await store.isRevoked(handle, user, stamp)).toBe(false)
  })

  it('never shortens a key’s TTL when an earlier `until` arrives late', async () => {
    const prefix = `t${suffix()}:`
    const clock = fakeClock(T0)
    const store = redisRevocations(client(), { prefix, now: clock })
    await store.revokeSession('h', T0 + HOUR)
    await store.revokeSession('h', T0 + MINUTE)
    await store.revokeUser('u', T0, T0 + HOUR)
    await store.revokeUser('u', T0 + 1, T0 + MINUTE)
    expect(await pttl(`${prefix}h:h`)).toBeGreaterThan(HOUR - 5000)
    expect(await pttl(`${prefix}u:u`)).toBeGreaterThan(HOUR - 5000)
    expect(await keyOf(`${prefix}u:u`)).toBe(`${T0 + 1}:${T0 + HOUR}`)
  })

  it('reloads its scripts after SCRIPT FLUSH', async () => {
    const clock = fakeClock(T0)
    const store = redisRevocations(client(), { prefix: `t${suffix()}:`, now: clock })
    await store.revokeUser('u', T0, T0 + HOUR)
    await (c instanceof Redis ? c.script('FLUSH') : c.scriptFlush())
    await store.revokeUser('u', T0 + 10, T0 + HOUR)
    await store.revokeSession('h', T0 + HOUR)
    expect(await store.isRevoked('x', 'u', T0 + 9)).toBe(true)
    expect(await store.isRevoked('h', 'v', T0 + 9)).toBe(true)
  })
}

describe.skipIf(redis === undefined)('Redis revocation store (ioredis)', () => {
  let client: Redis
  const connect = async () => {
    if (client === undefined) {
      client = new Redis(redis!.url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      })
      client.on('error', () => undefined) // errors surface through the store's calls
      cleanups.push(() => client.quit())
      await client.connect()
    }
    return client
  }
  describeRevocationStore(
    async (clock) => redisRevocations(await connect(), { now: clock, prefix: `t${suffix()}:` }),
    { purges: false },
  )
  describeRedisSpecifics(connect)

  it('CL-73 fails closed with StoreUnavailableError when Redis hangs', async () => {
    const store = redisRevocations(await connect(), { timeoutMs: 200, prefix: `t${suffix()}:` })
    await store.isRevoked('h', 'u', 0) // connected
    redis!.pause()
    try {
      const started = Date.now()
      await expect(store.isRevoked('h', 'u', 0)).rejects.toThrow(StoreUnavailableError)
      await expect(store.revokeSession('h', Date.now() + MINUTE)).rejects.toThrow(
        StoreUnavailableError,
      )
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      redis!.resume()
    }
  })

  it('reports a client that cannot reach Redis as StoreUnavailableError', async () => {
    const dead = new Redis(redis!.url, { lazyConnect: true, enableOfflineQueue: false })
    dead.on('error', () => undefined)
    const store = redisRevocations(dead, { timeoutMs: 500 })
    await expect(store.isRevoked('h', 'u', 0)).rejects.toThrow(StoreUnavailableError)
    dead.disconnect()
    expect(() => redisRevocations(dead, { timeoutMs: 0 })).toThrow(ConfigError)
  })
})

describe.skipIf(redis === undefined)('Redis revocation store (node-redis)', () => {
  let client: ReturnType<typeof createClient>
  const connect = async () => {
    if (client === undefined) {
      client = createClient({ url: redis!.url, disableOfflineQueue: true })
      client.on('error', () => undefined)
      await client.connect()
      cleanups.push(() => client.quit())
    }
    return client
  }
  describeRevocationStore(
    async (clock) => redisRevocations(await connect(), { now: clock, prefix: `t${suffix()}:` }),
    { purges: false },
  )
  describeRedisSpecifics(connect)
})

describe.skipIf(cluster === undefined)('Redis revocation store on Redis Cluster', () => {
  let io: Cluster
  let nr: ReturnType<typeof createCluster>
  const connect = async () => {
    if (io === undefined) {
      io = new Cluster(cluster!.nodes, { lazyConnect: true, enableOfflineQueue: false })
      io.on('error', () => undefined)
      await io.connect()
      cleanups.push(() => io.disconnect())
      nr = createCluster({
        rootNodes: cluster!.nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
        defaults: { disableOfflineQueue: true },
      })
      nr.on('error', () => undefined)
      await nr.connect()
      cleanups.push(() => nr.close())
    }
    return { io, nr }
  }

  describe('with an ioredis Cluster', () => {
    describeRevocationStore(
      async (clock) =>
        redisRevocations((await connect()).io, { now: clock, prefix: `t${suffix()}:` }),
      { purges: false },
    )
  })
  describe('with a node-redis cluster', () => {
    describeRevocationStore(
      async (clock) =>
        redisRevocations((await connect()).nr, { now: clock, prefix: `t${suffix()}:` }),
      { purges: false },
    )
  })

  it('checks a handle and a user whose keys live on different masters', async () => {
    const { io: ioCluster, nr: nrCluster } = await connect()
    for (const client of [ioCluster, nrCluster]) {
      const prefix = `t${suffix()}:`
      const clock = fakeClock(T0)
      const store = redisRevocations(client, { prefix, now: clock })
      const pairs = Array.from({ length: 12 }, () => [newId('h'), newId('u')] as const)
      for (const [handle, user] of pairs) {
        await store.revokeSession(handle, T0 + HOUR)
        await store.revokeUser(user, T0, T0 + HOUR)
      }
      for (const [handle, user] of pairs) {
        expect(await store.isRevoked(handle, newId('u'), T0)).toBe(true)
        expect(await store.isRevoked(newId('h'), user, T0 - 1)).toBe(true)
        expect(await store.isRevoked(newId('h'), user, T0)).toBe(false)
      }
      const perNode = await Promise.all(
        ioCluster.nodes('master').map((node) => node.keys(`${prefix}*`)),
      )
      expect(perNode.filter((keys) => keys.length > 0).length).toBeGreaterThan(1)
    }
  })
})

describe.skipIf(postgres === undefined)('PostgreSQL revocation store', () => {
  let pool: pg.Pool
  const connect = () => {
    if (pool === undefined) {
      pool = new pg.Pool({ connectionString: postgres!.url, max: 10 })
      cleanups.push(() => pool.end())
    }
    return pool
  }
  const tables = () => {
    const s = suffix()
    return { handlesTable: `rh_${s}`, usersTable: `ru_${s}` }
  }

  describeRevocationStore((clock) => postgresRevocations(connect(), { now: clock, ...tables() }))

  it('migrates once, however many stores start at the same moment', async () => {
    const names = tables()
    const clock = fakeClock(T0)
    const stores = Array.from({ length: 5 }, () =>
      postgresRevocations(connect(), { now: clock, ...names }),
    )
    await Promise.all(stores.map((store, i) => store.revokeUser('u', T0 + i, T0 + HOUR)))
    await Promise.all(stores.map((store) => store.migrate()))
    expect(await stores[0]!.isRevoked('h', 'u', T0 + 3)).toBe(true)
    expect(await stores[4]!.isRevoked('h', 'u', T0 + 4)).toBe(false)
    const { rows } = await connect().query('SELECT "before", "until" FROM ' + names.usersTable)
    expect(rows).toEqual([{ before: String(T0 + 4), until: String(T0 + HOUR) }])
  })

  it('with autoMigrate: false, creates nothing until migrate() runs', async () => {
    const names = tables()
    const store = postgresRevocations(connect(), { autoMigrate: false, ...names })
    await expect(store.isRevoked('h', 'u', 0)).rejects.toThrow(StoreUnavailableError)
    await store.migrate()
    await store.migrate() // idempotent
    await store.revokeSession('h', Date.now() + MINUTE)
    expect(await store.isRevoked('h', 'u', 0)).toBe(true)
  })

  it('accepts schema-qualified table names and refuses unsafe ones', async () => {
    const schema = `auth_${suffix()}`
    await connect().query(`CREATE SCHEMA ${schema}`)
    const store = postgresRevocations(connect(), {
      handlesTable: `${schema}.handles`,
      usersTable: `${schema}.users`,
    })
    await store.revokeUser('u', Date.now(), Date.now() + MINUTE)
    const { rows } = await connect().query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [schema],
    )
    expect(rows.map((row: { table_name: string }) => row.table_name)).toEqual(['handles', 'users'])
    expect(() => postgresRevocations(connect(), { usersTable: 'a.b.c' })).toThrow(ConfigError)
    expect(() => postgresRevocations(connect(), { handlesTable: 'x"; --' })).toThrow(ConfigError)
  })

  it('CL-73 gives up on a blocked write after timeoutMs with StoreUnavailableError', async () => {
    const names = tables()
    const store = postgresRevocations(connect(), { timeoutMs: 200, ...names })
    await store.migrate()
    const locker = await connect().connect()
    try {
      await locker.query('BEGIN')
      await locker.query(`LOCK TABLE ${names.handlesTable} IN ACCESS EXCLUSIVE MODE`)
      const started = Date.now()
      await expect(store.revokeSession('h', Date.now() + MINUTE)).rejects.toThrow(
        StoreUnavailableError,
      )
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      await locker.query('ROLLBACK')
      locker.release()
    }
  })

  it('reports an unreachable database as StoreUnavailableError', async () => {
    const dead = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none' })
    const store = postgresRevocations(dead, { timeoutMs: 1000 })
    await expect(store.isRevoked('h', 'u', 0)).rejects.toThrow(StoreUnavailableError)
    await dead.end()
  })
})
