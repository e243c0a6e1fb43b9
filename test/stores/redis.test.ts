import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis, type RedisOptions } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { StoreUnavailableError } from '../../src/errors.js'
import { redisStore } from '../../src/stores/redis/index.js'
import type { SessionRecord, SessionStore } from '../../src/stores/store.js'
import { startRedis } from '../helpers/services.js'
import { describeStore, newKey, newUser } from './suite.js'

const service = await startRedis()
const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** An ioredis client set up as docs/stores.md recommends: no offline queue. */
async function ioredisClient(url: string, options: RedisOptions = {}): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    ...options,
  })
  client.on('error', () => undefined) // connection errors surface through the store's calls
  await client.connect()
  return client
}

async function nodeRedisClient(url: string) {
  const client = createClient({ url, disableOfflineQueue: true })
  client.on('error', () => undefined) // node-redis throws on an 'error' event with no listener
  await client.connect()
  return client
}

const prefix = () => `t${randomBytes(4).toString('hex')}:`

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const at = Date.now()
  return {
    data: { user: 'alice', n: 1 },
    userId: null,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: at + 30 * MINUTE,
    absoluteExpiresAt: at + 12 * HOUR,
    userAgent: 'curl',
    ip: '127.0.0.1',
    ...overrides,
  }
}

