/**
 * Redis revocations answered from memory: a `redisRevocations` store wrapped in a live view fed
 * by Redis pub/sub, so checking a sealed cookie costs no Redis command per request (issue 14).
 *
 * ```ts
 * import { Redis } from 'ioredis'
 * import { redisLiveRevocations } from 'tessera-session/stores/redis'
 *
 * const revocations = redisLiveRevocations(new Redis(process.env.REDIS_URL, { enableOfflineQueue: false }))
 * ```
 *
 * Every write of the store publishes its result on `{prefix}events` from inside its Lua script;
 * the view subscribes on a dedicated connection (`client.duplicate()` unless `subscriber` is
 * given) and, each time that subscription is confirmed, reads the current revocations with a
 * bounded `SCAN` before answering from memory again. On Redis Cluster, `PUBLISH` reaches the
 * subscribers of every node, so the subscriber is a plain connection to any one node.
 *
 * @module
 */
import { ConfigError } from '../../errors.js'
import {
  type LiveRevocations,
  liveRevocations,
  type LiveRevocationsOptions,
} from '../kit/live-revocations.js'
import { checkPositiveInteger } from '../kit/options.js'
import type { RedisClientLike } from './client.js'
import { redisRevocationFeed, type RedisSubscriberLike } from './revocation-feed.js'
import {
  isCluster,
  revocationChannel,
  redisRevocations,
  type RedisRevocationsOptions,
} from './revocations.js'

/** Options of {@link redisLiveRevocations}: the store's, the view's, and the subscriber. */
export interface RedisLiveRevocationsOptions
  extends RedisRevocationsOptions, LiveRevocationsOptions {
  /**
   * The connection to subscribe on, not yet subscribed; it becomes the view's (`close()` closes
   * it). Required for a cluster or a node-redis sentinel: pass a plain client to one node.
   * @default client.duplicate()
   */
  subscriber?: RedisSubscriberLike
  /**
   * `COUNT` of each `SCAN` step of the catch-up read.
   * @default 1000
   */
  scanCount?: number
}

const STORE_NAME = 'Redis live revocation'

/**
 * Create a live revocation view on the app's Redis client. `isRevoked` returns a plain boolean
 * while the subscription is confirmed and caught up; while it is down, it reads Redis
 * (`whenDisconnected: 'read'`) or refuses (`'refuse'`).
 *
 * > [!NOTE]
 * > The subscription holds one more connection per process. Every process that revokes must use
 * > tessera's Redis revocation store (live or not): its scripts are what publish.
 *
 * @param client - an ioredis or node-redis client, cluster or sentinel, connected by the app.
 * @param options - the store's options, the view's, and the subscriber.
 * @returns a {@link LiveRevocations}, subscribing at once.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { redisLiveRevocations } from 'tessera-session/stores/redis'
 *
 * const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect()
 * const revocations = redisLiveRevocations(client, { whenDisconnected: 'refuse' })
 * ```
 */
export function redisLiveRevocations(
  client: RedisClientLike,
  options: RedisLiveRevocationsOptions = {},
): LiveRevocations {
  const prefix = options.prefix ?? 'tessera:revoked:'
  const cluster = isCluster(client)
  const scanCount = checkPositiveInteger(STORE_NAME, 'scanCount', options.scanCount ?? 1000)
  const timeoutMs = checkPositiveInteger(STORE_NAME, 'timeoutMs', options.timeoutMs ?? 2000)
  const subscriber = options.subscriber ?? duplicate(client)
  const store = redisRevocations(client, options)
  const feed = redisRevocationFeed({
    client,
    subscriber,
    prefix,
    channel: revocationChannel(prefix),
    cluster,
    scanCount,
    timeoutMs,
  })
  return liveRevocations(store, feed, options)
}

/** A dedicated connection for SUBSCRIBE: a client in subscriber mode can send nothing else. */
function duplicate(client: RedisClientLike): RedisSubscriberLike {
  const dup = (client as { duplicate?: () => RedisSubscriberLike }).duplicate
  if (isCluster(client) || 'getMasterNode' in client || typeof dup !== 'function') {
    throw new ConfigError(
      `${STORE_NAME} store: pass \`subscriber\`, a client connected to one Redis node (on a ` +
        'cluster or a node-redis sentinel the view cannot make one itself).',
    )
  }
  return dup.call(client)
}
