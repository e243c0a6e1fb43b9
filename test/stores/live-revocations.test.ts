import { randomBytes } from 'node:crypto'

import { Cluster, Redis } from 'ioredis'
import pg from 'pg'
import { createClient } from 'redis'
import { afterAll, describe, expect, it } from 'vitest'

import { createLoginManager } from '../../src/auth/login-manager.js'
import { ConfigError } from '../../src/errors.js'
import { createSessionManager, type Session } from '../../src/index.js'
import type { LiveRevocations } from '../../src/stores/kit/live-revocations.js'
import { postgresLiveRevocations } from '../../src/stores/postgres/live-revocations.js'
import type { PgListenPoolLike } from '../../src/stores/postgres/revocation-feed.js'
import { redisLiveRevocations } from '../../src/stores/redis/live-revocations.js'
import { fakeClock, HOUR } from '../helpers/clock.js'
import { cookieJar, type Jar, request } from '../helpers/jar.js'
import { SECRET_A } from '../helpers/secrets.js'
import { startPostgres, startRedis, startRedisCluster } from '../helpers/services.js'
import {
  describeLiveRevocations,
  eventually,
  type LivePair,
  type LivePairOptions,
} from './live-revocation-suite.js'
import { newId } from './revocation-suite.js'

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
const suffix = (): string => randomBytes(4).toString('hex')

/** A Redis pair on a fresh prefix: A on `shared`, B on a counting wrapper of its own client. */
function redisPair(
  shared: () => Promise<Redis | ReturnType<typeof createClient>>,
  own: () => Promise<Redis | ReturnType<typeof createClient>>,
): (options: LivePairOptions) => Promise<LivePair> {
  return async ({ view, bDown }) => {
    const prefix = `t${suffix()}:`
    const [clientA, clientB] = [await shared(), await own()]
    let reads = 0
    const counted =
      clientB instanceof Redis
        ? {
            call: (command: string, ...args: string[]) => (
              (reads += 1),
              clientB.call(command, ...args)
            ),
            duplicate: () => clientB.duplicate(),
          }
        : {
            sendCommand: (args: string[]) => ((reads += 1), clientB.sendCommand(args)),
            duplicate: () => clientB.duplicate(),
          }
    const dead = new Redis(1, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 200 })
    dead.on('error', () => undefined)
    const a = redisLiveRevocations(clientA, { ...view, prefix })
    const b = redisLiveRevocations(counted, {
      ...view,
      prefix,
      ...(bDown === true ? { subscriber: dead } : {}),
    })
    if (bDown !== true) dead.disconnect()
    return {
      a,
      b,
      readsOfB: () => reads,
      async killFeedOfB() {
        const admin = await shared()
        await (admin instanceof Redis
          ? admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')
          : admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']))
      },
      async writeSilently(handle, until) {
        const admin = await shared()
        const key = `${prefix}h:${handle}`
        await (admin instanceof Redis
          ? admin.set(key, String(until), 'PX', HOUR)
          : admin.set(key, String(until), { PX: HOUR }))
      },
    }
  }
}

const ioredis = (): (() => Promise<Redis>) => {
  let client: Redis | undefined
  return async () => {
    if (client === undefined) {
      client = new Redis(redis!.url, { lazyConnect: true, enableOfflineQueue: false })
      client.on('error', () => undefined)
      const c = client
      cleanups.push(() => c.quit())
      await client.connect()
    }
    return client
  }
}
const nodeRedis = (): (() => Promise<ReturnType<typeof createClient>>) => {
  let client: ReturnType<typeof createClient> | undefined
  return async () => {
    if (client === undefined) {
      client = createClient({ url: redis!.url, disableOfflineQueue: true })
      client.on('error', () => undefined)
      await client.connect()
      const c = client
      cleanups.push(() => c.quit())
    }
    return client
  }
}

