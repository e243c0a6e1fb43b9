/**
 * The one small interface every session store implements; docs/stores.md describes it.
 *
 * ```ts
 * import type { SessionStore } from 'tessera-session/stores/memory'
 * ```
 *
 * Keys given to a store are never session IDs: the manager passes `storeKey(id)`, the base64url
 * SHA-256 of the ID, so a leaked store holds no usable cookie (CL-4).
 *
 * @module
 */

/** A value or a promise of it: synchronous stores (memory, SQLite) return plain values. */
export type MaybePromise<T> = T | Promise<T>

/** JSON-safe session data, keyed by name. */
export type SessionRecordData = Record<string, unknown>

/** What a store keeps for one session. Times are milliseconds since the Unix epoch. */
export interface SessionRecord {
  /** The session's data (JSON-safe, validated before it reaches the store). */
  data: SessionRecordData
  /** The signed-in user, for per-user listing and revocation; `null` when anonymous. */
  userId: string | null
  /** When the session was created (or last fully re-authenticated). */
  createdAt: number
  /** When the session was last seen (updated on writes and on rolling touches). */
  lastSeenAt: number
  /** The effective deadline: min(idle deadline, absolute deadline). A store never returns a record past it. */
  expiresAt: number
  /** The absolute deadline: activity never moves it (CL-27). */
  absoluteExpiresAt: number
  /** A short summary of the User-Agent header (for the active-sessions list), or `null`. */
  userAgent: string | null
  /** The client IP as the app saw it (for the active-sessions list), or `null`. */
  ip: string | null
}

/**
 * A change to one session, applied atomically: first `clear` (drop every key), then `delete`,
 * then `set`, then `increment`. Keys a patch does not name are left as they are, so two concurrent requests that
 * change different keys both survive (CL-76).
 */
export interface SessionPatch {
  /** Keys to set (values are JSON-safe). */
  set?: SessionRecordData
  /** Keys to remove. */
  delete?: readonly string[]
  /** Remove every key before applying `delete` and `set`. */
  clear?: boolean
  /**
   * Add to numeric keys atomically, after `set`: a missing or non-numeric value counts as 0.
   * This is how concurrent `session.increment()` calls on one key all count (CL-76).
   */
  increment?: Readonly<Record<string, number>>
  /** New user id (login or logout); absent leaves it unchanged. */
  userId?: string | null
  /** New last-seen time; absent leaves it unchanged. */
  lastSeenAt?: number
}

/** One row of `listByUser`: what the active-sessions page shows. Never the session ID. */
export interface SessionInfo {
  /** The store key (SHA-256 of the ID): identifies the record, cannot be used as a cookie. */
  key: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  absoluteExpiresAt: number
  userAgent: string | null
  ip: string | null
}

/**
 * The store contract (docs/stores.md). `update` and `touch` on a key that no longer exists do nothing:
 * that is what keeps a slow request from bringing a destroyed session back (CL-77). A store that
 * cannot be reached throws `StoreUnavailableError`.
 */
export interface SessionStore {
  /** Short name of the backend (`memory`, `sqlite`, `redis`, `postgres`). */
  readonly name: string
  /** The record, or `undefined` when absent or past `expiresAt`. */
  get(key: string): MaybePromise<SessionRecord | undefined>
  /** Create a record. A key that already exists is overwritten (keys are 256-bit random). */
  create(key: string, record: SessionRecord): MaybePromise<void>
  /** Apply a patch atomically and set the new deadline; nothing happens when the key is gone. */
  update(key: string, patch: SessionPatch, expiresAt: number): MaybePromise<void>
  /** Move the deadline (and last-seen time) only; nothing happens when the key is gone. */
  touch(key: string, expiresAt: number, lastSeenAt?: number): MaybePromise<void>
  /** Delete one record. */
  destroy(key: string): MaybePromise<void>
  /** The user's live sessions, newest first by last-seen time. */
  listByUser(userId: string): MaybePromise<SessionInfo[]>
  /** Delete the user's sessions, except `exceptKey`; returns how many were deleted. */
  destroyByUser(userId: string, exceptKey?: string): MaybePromise<number>
  /** Delete expired records; returns how many. */
  purgeExpired(): MaybePromise<number>
  /** Release timers and (for stores that own it) the connection. Never closes a client the user passed. */
  close(): MaybePromise<void>
}
