/**
 * The SQLite stores, on the app's own better-sqlite3 database: sessions, revocations of
 * sealed-cookie sessions and login throttling, shared by every process on one machine.
 *
 * ```ts
 * import { sqliteStore, sqliteRevocations, sqliteThrottle } from 'tessera-session/stores/sqlite'
 * ```
 *
 * @module
 */
export { sqliteStore } from './session-store.js'
export type { SqliteStore, SqliteStoreOptions } from './session-store.js'
export { sqliteRevocations } from './revocations.js'
export type {
  SqliteRevocations,
  SqliteRevocationsOptions,
  SqliteRevocationsDatabase,
  SqliteRevocationsStatement,
} from './revocations.js'
export { sqliteThrottle, createSqliteThrottleStore } from './throttle.js'
export type { SqliteThrottleOptions, SqliteThrottleStoreOptions } from './throttle.js'
export type { SqliteDatabaseLike, SqliteStatementLike } from './client.js'
export { sqliteLiveRevocations } from './live-revocations.js'
export type { SqliteLiveRevocationsOptions } from './live-revocations.js'
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