describe.skipIf(redis === undefined)('Redis live revocations (ioredis)', () => {
  describeLiveRevocations(redisPair(ioredis(), ioredis()))

  it('1,000 checks in B run no Redis command (INFO commandstats)', async () => {
    const [a1, b1] = [ioredis(), ioredis()]
    const prefix = `t${suffix()}:`
    const a = redisLiveRevocations(await a1(), { prefix })
    const b = redisLiveRevocations(await b1(), { prefix })
    cleanups.push(
      () => a.close(),
      () => b.close(),
    )
    expect(await eventually(() => a.status() === 'live' && b.status() === 'live')).toBe(true)
    const [handle, user] = [newId('h'), newId('u')]
    await a.revokeSession(handle, Date.now() + HOUR)
    await a.revokeUser(user, Date.now(), Date.now() + HOUR)
    expect(await eventually(() => b.isRevoked(handle, 'x', 0) === true)).toBe(true)
    expect(await eventually(() => b.isRevoked('x', user, 0) === true)).toBe(true)
    const admin = await a1()
    await admin.config('RESETSTAT')
    let refused = 0
    for (let i = 0; i < 1000; i += 1) {
      if (b.isRevoked(i % 2 === 0 ? handle : newId('h'), i % 3 === 0 ? user : 'x', 0) === true) {
        refused += 1
      }
    }
    const stats = String(await admin.info('commandstats'))
    const commands = [...stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => m[1])
    expect(refused).toBe(667) // every even i, and every multiple of 3 among the odd ones
    expect(commands.filter((name) => name !== 'config|resetstat' && name !== 'info')).toEqual([])
  })

  it('needs a `subscriber` on a cluster (ConfigError)', () => {
    const fake = { masters: [], sendCommand: () => Promise.resolve(null) }
    expect(() => redisLiveRevocations(fake)).toThrow(ConfigError)
  })
})

describe.skipIf(redis === undefined)('Redis live revocations behind the login manager', () => {
  interface User {
    id: string
    name: string
  }
  const alice: User = { id: '1', name: 'alice' }

  it('CL-25 refuses in B a cookie A logged out, with no Redis command in B', async () => {
    const clock = fakeClock(T0)
    const prefix = `t${suffix()}:`
    const [clientA, clientB] = [await ioredis()(), await ioredis()()]
    let reads = 0
    const counted = {
      call: (command: string, ...args: string[]) => ((reads += 1), clientB.call(command, ...args)),
      duplicate: () => clientB.duplicate(),
    }
    const app = (revocations: LiveRevocations) => {
      const sessions = createSessionManager({ secret: SECRET_A, now: clock })
      const auth = createLoginManager<User>({ sessions, loadUser: () => alice, revocations })
      return {
        whoami: async (jar: Jar) =>
          (await request(sessions, jar, (h) => auth.currentUser(h.session))).value?.name,
        run: (jar: Jar, use: (session: Session) => unknown) =>
          request(sessions, jar, (h) => use(h.session)),
        auth,
      }
    }
    const viewA = redisLiveRevocations(clientA, { prefix, now: clock })
    const viewB = redisLiveRevocations(counted, { prefix, now: clock })
    cleanups.push(
      () => viewA.close(),
      () => viewB.close(),
    )
    expect(await eventually(() => viewA.status() === 'live' && viewB.status() === 'live')).toBe(
      true,
    )
    const [a, b] = [app(viewA), app(viewB)]
    const browser = cookieJar()
    await a.run(browser, (session) => a.auth.login(session, alice))
    const stolen = cookieJar()
    for (const [name, value] of browser.cookies) stolen.cookies.set(name, value)
    const before = reads
    expect(await b.whoami(stolen)).toBe('alice')
    await a.run(browser, (session) => a.auth.logout(session))
    expect(await eventually(async () => (await b.whoami(stolen)) === undefined)).toBe(true)
    expect(reads - before).toBe(0)
  })
})

describe.skipIf(redis === undefined)('Redis live revocations (node-redis)', () => {
  describeLiveRevocations(redisPair(nodeRedis(), nodeRedis()))
})

