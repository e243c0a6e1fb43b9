/**
 * The contract of revocation for sealed-cookie sessions (CL-25, CL-44). A sealed cookie is valid
 * until it expires, wherever it was copied to; to make logout and "revoke all" real, every
 * signed-in cookie session carries a random handle and a validity stamp, and the login manager
 * asks a `RevocationStore` on each request that loads the user:
 *
 * - logout revokes one handle (until the longest time its cookie could still be valid);
 * - "revoke other sessions", a password change or an account disable record a per-user
 *   "valid from" time: every cookie stamped before it is refused.
 *
 * The implementations live with the other stores, one per backend (`src/stores/<backend>/
 * revocations.ts`): memory (the login manager's default, for one process that is never
 * restarted), SQLite, Redis, PostgreSQL and Workers KV. Server-side sessions do not need any of
 * this: their store is the source of truth.
 *
 * ```ts
 * import type { RevocationStore } from 'tessera-session/auth'
 * ```
 *
 * @module
 */
import type { MaybePromise } from '../stores/store.js'

/** Where revocations of cookie sessions are kept. */
export interface RevocationStore {
  /** Refuse the session with this handle until `until` (ms). */
  revokeSession(handle: string, until: number): MaybePromise<void>
  /** Refuse every session of the user stamped before `before` (ms); remember it until `until`. */
  revokeUser(userId: string, before: number, until: number): MaybePromise<void>
  /** True when the session (its handle, user and stamp) has been revoked. */
  isRevoked(handle: string, userId: string, stamp: number): MaybePromise<boolean>
  /** Release timers. Never closes a client the user passed. */
  close(): MaybePromise<void>
}
