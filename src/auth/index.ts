/**
 * Sign-in for tessera sessions: Flask-Login's features for TypeScript — a login manager, guards,
 * remember-me, re-authentication, revocation of sealed-cookie sessions, active sessions, login
 * throttling and CSRF protection. Framework glue (guards, CSRF middleware) lives in the adapters.
 *
 * ```ts
 * import { createLoginManager, createThrottle, createMemoryThrottleStore } from 'tessera-session/auth'
 * ```
 *
 * @module
 */
export { createLoginManager, LOGIN_DEFAULTS } from './login-manager.js'
export type {
  LoginManager,
  LoginManagerOptions,
  LoginOptions,
  ActiveSession,
} from './login-manager.js'
export { memoryRevocations } from './revocation.js'
export { sqliteRevocations } from './sqlite-revocations.js'
export type {
  SqliteRevocations,
  SqliteRevocationsOptions,
  SqliteRevocationsDatabase,
  SqliteRevocationsStatement,
} from './sqlite-revocations.js'
export { redisRevocations } from './redis-revocations.js'
export type { RedisRevocations, RedisRevocationsOptions } from './redis-revocations.js'
export { postgresRevocations } from './postgres-revocations.js'
export type { PostgresRevocations, PostgresRevocationsOptions } from './postgres-revocations.js'
export type { RevocationStore, MemoryRevocationsOptions } from './revocation.js'
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
export { createMemoryThrottleStore } from './throttle-store.js'
export type {
  ThrottleStore,
  SyncThrottleStore,
  ThrottleEntry,
  MemoryThrottleStoreOptions,
} from './throttle-store.js'
export { createSqliteThrottleStore } from './sqlite-throttle-store.js'
export type { SqliteThrottleStoreOptions } from './sqlite-throttle-store.js'
export { createRedisThrottleStore } from './redis-throttle-store.js'
export type { RedisThrottleClient, RedisThrottleStoreOptions } from './redis-throttle-store.js'
export { createPostgresThrottleStore } from './postgres-throttle-store.js'
export type { PostgresThrottleStoreOptions } from './postgres-throttle-store.js'
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