/** Poll `check` every 50 ms, at most `ms`; true as soon as it passes. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 50) {
    if (await check().catch(() => false)) return true
    await sleep(50)
  }
  return false
}

if (service === undefined) {
  describe.skip('redis store (redis-server is not installed)', () => {
    it('is skipped', () => undefined)
  })
} else {
  const io = await ioredisClient(service.url)
  const nr = await nodeRedisClient(service.url)
  afterAll(async () => {
    io.disconnect()
    await nr.close()
    await service.stop()
  })

  describeStore('redis', (clock) => redisStore(io, { now: clock.now, prefix: prefix() }), {
    nativeTtl: true,
  })
  describe('with node-redis', () => {
    describeStore('redis', (clock) => redisStore(nr, { now: clock.now, prefix: prefix() }), {
      nativeTtl: true,
    })
  })

  describe('redis store', () => {
    it('keeps one hash per session and one sorted set per user, under its prefix, with hash tags', async () => {
      const p = prefix()
      const store = redisStore(io, { prefix: p })
      const key = newKey()
      const user = newUser()
      const rec = record({ userId: user, data: { cart: [1, 2], userId: 'spoof' } })
      await store.create(key, rec)
      expect((await io.keys(`${p}*`)).sort()).toEqual([`${p}s:{${key}}`, `${p}ui:{${user}}`])
      expect(await io.hgetall(`${p}s:{${key}}`)).toEqual({
        userId: user,
        createdAt: String(rec.createdAt),
        lastSeenAt: String(rec.lastSeenAt),
        expiresAt: String(rec.expiresAt),
        absoluteExpiresAt: String(rec.absoluteExpiresAt),
        userAgent: 'curl',
        ip: '127.0.0.1',
        'd:cart': '[1,2]',
        'd:userId': '"spoof"',
      })
      // Each member is scored with its session's absolute deadline.
      expect(await io.zrange(`${p}ui:{${user}}`, 0, -1, 'WITHSCORES')).toEqual([
        key,
        String(rec.absoluteExpiresAt),
      ])
    })

    it('CL-28 gives the hash a TTL equal to the time left, and the user index one to the absolute deadline', async () => {
      const p = prefix()
      let now = Date.now()
      const store = redisStore(io, { prefix: p, now: () => now })
      const key = newKey()
      const user = newUser()
      await store.create(
        key,
        record({ userId: user, expiresAt: now + 10 * MINUTE, absoluteExpiresAt: now + HOUR }),
      )
      const ttl = await io.pttl(`${p}s:{${key}}`)
      expect(ttl).toBeLessThanOrEqual(10 * MINUTE)
      expect(ttl).toBeGreaterThan(10 * MINUTE - 5000)
      expect(await io.pttl(`${p}ui:{${user}}`)).toBeGreaterThan(HOUR - 5000)
      expect(await io.pttl(`${p}ui:{${user}}`)).toBeLessThanOrEqual(HOUR)
      now += MINUTE
      await store.touch(key, now + 2 * HOUR) // clamped to the absolute deadline
      expect(await io.pttl(`${p}s:{${key}}`)).toBeLessThanOrEqual(HOUR - MINUTE)
      expect(await io.pttl(`${p}s:{${key}}`)).toBeGreaterThan(HOUR - MINUTE - 5000)
    })

    it('lets Redis delete a session at its deadline, and drops it from the user index at its absolute deadline', async () => {
      const p = prefix()
      let now = Date.now()
      const store = redisStore(io, { prefix: p, now: () => now })
      const key = newKey()
      const user = newUser()
      const rec = record({ userId: user, expiresAt: now + 300, absoluteExpiresAt: now + HOUR })
      await store.create(key, rec)
      expect(await store.get(key)).toBeDefined()
      expect(await eventually(async () => (await io.exists(`${p}s:{${key}}`)) === 0, 3000)).toBe(
        true,
      )
      expect(await store.get(key)).toBeUndefined()
      expect(await store.listByUser(user)).toEqual([])
      // A member with no hash may be a session still being written: only its score drops it.
      expect(await io.zscore(`${p}ui:{${user}}`, key)).toBe(String(rec.absoluteExpiresAt))
      expect(await store.destroyByUser(user)).toBe(0)
      expect(await io.zscore(`${p}ui:{${user}}`, key)).toBe(String(rec.absoluteExpiresAt))
      now = rec.absoluteExpiresAt
      expect(await store.listByUser(user)).toEqual([])
      expect(await io.exists(`${p}ui:{${user}}`)).toBe(0)
    })

    it('keeps a session in the index when a listing finds its member before its hash', async () => {
      const p = prefix()
      const store = redisStore(io, { prefix: p })
      const key = newKey()
      const user = newUser()
      const rec = record({ userId: user })
      // What create does in two steps (the index and the hash live in different slots), with a
      // listing and a revocation run between them.
      await io.zadd(`${p}ui:{${user}}`, rec.absoluteExpiresAt, key)
      expect(await store.listByUser(user)).toEqual([])
      expect(await store.destroyByUser(user)).toBe(0)
      await store.create(key, rec)
      expect((await store.listByUser(user)).map((s) => s.key)).toEqual([key])
      expect(await store.destroyByUser(user)).toBe(1)
      expect(await store.get(key)).toBeUndefined()
      expect(await io.exists(`${p}ui:{${user}}`)).toBe(0)
    })

    it('scores a session moved to a user by a patch with its absolute deadline', async () => {
      const p = prefix()
      const store = redisStore(io, { prefix: p })
      const key = newKey()
      const user = newUser()
      const rec = record()
      await store.create(key, rec)
      await store.update(key, { userId: user }, Date.now() + MINUTE)
      expect(await io.zscore(`${p}ui:{${user}}`, key)).toBe(String(rec.absoluteExpiresAt))
    })

    for (const [label, client] of [
      ['ioredis', io],
      ['node-redis', nr],
    ] as const) {
      it(`folds the per-user set of tessera-session 0.1.0 into the index (${label})`, async () => {
        const p = prefix()
        const now = Date.now()
        const store = redisStore(client, { prefix: p, now: () => now })
        const user = newUser()
        const [a, b] = [newKey(), newKey()]
        await store.create(a, record({ userId: user, lastSeenAt: now - 1000 }))
        await store.create(b, record({ userId: user, lastSeenAt: now }))
        // Lay the index out as 0.1.0 did: a plain set under `u:`, living to the latest deadline.
        await io.del(`${p}ui:{${user}}`)
        await io.sadd(`${p}u:{${user}}`, a, b)
        await io.pexpire(`${p}u:{${user}}`, 12 * HOUR)
        expect((await store.listByUser(user)).map((s) => s.key)).toEqual([b, a])
        expect(await io.exists(`${p}u:{${user}}`)).toBe(0)
        const score = Number(await io.zscore(`${p}ui:{${user}}`, a))
        expect(score).toBeGreaterThan(now + 12 * HOUR - 5000)
        expect(score).toBeLessThanOrEqual(now + 12 * HOUR)
        expect(await io.pttl(`${p}ui:{${user}}`)).toBeGreaterThan(12 * HOUR - 5000)
        // A 0.1.0 process, during a rolling upgrade, indexes a session in its set only: the next
        // call folds that member in too.
        const c = newKey()
        await store.create(c, record({ userId: user }))
        await io.zrem(`${p}ui:{${user}}`, c)
        await io.sadd(`${p}u:{${user}}`, c)
        await io.pexpire(`${p}u:{${user}}`, 12 * HOUR)
        expect(await store.destroyByUser(user, a)).toBe(2)
        expect((await store.listByUser(user)).map((s) => s.key)).toEqual([a])
        expect(await io.exists(`${p}u:{${user}}`)).toBe(0)
      })
    }

    it('stores nothing for a record created already expired', async () => {
      const p = prefix()
      const store = redisStore(io, { prefix: p })
      await store.create(newKey(), record({ userId: newUser(), expiresAt: Date.now() - 1 }))
      expect(await io.keys(`${p}*`)).toEqual([])
    })

    for (const [label, client] of [
      ['ioredis', io],
      ['node-redis', nr],
    ] as const) {
      it(`reloads its scripts after SCRIPT FLUSH (${label})`, async () => {
        const store = redisStore(client, { prefix: prefix() })
        const key = newKey()
        await store.create(key, record())
        await io.script('FLUSH')
        await store.update(key, { set: { after: 'flush' } }, Date.now() + HOUR)
        expect((await store.get(key))?.data).toMatchObject({ after: 'flush' })
      })
    }

    it('reads with node-redis what it wrote with ioredis', async () => {
      const p = prefix()
      const key = newKey()
      const user = newUser()
      const rec = record({ userId: user })
      await redisStore(io, { prefix: p }).create(key, rec)
      const other = redisStore(nr, { prefix: p })
      expect(await other.get(key)).toEqual(rec)
      expect(await other.destroyByUser(user)).toBe(1)
    })

    it('never closes the client it was given', async () => {
      const store = redisStore(nr, { prefix: prefix() })
      await store.close()
      expect(store.getClient()).toBe(nr)
      expect(await nr.ping()).toBe('PONG')
    })
  })

  // These stop the server, so they run last and bring it back before they end.
  describe('redis store during an outage', () => {
    it('CL-73 answers StoreUnavailableError within its timeout when Redis hangs', async () => {
      const store = redisStore(io, { prefix: prefix(), timeoutMs: 300 })
      const key = newKey()
      await store.create(key, record())
      service.pause()
      try {
        const started = Date.now()
        await expect(store.get(key)).rejects.toBeInstanceOf(StoreUnavailableError)
        expect(Date.now() - started).toBeLessThan(1000)
      } finally {
        service.resume()
      }
      expect(await store.get(key)).toBeDefined()
    })

    for (const [label, connect, queues] of [
      ['ioredis', ioredisClient, false],
      ['node-redis', nodeRedisClient, false],
      [
        'ioredis with its default offline queue',
        (url: string) =>
          ioredisClient(url, { enableOfflineQueue: true, maxRetriesPerRequest: null }),
        true,
      ],
    ] as const) {
      it(`CL-75 fails fast while Redis is down and serves the same record once it is back (${label})`, async () => {
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
        const client = await connect(service.url)
        const store: SessionStore = redisStore(client, { prefix: prefix(), timeoutMs: 500 })
        const key = newKey()
        const rec = record({ userId: newUser() })
        await store.create(key, rec)
        await service.kill()
        try {
          const started = Date.now()
          await expect(store.get(key)).rejects.toBeInstanceOf(StoreUnavailableError)
          const refused = store.update(key, { set: { refused: 1 } }, rec.expiresAt)
          await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError)
          expect(Date.now() - started).toBeLessThan(2 * 500 + 500)
        } finally {
          await service.restart()
        }
        expect(await eventually(async () => (await store.get(key)) !== undefined, 10_000)).toBe(
          true,
        )
        const after = await store.get(key)
        expect(after).toMatchObject({ ...rec, data: expect.objectContaining(rec.data) as unknown })
        // Without an offline queue the refused write was never sent; with one, ioredis replays it
        // after the outage, which is why the store warns about such a client.
        if (queues) expect(warn).toHaveBeenCalledTimes(1)
        else expect(after?.data).toEqual(rec.data)
        warn.mockRestore()
        if (client instanceof Redis) client.disconnect()
        else await client.close()
      })
    }
  })
}
