/**
 * A revocation store for sealed-cookie sessions in Redis, through the app's own client —
 * ioredis (standalone, Sentinel or Cluster) or node-redis v4/v5 (client, cluster or sentinel) —
 * so every app server refuses a cookie that one of them revoked (CL-25, CL-44, CL-47).
 *
 * ```ts
 * import { Redis } from 'ioredis'
 * import { createLoginManager } from 'tessera-session/auth'
 * import { redisRevocations } from 'tessera-session/stores/redis'
 *
 * const revocations = redisRevocations(new Redis(process.env.REDIS_URL, { enableOfflineQueue: false }))
 * const auth = createLoginManager({ sessions, loadUser, revocations })
 * ```
 *
 * Layout: `{prefix}h:<handle>` holds a revoked handle's `until`; `{prefix}u:<userId>` holds
 * `<before>:<until>` for a user's "valid from" time. Each write is a small Lua script on one key
 * that keeps the larger `before` and `until` (a revocation is never shortened or moved
 * backwards) and never shortens the key's TTL. A check reads both keys with one `MGET` (on a
 * cluster, where the two keys live in different slots, two `GET`s sent together).
 *
 * Each write also `PUBLISH`es its result on `{prefix}events`, inside the same script, for the live
 * views of `redisLiveRevocations` (no subscriber, no cost beyond the one command).
 *
 * `until` is judged with the app's clock (`now`), and each key's TTL is set relative to it
 * (`PEXPIRE until - now`), so a clock difference between the app and Redis never cuts a
 * revocation short; Redis deletes the key once it no longer matters.
 *
 * @module
 */

import type { RevocationStore } from '../../auth/revocation.js'
import { systemClock } from '../../internal/clock.js'
import { withTimeout } from '../kit/guard.js'
import { checkPositiveInteger } from '../kit/options.js'
import {
  evalScript as runScript,
  redisScript as script,
  type RedisClientLike,
  type RedisScript,
  sender,
} from './client.js'
import { strings } from './hash.js'

