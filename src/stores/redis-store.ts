/**
 * The Redis session store, on the app's own client: ioredis (standalone, Sentinel or Cluster) or
 * node-redis v4/v5 (client, cluster or sentinel).
 *
 * ```ts
 * import { Redis } from 'ioredis'
 * import { redisStore } from 'tessera-session/stores/redis'
 *
 * const store = redisStore(new Redis(process.env.REDIS_URL, { enableOfflineQueue: false }))
 * ```
 *
 * Layout: one hash per session, `{prefix}s:{<key>}`, whose TTL follows the session's deadline,
 * and one set per user, `{prefix}u:{<userId>}`, listing the user's session keys. A patch is one
 * Lua script on one key, so it is atomic, in Redis Cluster too. The per-user set lives in its own
 * slot, so it is kept as a superset: a member is added before its session is written and
 * dropped lazily; `listByUser` and `destroyByUser` check each hash's `userId` before trusting it.
 *
 * > [!NOTE]
 * > Every call gives up after `timeoutMs` with `StoreUnavailableError`. Configure the client not
 * > to queue commands while disconnected (ioredis `enableOfflineQueue: false`, node-redis
 * > `disableOfflineQueue: true`), so a write refused during an outage is not replayed later.
 *
 * @module
 */
import { systemClock } from '../internal/clock.js'
import {
  evalScript,
  hasOfflineQueue,
  type RedisClientLike,
  sender,
  warnOfflineQueueOnce,
} from './redis-client.js'
import {
  field,
  fields,
  INFO_FIELDS,
  members,
  pairs,
  strings,
  toInfo,
  toRecord,
} from './redis-hash.js'
import {
  CREATE,
  DESTROY,
  DESTROY_IF_USER,
  INDEX_ADD,
  type RedisScript,
  TOUCH,
  UPDATE,
} from './redis-scripts.js'
import { checkPositiveInteger } from './store-config.js'
import { withTimeout } from './store-errors.js'
import { clampDeadline } from './store-patch.js'
import type { SessionInfo, SessionStore } from './store.js'

export type {
  IoRedisLike,
  NodeRedisClientLike,
  NodeRedisClusterLike,
  NodeRedisSentinelLike,
  RedisClientLike,
} from './redis-client.js'

export type {
  MaybePromise,
  SessionInfo,
  SessionPatch,
  SessionRecord,
  SessionRecordData,
  SessionStore,
} from './store.js'

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key the store writes. Use one per app sharing a Redis.
   * @default 'tessera:'
   */
  prefix?: string
  /**
   * Milliseconds one store call may take before it fails with `StoreUnavailableError` (CL-73).
   * @default 2000
   */
  timeoutMs?: number
  /**
   * The clock deadlines are compared with, in milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number
  /**
   * Warn once (`console.warn`) when the client queues commands while disconnected: such a queue
   * replays, after the outage, writes the app already answered 503 for.
   * @default true
   */
  warnOfflineQueue?: boolean
}

/** The Redis store: a {@link SessionStore} plus its client. */
export interface RedisStore extends SessionStore {
  /** The client the store was given. */
  getClient(): RedisClientLike
}

const STORE_NAME = 'redis'

/**
 * Create a store on the app's Redis client. The store never closes the client.
 *
 * @param client - an ioredis or node-redis client, cluster or sentinel, connected by the app.
 * @param options - key prefix, timeout and clock.
 * @returns a {@link RedisStore}; every method returns a promise.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { redisStore } from 'tessera-session/stores/redis'
 *
 * const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect()
 * const store = redisStore(client, { prefix: 'myapp:sess:' })
 * ```
 */
