/**
 * The PostgreSQL stores, on the app's own `pg` Pool: sessions, revocations of sealed-cookie
 * sessions and login throttling, shared by every app server.
 *
 * ```ts
 * import { postgresStore, postgresRevocations, postgresThrottle } from 'tessera-session/stores/postgres'
 * ```
 *
 * @module
 */
export { postgresStore } from './session-store.js'
export type { PostgresStore, PostgresStoreOptions } from './session-store.js'
export { postgresRevocations } from './revocations.js'
export type { PostgresRevocations, PostgresRevocationsOptions } from './revocations.js'
export { postgresThrottle, createPostgresThrottleStore } from './throttle.js'
export type { PostgresThrottleOptions, PostgresThrottleStoreOptions } from './throttle.js'
export type { PgPoolLike, PgQueryLike } from './client.js'
export { postgresLiveRevocations } from './live-revocations.js'
export type { PostgresLiveRevocationsOptions } from './live-revocations.js'
export type { PgListenClientLike, PgListenPoolLike } from './revocation-feed.js'
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
