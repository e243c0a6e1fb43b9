/**
 * A throttle store in Redis through the app's own client — ioredis (standalone, Sentinel or
 * Cluster) or node-redis v4/v5 (client, cluster or sentinel) — so every app server shares the
 * login limits. Each failure is one Lua script on one key: atomic on the server, and in one
 * Cluster slot. Each counter is a hash with a Redis TTL, so lapsed counters clean themselves up.
 *
 * ```ts
 * import { redisThrottle } from 'tessera-session/stores/redis'
 * ```
 *
 * @module
 */

import type { ThrottleEntry, ThrottleStore } from '../../auth/throttle-store.js'
import { withTimeout } from '../kit/guard.js'
import { checkPositiveInteger } from '../kit/options.js'
import { expiryOf, NEVER } from '../kit/throttle.js'
import { evalScript, redisScript, sender, type RedisClientLike } from './client.js'

/** @deprecated Use `RedisClientLike`. */
export type RedisThrottleClient = RedisClientLike

/** Options of {@link redisThrottle}. */
export interface RedisThrottleOptions {
  /**
   * Milliseconds one call may take before it fails with `StoreUnavailableError` (CL-73).
   * @default 2000
   */
  timeoutMs?: number
}

/** @deprecated Use {@link RedisThrottleOptions}. */
export type RedisThrottleStoreOptions = RedisThrottleOptions

const STORE_NAME = 'redis'
/** How messages name the store. */
const LABEL = 'Redis throttle'

// KEYS[1] = counter; ARGV = now, expiresAt (caller's clock), Redis TTL in ms ('0' = none).
// Expiry is decided with the caller's clock (field e); the Redis TTL only collects garbage.
const HIT = `
local e = redis.call('HGET', KEYS[1], 'e')
local c = 1
local f = ARGV[1]
if e and tonumber(e) > tonumber(ARGV[1]) then
  c = redis.call('HINCRBY', KEYS[1], 'c', 1)
  f = redis.call('HGET', KEYS[1], 'f')
else
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'c', 1, 'f', ARGV[1])
end
redis.call('HSET', KEYS[1], 'l', ARGV[1], 'e', ARGV[2])
if ARGV[3] == '0' then redis.call('PERSIST', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {tostring(c), f, ARGV[1], ARGV[2]}
`
const HIT_SCRIPT = redisScript(HIT)

/**
 * Creates a Redis-backed throttle store. The store never closes the client. Configure the client
 * not to queue commands while disconnected (ioredis `enableOfflineQueue: false`, node-redis
 * `disableOfflineQueue: true`), so an outage fails logins fast (`StoreUnavailableError`).
 *
 * @param client - an ioredis or node-redis client, cluster or sentinel, connected by the app.
 * @param options - the timeout.
 * @returns a throttle store; every method returns a promise.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { redisThrottle } from 'tessera-session/stores/redis'
 *
 * const store = redisThrottle(new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false }))
 * ```
 */
export function redisThrottle(
  client: RedisClientLike,
  options: RedisThrottleOptions = {},
): ThrottleStore {
  const timeoutMs = checkPositiveInteger(LABEL, 'timeoutMs', options.timeoutMs ?? 2000)
  const send = sender(client)
  const guarded = <T>(op: () => Promise<T>): Promise<T> =>
    withTimeout(`${LABEL} store`, timeoutMs, op)
  const command = (key: string, args: string[]): Promise<unknown> => guarded(() => send(key, args))

  return {
    name: STORE_NAME,
    async hit(key, ttlMs, now) {
      const expiresAt = expiryOf(ttlMs, now)
      const redisTtl = expiresAt === NEVER ? '0' : String(Math.ceil(ttlMs))
      const args = [String(now), String(expiresAt), redisTtl]
      return toEntry((await guarded(() => evalScript(send, HIT_SCRIPT, key, args))) as unknown[])
    },
    async get(key, now) {
      const reply = (await command(key, ['HMGET', key, 'c', 'f', 'l', 'e'])) as unknown[]
      const entry = reply[0] == null ? undefined : toEntry(reply)
      return entry !== undefined && entry.expiresAt > now ? entry : undefined
    },
    async reset(key) {
      await command(key, ['DEL', key])
    },
    close() {
      // The client belongs to the caller.
    },
  }
}

/** @deprecated Use {@link redisThrottle}. */
export const createRedisThrottleStore: typeof redisThrottle = redisThrottle

function toEntry(reply: unknown[]): ThrottleEntry {
  const [count = 0, firstAt = 0, lastAt = 0, expiresAt = 0] = reply.map((v) => Number(String(v)))
  return { count, firstAt, lastAt, expiresAt }
}
