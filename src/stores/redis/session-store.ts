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
 * and one sorted set per user, `{prefix}ui:{<userId>}`, listing the user's session keys scored by
 * their absolute deadlines. A patch is one Lua script on one key, so it is atomic, in Redis
 * Cluster too. The per-user index lives in its own slot, so it is kept as a superset: a member is
 * added before its session is written, and leaves only when its score (the session's absolute
 * deadline) has passed or when the store has just deleted its session; `listByUser` and
 * `destroyByUser` check each hash's `userId` before trusting a member.
 *
 * > [!NOTE]
 * > Every call gives up after `timeoutMs` with `StoreUnavailableError`. Configure the client not
 * > to queue commands while disconnected (ioredis `enableOfflineQueue: false`, node-redis
 * > `disableOfflineQueue: true`), so a write refused during an outage is not replayed later.
 *
 * @module
 */
import { systemClock } from '../../internal/clock.js'
import { withTimeout } from '../kit/guard.js'
import { checkPositiveInteger } from '../kit/options.js'
import { clampDeadline } from '../kit/patch.js'
import type { SessionInfo, SessionStore } from '../store.js'
import {
  evalScript,
  hasOfflineQueue,
  type RedisClientLike,
  sender,
  warnOfflineQueueOnce,
} from './client.js'
import { field, fields, INFO_FIELDS, members, recordOf, strings, toInfo } from './hash.js'
import {
  CREATE,
  DESTROY,
  DESTROY_IF_USER,
  INDEX_ADD,
  INDEX_LIST,
  INDEX_REMOVE,
  type RedisScript,
  TOUCH,
  UPDATE,
} from './scripts.js'

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
const ABSOLUTE = 'absoluteExpiresAt'

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
  /** The user's index, and the set 0.1.0 kept instead (same hash tag, so same slot). */
  const userKeys = (userId: string): [string, string] => [
    `${prefix}ui:{${userId}}`,
    `${prefix}u:{${userId}}`,
  ]
  const run = <T>(op: () => Promise<T>): Promise<T> =>
    withTimeout(`${STORE_NAME} session store`, timeoutMs, op)

  const runScript = (
    script: RedisScript,
    keys: string | readonly string[],
    args: string[],
  ): Promise<unknown> => evalScript(send, script, keys, args)

  /**
   * Add a session to its user's index before the session is written, scored with a deadline the
   * session cannot outlive: the index stays a superset of the user's live sessions.
   */
  const indexAdd = (userId: string, key: string, until: number): Promise<unknown> =>
    runScript(INDEX_ADD, userKeys(userId), [String(now()), key, String(until)])

  /**
   * The members of the user's index, once those past their deadline are dropped. Members whose
   * hash is missing stay: the session may still be being written (another slot, another step).
   */
  const indexList = async (userId: string): Promise<string[]> =>
    members(await runScript(INDEX_LIST, userKeys(userId), [String(now())]))

  /** Drop members whose session the store has just deleted (keys are never reused). */
  const indexRemove = async (userId: string, keys: string[]): Promise<void> => {
    if (keys.length > 0) await runScript(INDEX_REMOVE, userKeys(userId), [String(now()), ...keys])
  }

  return {
    name: STORE_NAME,
    get: (key) =>
      run(async () => {
        const record = recordOf(await send(sessionKey(key), ['HGETALL', sessionKey(key)]))
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
        // The new user's index gets the member first, scored with the session's absolute
        // deadline (which no patch moves), or this patch's deadline when there is no hash yet.
        // The old user's index keeps its member until that member's score passes (listings skip
        // it by its userId): removing it now could drop a session a concurrent patch moves back.
        let indexed = 0
        if (newUser !== undefined) {
          const known = Number(await send(sessionKey(key), ['HGET', sessionKey(key), ABSOLUTE]))
          indexed = Math.max(expiresAt, Number.isFinite(known) ? known : 0)
          await indexAdd(newUser, key, indexed)
        }
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
        if (Number(reply[0]) !== 1) return // nothing was written; the member ages out
        const absolute = Number(reply[3])
        if (newUser !== undefined && absolute > indexed) await indexAdd(newUser, key, absolute)
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
        const keys = await indexList(userId)
        const at = now()
        const rows = await Promise.all(
          keys.map(async (key) =>
            strings(await send(sessionKey(key), ['HMGET', sessionKey(key), ...INFO_FIELDS])),
          ),
        )
        // Skip members whose hash is gone, expired, another user's or not written yet; only
        // their score (in indexList) or a deletion by this store takes them out of the index.
        const sessions: SessionInfo[] = []
        for (const [i, key] of keys.entries()) {
          const info = toInfo(key, rows[i] ?? [])
          if (rows[i]?.[0] === userId && info.expiresAt > at) sessions.push(info)
        }
        return sessions.sort((a, b) => b.lastSeenAt - a.lastSeenAt)
      }),

    destroyByUser: (userId, exceptKey) =>
      run(async () => {
        const at = String(now())
        const keys = (await indexList(userId)).filter((member) => member !== exceptKey)
        const results = await Promise.all(
          keys.map((key) => runScript(DESTROY_IF_USER, sessionKey(key), [userId, at])),
        )
        // Only the hashes deleted here leave the index: a member with no hash (-1) may be a
        // session still being written, which must stay listed for the next revocation.
        await indexRemove(
          userId,
          keys.filter((_, i) => Number(results[i]) >= 0),
        )
        return results.filter((result) => Number(result) === 1).length
      }),

    // Redis deletes expired hashes itself (their TTL is the deadline); the per-user indexes expire
    // with the absolute deadline of their newest session and lose dead members on every listing.
    purgeExpired: () => Promise.resolve(0),
    close: () => Promise.resolve(),
    getClient: () => client,
  }
}
