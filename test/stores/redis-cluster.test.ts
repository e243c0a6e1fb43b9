import { randomBytes } from 'node:crypto'
import { Cluster } from 'ioredis'
import { createCluster } from 'redis'
import { afterAll, describe, expect, it } from 'vitest'
import { redisStore } from '../../src/stores/redis/index.js'
import { startRedisCluster } from '../helpers/services.js'
import { describeStore, newKey, newUser } from './suite.js'

// A real three-master Redis Cluster: a script that touched two slots would fail with CROSSSLOT.
const cluster = await startRedisCluster()
const prefix = () => `t${randomBytes(4).toString('hex')}:`

if (cluster === undefined) {
  describe.skip('redis store on Redis Cluster (redis-server is not installed)', () => {
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

  describe('with an ioredis Cluster', () => {
    describeStore('redis', (clock) => redisStore(io, { now: clock.now, prefix: prefix() }), {
      nativeTtl: true,
    })
  })
  describe('with a node-redis cluster', () => {
    describeStore('redis', (clock) => redisStore(nr, { now: clock.now, prefix: prefix() }), {
      nativeTtl: true,
    })
  })

  describe('redis store on Redis Cluster', () => {
    for (const [label, client] of [
      ['ioredis', io],
      ['node-redis', nr],
    ] as const) {
      it(`lists and revokes one user's sessions spread over every master (${label})`, async () => {
        const p = prefix()
        const store = redisStore(client, { prefix: p })
        const user = newUser()
        const keys = Array.from({ length: 30 }, newKey)
        const at = Date.now()
        for (const [i, key] of keys.entries()) {
          await store.create(key, {
            data: { i },
            userId: user,
            createdAt: at,
            lastSeenAt: at + i,
            expiresAt: at + 60_000,
            absoluteExpiresAt: at + 3_600_000,
            userAgent: null,
            ip: null,
          })
        }
        const perNode = await Promise.all(io.nodes('master').map((node) => node.keys(`${p}s:*`)))
        expect(perNode.map((found) => found.length > 0)).toEqual([true, true, true])
        expect((await store.listByUser(user)).map((s) => s.key)).toEqual([...keys].reverse())
        expect(await store.destroyByUser(user, keys[0])).toBe(29)
        expect((await store.listByUser(user)).map((s) => s.key)).toEqual([keys[0]])
      })
    }
  })
}
