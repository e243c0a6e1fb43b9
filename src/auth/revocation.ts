/**
 * Revocation for sealed-cookie sessions (CL-25, CL-44). A sealed cookie is valid until it expires,
 * wherever it was copied to; to make logout and "revoke all" real, every signed-in cookie session
 * carries a random handle and a validity stamp, and the login manager asks a `RevocationStore`
 * on each request that loads the user:
 *
 * - logout revokes one handle (until the longest time its cookie could still be valid);
 * - "revoke other sessions", a password change or an account disable record a per-user
 *   "valid from" time: every cookie stamped before it is refused.
 *
 * The memory store suits one process; several processes need a shared one (SQLite, Redis or
 * PostgreSQL: `tessera-session/auth` exports those). Server-side sessions do not need any of this: their
 * store is the source of truth.
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

/** Options of `memoryRevocations`. */
export interface MemoryRevocationsOptions {
  /** Clock in ms. @default Date.now */
  now?: () => number
  /** Most entries kept; the ones closest to expiry are dropped first. @default 100_000 */
  maxEntries?: number
}

/** An in-process revocation store (one process only). */
export function memoryRevocations(options: MemoryRevocationsOptions = {}): RevocationStore {
  const now = options.now ?? Date.now
  const maxEntries = options.maxEntries ?? 100_000
  const handles = new Map<string, number>()
  const users = new Map<string, { before: number; until: number }>()
  const prune = (): void => {
    const t = now()
    for (const [k, until] of handles) if (until <= t) handles.delete(k)
    for (const [k, v] of users) if (v.until <= t) users.delete(k)
    while (handles.size > maxEntries) {
      const first = handles.keys().next()
      if (first.done === true) break
      handles.delete(first.value)
    }
  }
  return {
    revokeSession(handle, until) {
      handles.set(handle, Math.max(until, handles.get(handle) ?? 0))
      if (handles.size > maxEntries) prune()
    },
    revokeUser(userId, before, until) {
      const current = users.get(userId)
      users.set(userId, {
        before: Math.max(before, current?.before ?? 0),
        until: Math.max(until, current?.until ?? 0),
      })
      if (users.size > maxEntries) prune()
    },
    isRevoked(handle, userId, stamp) {
      const t = now()
      const until = handles.get(handle)
      if (until !== undefined && until > t) return true
      const user = users.get(userId)
      return user !== undefined && user.until > t && stamp < user.before
    },
    close() {
      handles.clear()
      users.clear()
    },
  }
}