/** Options of {@link redisRevocations}. */
export interface RedisRevocationsOptions {
  /**
   * Prefix of every key the store writes. Use one per app sharing a Redis.
   * @default 'tessera:revoked:'
   */
  prefix?: string
  /**
   * Milliseconds one call may take before it fails with `StoreUnavailableError` (CL-73).
   * @default 2000
   */
  timeoutMs?: number
  /**
   * The clock `until` is compared with, in milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number
}

/** The Redis revocation store: every method returns a promise. */
export interface RedisRevocations extends RevocationStore {
  revokeSession(handle: string, until: number): Promise<void>
  revokeUser(userId: string, before: number, until: number): Promise<void>
  isRevoked(handle: string, userId: string, stamp: number): Promise<boolean>
  /** Does nothing: the store never closes the client, and Redis expires keys itself. */
  close(): Promise<void>
}

const STORE_NAME = 'Redis revocation'

// KEYS[1] = handle key; ARGV = until, ttl (ms), channel, handle. Keeps the larger `until` and
// the longer TTL, then announces the result to live views (`h:<until>:<handle>`) in the same
// script, so no view can see the key without the message or the message without the key.
const REVOKE_HANDLE = script(`
local current = redis.call('GET', KEYS[1])
local ttl = math.max(tonumber(ARGV[2]), redis.call('PTTL', KEYS[1]))
local untl = ARGV[1]
if current and tonumber(current) >= tonumber(ARGV[1]) then
  untl = current
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
end
redis.call('PUBLISH', ARGV[3], 'h:' .. untl .. ':' .. ARGV[4])
return 1`)

// KEYS[1] = user key; ARGV = before, until, ttl (ms), channel, userId. The value is
// "<before>:<until>"; each part keeps its larger value, and the TTL the longer one. The result is
// announced as `u:<before>:<until>:<userId>`.
const REVOKE_USER = script(`
local before, untl = ARGV[1], ARGV[2]
local current = redis.call('GET', KEYS[1])
if current then
  local sep = string.find(current, ':', 1, true)
  if sep then
    local b, u = string.sub(current, 1, sep - 1), string.sub(current, sep + 1)
    if tonumber(b) > tonumber(before) then before = b end
    if tonumber(u) > tonumber(untl) then untl = u end
  end
end
local ttl = math.max(tonumber(ARGV[3]), redis.call('PTTL', KEYS[1]))
redis.call('SET', KEYS[1], before .. ':' .. untl, 'PX', ttl)
redis.call('PUBLISH', ARGV[4], 'u:' .. before .. ':' .. untl .. ':' .. ARGV[5])
return 1`)

/**
 * Create a revocation store on the app's Redis client. The store never closes the client. A call
 * that fails or outlasts `timeoutMs` throws `StoreUnavailableError`, so a request that cannot
 * check revocation fails closed (503) instead of trusting the cookie.
 *
 * > [!NOTE]
 * > Configure the client not to queue commands while disconnected (ioredis
 * > `enableOfflineQueue: false`, node-redis `disableOfflineQueue: true`), so an outage fails
 * > requests fast instead of after `timeoutMs`.
 *
 * @param client - an ioredis or node-redis client, cluster or sentinel, connected by the app.
 * @param options - key prefix, timeout and clock.
 * @returns a {@link RedisRevocations}.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { redisRevocations } from 'tessera-session/stores/redis'
 *
 * const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect()
 * const revocations = redisRevocations(client, { prefix: 'myapp:revoked:' })
 * ```
 */
export function redisRevocations(
  client: RedisClientLike,
  options: RedisRevocationsOptions = {},
): RedisRevocations {
  const prefix = options.prefix ?? 'tessera:revoked:'
  const timeoutMs = checkPositiveInteger(STORE_NAME, 'timeoutMs', options.timeoutMs ?? 2000)
  const now = options.now ?? systemClock
  const send = sender(client)
  const cluster = isCluster(client)
  const handleKey = (handle: string): string => `${prefix}h:${handle}`
  const userKey = (userId: string): string => `${prefix}u:${userId}`
  const channel = revocationChannel(prefix)
  const run = <T>(op: () => Promise<T>): Promise<T> =>
    withTimeout(`${STORE_NAME} store`, timeoutMs, op)

  const evalScript = (s: RedisScript, key: string, args: string[]): Promise<unknown> =>
    runScript(send, s, key, args)

  /** Both values in one round trip: one MGET, or two GETs written together on a cluster. */
  async function read(handle: string, userId: string): Promise<unknown[]> {
    const [h, u] = [handleKey(handle), userKey(userId)]
    if (!cluster) return (await send(h, ['MGET', h, u])) as unknown[]
    return Promise.all([send(h, ['GET', h]), send(u, ['GET', u])])
  }

  return {
    revokeSession: (handle, until) =>
      run(async () => {
        const ttl = Math.ceil(until) - now()
        if (ttl <= 0) return // already over: nothing to refuse
        await evalScript(REVOKE_HANDLE, handleKey(handle), [
          String(Math.ceil(until)),
          String(ttl),
          channel,
          handle,
        ])
      }),
    revokeUser: (userId, before, until) =>
      run(async () => {
        const ttl = Math.ceil(until) - now()
        if (ttl <= 0) return
        await evalScript(REVOKE_USER, userKey(userId), [
          String(Math.ceil(before)),
          String(Math.ceil(until)),
          String(ttl),
          channel,
          userId,
        ])
      }),
    isRevoked: (handle, userId, stamp) =>
      run(async () => {
        const [h, u] = strings(await read(handle, userId))
        const at = now()
        if (h != null && Number(h) > at) return true
        if (u == null) return false
        const [before = 0, until = 0] = u.split(':').map(Number)
        return until > at && stamp < before
      }),
    close: () => Promise.resolve(),
  }
}

/** The pub/sub channel every write announces itself on (`redisLiveRevocations` listens). */
export function revocationChannel(prefix: string): string {
  return `${prefix}events`
}

/** True for an ioredis `Cluster` or a node-redis cluster: keys of one call must share a slot. */
export function isCluster(client: RedisClientLike): boolean {
  if ('masters' in client) return true
  return (client as { isCluster?: unknown }).isCluster === true
}
