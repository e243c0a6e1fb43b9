/**
 * tessera: Flask-style sessions for TypeScript. Sealed-cookie or server-side sessions with one
 * `Session` API, secure by default.
 *
 * ```ts
 * import { createSessionManager, type Session } from 'tessera-session'
 * ```
 *
 * Framework adapters live in `tessera-session/adapters/node` (node:http, Express, Connect) and
 * `tessera-session/adapters/hono`; stores in `tessera/stores/*`; errors in `tessera-session/errors`.
 *
 * @module
 */
export { Session, MAX_FLASHES, MAX_FLASH_BYTES, MAX_KEYS } from './core/session.js'
export type { SessionData, AppSessionData, DeepReadonly, FlashMessage } from './core/session.js'
export { createSessionManager } from './core/session-manager.js'
export type { SessionHandle, SessionManager, CommitOutcome } from './core/session-manager.js'
export { DEFAULTS } from './core/options.js'
export type { SessionOptions, SessionCookieOptions, ResolvedOptions } from './core/options.js'
export type {
  StandardSchemaV1,
  StandardTypedV1,
  InferSessionData,
  MigrationStep,
} from './core/schema.js'
export type { HttpRequest, RequestInfo, CommitResult, TrustProxy } from './core/http.js'
export { SESSION_EVENT_TYPES } from './core/hooks.js'
export type {
  SessionHooks,
  SessionEvent,
  SessionMode,
  RefusalReason,
  LoadedEvent,
  CreatedEvent,
  SavedEvent,
  RefreshedEvent,
  RotatedEvent,
  RevokedEvent,
  DestroyedEvent,
  ExpiredEvent,
  RefusedEvent,
  MigratedEvent,
} from './core/hooks.js'
export type { Secret } from './codec/keyring.js'
export type {
  SessionStore,
  SessionRecord,
  SessionPatch,
  SessionInfo,
  MaybePromise,
} from './stores/store.js'
export * as errors from './errors.js'
export {
  TesseraError,
  ConfigError,
  CookieTooLargeError,
  SessionValueError,
  SessionCommittedError,
  StoreUnavailableError,
} from './errors.js'