describe.skipIf(cluster === undefined)('Redis live revocations on Redis Cluster', () => {
  it('finds by scanning every master what was written before, and hears every node’s writes', async () => {
    const connect = async (): Promise<Cluster> => {
      const io = new Cluster(cluster!.nodes, { lazyConnect: true, enableOfflineQueue: false })
      io.on('error', () => undefined)
      await io.connect()
      cleanups.push(() => io.disconnect())
      return io
    }
    const [one, two] = [await connect(), await connect()]
    const prefix = `t${suffix()}:`
    const clock = fakeClock(T0)
    const subscriber = (i: number): Redis => {
      const node = cluster!.nodes[i]!
      return new Redis(node.port, node.host, { lazyConnect: true })
    }
    const a = redisLiveRevocations(one, { prefix, now: clock, subscriber: subscriber(0) })
    cleanups.push(() => a.close())
    expect(await eventually(() => a.status() === 'live')).toBe(true)
    const early = Array.from({ length: 12 }, () => newId('h'))
    for (const handle of early) await a.revokeSession(handle, T0 + HOUR)
    const b = redisLiveRevocations(two, { prefix, now: clock, subscriber: subscriber(2) })
    cleanups.push(() => b.close())
    expect(await eventually(() => b.status() === 'live')).toBe(true)
    for (const handle of early) expect(b.isRevoked(handle, 'u', T0)).toBe(true)
    const late = Array.from({ length: 12 }, () => newId('h'))
    for (const handle of late) await a.revokeSession(handle, T0 + HOUR)
    expect(await eventually(() => late.every((h) => b.isRevoked(h, 'u', T0) === true))).toBe(true)
    const perNode = await Promise.all(one.nodes('master').map((node) => node.keys(`${prefix}*`)))
    expect(perNode.filter((keys) => keys.length > 0).length).toBeGreaterThan(1)
  })
})

describe.skipIf(postgres === undefined)('PostgreSQL live revocations', () => {
  const admin = new pg.Pool({ connectionString: postgres?.url, max: 4 })
  cleanups.push(() => admin.end())

  describeLiveRevocations(async ({ view, bDown }): Promise<LivePair> => {
    const s = suffix()
    const names = { handlesTable: `rh_${s}`, usersTable: `ru_${s}`, channel: `rc_${s}` }
    const poolB = new pg.Pool({ connectionString: postgres!.url, max: 4 })
    cleanups.push(() => poolB.end())
    let reads = 0
    const counted: PgListenPoolLike = {
      query: (query) => ((reads += 1), poolB.query(query)),
      connect: () => (bDown === true ? Promise.reject(new Error('no listener')) : poolB.connect()),
    }
    const a = postgresLiveRevocations(admin, { ...view, ...names })
    const b = postgresLiveRevocations(counted, { ...view, ...names, retryMs: 20 })
    return {
      a,
      b,
      readsOfB: () => reads,
      async killFeedOfB() {
        const { rows } = await admin.query(
          'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE query = $1',
          [`LISTEN "${names.channel}"`],
        )
        expect(rows.length).toBeGreaterThan(0)
      },
      async writeSilently(handle, until) {
        await admin.query(`INSERT INTO ${names.handlesTable} VALUES ($1, $2)`, [handle, until])
      },
    }
  })

  it('re-reads the tables when a payload is too long to notify (a 10 kB user id)', async () => {
    const s = suffix()
    const names = { handlesTable: `rh_${s}`, usersTable: `ru_${s}`, channel: `rc_${s}` }
    const poolB = new pg.Pool({ connectionString: postgres!.url, max: 4 })
    cleanups.push(() => poolB.end())
    const views: LiveRevocations[] = [
      postgresLiveRevocations(admin, names),
      postgresLiveRevocations(poolB, names),
    ]
    cleanups.push(...views.map((view) => () => view.close()))
    const [a, b] = views as [LiveRevocations, LiveRevocations]
    expect(await eventually(() => a.status() === 'live' && b.status() === 'live')).toBe(true)
    const user = `u${'x'.repeat(10_000)}`
    await a.revokeUser(user, Date.now(), Date.now() + HOUR)
    expect(await eventually(() => b.isRevoked('h', user, 0) === true)).toBe(true)
  })
})
