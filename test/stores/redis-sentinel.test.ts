import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { createSentinel } from 'redis'
import { afterAll, describe, expect, it } from 'vitest'
import { redisStore } from '../../src/stores/redis/index.js'
import { startRedisSentinel } from '../helpers/redis-sentinel.js'
import { startRedis } from '../helpers/services.js'
import { describeStore, newKey, newUser } from './suite.js'

// The clients find the master through a Sentinel, as in a Sentinel deployment.
const service = await startRedis({ appendfsync: 'no' })
const prefix = () => `t${randomBytes(4).toString('hex')}:`

if (service === undefined) {
  describe.skip('redis store through Sentinel (redis-server is not installed)', () => {
    it('is skipped', () => undefined)
  })
} else {
  const sentinel = await startRedisSentinel(service.port)
  const io = new Redis({
    sentinels: [sentinel.node],
    name: sentinel.name,
    lazyConnect: true,
    enableOfflineQueue: false,
  })
  io.on('error', () => undefined)
  await io.connect()
  const nr = createSentinel({
    name: sentinel.name,
    sentinelRootNodes: [sentinel.node],
    nodeClientOptions: { disableOfflineQueue: true },
  })
  nr.on('error', () => undefined)
  await nr.connect()
  afterAll(async () => {
    io.disconnect()
    await nr.close()
    await sentinel.stop()
    await service.stop()
  })

  describe('with ioredis through Sentinel', () => {
    describeStore('redis', (clock) => redisStore(io, { now: clock.now, prefix: prefix() }), {
      nativeTtl: true,
    })
  })
  describe('with a node-redis sentinel client', () => {
    describeStore('redis', (clock) => redisStore(nr, { now: clock.now, prefix: prefix() }), {
      nativeTtl: true,
    })
  })

  it('writes through Sentinel to the master the Sentinel names', async () => {
    const p = prefix()
    const key = newKey()
    const user = newUser()
    const at = Date.now()
    await redisStore(nr, { prefix: p }).create(key, {
      data: { via: 'sentinel' },
      userId: user,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: at + 60_000,
      absoluteExpiresAt: at + 3_600_000,
      userAgent: null,
      ip: null,
    })
    const direct = new Redis(service.port, '127.0.0.1')
    expect(await direct.hget(`${p}s:{${key}}`, 'd:via')).toBe('"sentinel"')
    direct.disconnect()
  })
}