export function redisStore(client: RedisClientLike, options: RedisStoreOptions = {}): RedisStore {
  const prefix = options.prefix ?? 'tessera:'
  const timeoutMs = checkPositiveInteger(STORE_NAME, 'timeoutMs', options.timeoutMs ?? 2000)
  const now = options.now ?? systemClock
  const send = sender(client)
  if (options.warnOfflineQueue !== false && hasOfflineQueue(client)) warnOfflineQueueOnce()
  const sessionKey = (key: string): string => `${prefix}s:{${key}}`
  const userKey = (userId: string): string => `${prefix}u:{${userId}}`
  const run = <T>(op: () => Promise<T>): Promise<T> => withTimeout(STORE_NAME, timeoutMs, op)

  const runScript = (script: RedisScript, key: string, args: string[]): Promise<unknown> =>
    evalScript(send, script, key, args)

  /** Add a session to its user's set before the session is written: the set stays a superset. */
  const indexAdd = (userId: string, key: string, until: number): Promise<unknown> =>
    runScript(INDEX_ADD, userKey(userId), [key, String(Math.max(until - now(), 1))])

  const indexRemove = async (userId: string, keys: string[]): Promise<void> => {
    if (keys.length > 0) await send(userKey(userId), ['SREM', userKey(userId), ...keys])
  }

  return {
    name: STORE_NAME,
    get: (key) =>
      run(async () => {
        const record = toRecord(pairs(await send(sessionKey(key), ['HGETALL', sessionKey(key)])))
        return record !== undefined && record.expiresAt > now() ? record : undefined
      }),

    create: (key, record) =>
      run(async () => {
        const deadline = clampDeadline(record.expiresAt, record.absoluteExpiresAt)
        const ttl = deadline - now()
        if (ttl <= 0) {
          await send(sessionKey(key), ['DEL', sessionKey(key)]) // born expired: keep nothing
          return
        }
        if (record.userId !== null) await indexAdd(record.userId, key, record.absoluteExpiresAt)
        await runScript(CREATE, sessionKey(key), [
          String(ttl),
          ...fields({ ...record, expiresAt: deadline }),
        ])
      }),

    update: (key, patch, expiresAt) =>
      run(async () => {
        const newUser = typeof patch.userId === 'string' ? patch.userId : undefined
        if (newUser !== undefined) await indexAdd(newUser, key, expiresAt)
        const deleted = (patch.delete ?? []).map((name) => `d:${name}`)
        const set = Object.entries(patch.set ?? {}).flatMap(([name, value]) => field(name, value))
        const increments = Object.entries(patch.increment ?? {}).flatMap(([name, by]) => [
          `d:${name}`,
          String(by),
        ])
        const userMode = patch.userId === undefined ? 'k' : patch.userId === null ? 'n' : 's'
        const reply = (await runScript(UPDATE, sessionKey(key), [
          String(now()),
          String(expiresAt),
          patch.clear === true ? '1' : '0',
          userMode,
          newUser ?? '',
          patch.lastSeenAt === undefined ? '' : String(patch.lastSeenAt),
          String(deleted.length),
          String(set.length / 2),
          ...deleted,
          ...set,
          ...increments,
        ])) as [number, number?, string?, string?]
        if (Number(reply[0]) !== 1) {
          if (newUser !== undefined) await indexRemove(newUser, [key]) // nothing was written
          return
        }
        const absolute = Number(reply[3])
        if (newUser !== undefined && absolute > expiresAt) await indexAdd(newUser, key, absolute)
        const previous = Number(reply[1]) === 1 ? String(reply[2]) : undefined
        if (previous !== undefined && patch.userId !== undefined && previous !== patch.userId) {
          await indexRemove(previous, [key])
        }
      }),

    touch: (key, expiresAt, lastSeenAt) =>
      run(async () => {
        const seen = lastSeenAt === undefined ? '' : String(lastSeenAt)
        await runScript(TOUCH, sessionKey(key), [String(now()), String(expiresAt), seen])
      }),

    destroy: (key) =>
      run(async () => {
        const userId = await runScript(DESTROY, sessionKey(key), [])
        if (typeof userId === 'string') await indexRemove(userId, [key])
      }),

    listByUser: (userId) =>
      run(async () => {
        const keys = members(await send(userKey(userId), ['SMEMBERS', userKey(userId)]))
        const at = now()
        const rows = await Promise.all(
          keys.map(async (key) =>
            strings(await send(sessionKey(key), ['HMGET', sessionKey(key), ...INFO_FIELDS])),
          ),
        )
        const sessions: SessionInfo[] = []
        const stale: string[] = []
        for (const [i, key] of keys.entries()) {
          const info = toInfo(key, rows[i] ?? [])
          if (rows[i]?.[0] === userId && info.expiresAt > at) sessions.push(info)
          else stale.push(key) // gone, expired or moved to another user
        }
        await indexRemove(userId, stale)
        return sessions.sort((a, b) => b.lastSeenAt - a.lastSeenAt)
      }),

    destroyByUser: (userId, exceptKey) =>
      run(async () => {
        const at = String(now())
        const keys = members(await send(userKey(userId), ['SMEMBERS', userKey(userId)])).filter(
          (member) => member !== exceptKey,
        )
        const results = await Promise.all(
          keys.map((key) => runScript(DESTROY_IF_USER, sessionKey(key), [userId, at])),
        )
        await indexRemove(userId, keys)
        return results.filter((result) => Number(result) === 1).length
      }),

    // Redis deletes expired hashes itself (their TTL is the deadline); the per-user sets expire
    // with the absolute deadline of their newest session and lose dead members on every listing.
    purgeExpired: () => Promise.resolve(0),
    close: () => Promise.resolve(),
    getClient: () => client,
  }
}
