/**
 * Sign-in for tessera sessions: Flask-Login's features for TypeScript — a login manager, guards,
 * remember-me, re-authentication, revocation of sealed-cookie sessions, active sessions, login
 * throttling and CSRF protection. Framework glue (guards, CSRF middleware) lives in the adapters.
 *
 * ```ts
 * import { createLoginManager, createThrottle, memoryThrottle } from 'tessera-session/auth'
 * ```
 *
 * The revocation and throttle stores live with the session stores (`tessera-session/stores/*`);
 * this entry re-exports them too, under their names and under their deprecated older ones.
 *
 * @module
 */
export { createLoginManager, LOGIN_DEFAULTS } from './login-manager.js'
export type { LoginManager, LoginManagerOptions, LoginOptions } from './login-manager.js'
export type { ActiveSession } from './active-sessions.js'
export type { RevocationStore } from './revocation.js'
export { memoryRevocations } from '../stores/memory/revocations.js'
export type { MemoryRevocationsOptions } from '../stores/memory/revocations.js'
export { sqliteRevocations } from '../stores/sqlite/revocations.js'
export type {
  SqliteRevocations,
  SqliteRevocationsOptions,
  SqliteRevocationsDatabase,
  SqliteRevocationsStatement,
} from '../stores/sqlite/revocations.js'
export { redisRevocations } from '../stores/redis/revocations.js'
export type { RedisRevocations, RedisRevocationsOptions } from '../stores/redis/revocations.js'
export { postgresRevocations } from '../stores/postgres/revocations.js'
export type {
  PostgresRevocations,
  PostgresRevocationsOptions,
} from '../stores/postgres/revocations.js'
export { memoryLiveRevocations } from '../stores/memory/live-revocations.js'
export { sqliteLiveRevocations } from '../stores/sqlite/live-revocations.js'
export type { SqliteLiveRevocationsOptions } from '../stores/sqlite/live-revocations.js'
export { redisLiveRevocations } from '../stores/redis/live-revocations.js'
export type { RedisLiveRevocationsOptions } from '../stores/redis/live-revocations.js'
export { postgresLiveRevocations } from '../stores/postgres/live-revocations.js'
export type { PostgresLiveRevocationsOptions } from '../stores/postgres/live-revocations.js'
export { liveRevocations } from '../stores/kit/live-revocations.js'
export type {
  LiveRevocations,
  LiveRevocationsOptions,
  LiveRevocationsStatus,
  RevocationFeed,
  RevocationFeedListener,
  RevocationSink,
} from '../stores/kit/live-revocations.js'
export type { AuthEvent, AuthEventType, AuthEventHandler } from './events.js'
export { safeNext, wantsHtml, loginRefusal, reauthRefusal } from './guards.js'
export type { GuardRequest, GuardRefusal } from './guards.js'
export { describeDevice } from './user-agent.js'
export {
  createThrottle,
  THROTTLE_DEFAULTS,
  createRateLimit,
  RATE_LIMIT_DEFAULTS,
} from './throttle.js'
export type {
  Throttle,
  ThrottleOptions,
  ThrottleStatus,
  ThrottleSubject,
  RateLimit,
  RateLimitOptions,
} from './throttle.js'
export type { ThrottleStore, SyncThrottleStore, ThrottleEntry } from './throttle-store.js'
export { memoryThrottle, createMemoryThrottleStore } from '../stores/memory/throttle.js'
export type {
  MemoryThrottleOptions,
  MemoryThrottleStoreOptions,
} from '../stores/memory/throttle.js'
export { sqliteThrottle, createSqliteThrottleStore } from '../stores/sqlite/throttle.js'
export type {
  SqliteThrottleOptions,
  SqliteThrottleStoreOptions,
} from '../stores/sqlite/throttle.js'
export { redisThrottle, createRedisThrottleStore } from '../stores/redis/throttle.js'
export type {
  RedisThrottleOptions,
  RedisThrottleStoreOptions,
  RedisThrottleClient,
} from '../stores/redis/throttle.js'
export { postgresThrottle, createPostgresThrottleStore } from '../stores/postgres/throttle.js'
export type {
  PostgresThrottleOptions,
  PostgresThrottleStoreOptions,
} from '../stores/postgres/throttle.js'
export { ipGroup } from './ip-group.js'
export {
  createCsrfToken,
  maskCsrfToken,
  verifyCsrfToken,
  createLoginCsrf,
  loginCsrfToken,
  verifyLoginCsrf,
} from './csrf.js'
export type { LoginCsrf, LoginCsrfOptions } from './csrf.js'
export { createOriginCheck, checkRequestOrigin } from './request-origin.js'
export type {
  OriginCheckOptions,
  OriginCheckResult,
  OriginRejection,
  RequestOriginInput,
} from './request-origin.js'
export { createCsrf, ensureCsrfSecret } from './csrf-protection.js'
export type {
  Csrf,
  CsrfOptions,
  CsrfRequest,
  CsrfRejection,
  IssuedToken,
} from './csrf-protection.js'
