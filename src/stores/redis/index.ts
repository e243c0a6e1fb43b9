/**
 * The Redis stores, on the app's own client (ioredis or node-redis; standalone, Sentinel or
 * Cluster): sessions, revocations of sealed-cookie sessions and login throttling, shared by every
 * app server.
 *
 * ```ts
 * import { redisStore, redisRevocations, redisThrottle } from 'tessera-session/stores/redis'
 * ```
 *
 * @module
 */
export { redisStore } from './session-store.js'
export type { RedisStore, RedisStoreOptions } from './session-store.js'
export { redisRevocations } from './revocations.js'
export type { RedisRevocations, RedisRevocationsOptions } from './revocations.js'
export { redisThrottle, createRedisThrottleStore } from './throttle.js'
export type {
  RedisThrottleOptions,
  RedisThrottleStoreOptions,
  RedisThrottleClient,
} from './throttle.js'
export type {
  IoRedisLike,
  NodeRedisClientLike,
  NodeRedisClusterLike,
  NodeRedisSentinelLike,
  RedisClientLike,
} from './client.js'
export { redisLiveRevocations } from './live-revocations.js'
export type { RedisLiveRevocationsOptions } from './live-revocations.js'
export type {
  IoRedisSubscriberLike,
  NodeRedisSubscriberLike,
  RedisSubscriberLike,
} from './revocation-feed.js'
export { liveRevocations } from '../kit/live-revocations.js'
export type {
  LiveRevocations,
  LiveRevocationsOptions,
  LiveRevocationsStatus,
  RevocationFeed,
  RevocationFeedListener,
  RevocationSink,
} from '../kit/live-revocations.js'
export type * from '../store.js'
