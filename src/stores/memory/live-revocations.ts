/**
 * The in-process revocation store under the live-view contract: memory is already the view, so
 * there is no feed. Its status is always `'live'` (until closed) and every check is a plain
 * boolean; what it cannot do is share revocations with another process (use the SQLite, Redis
 * or PostgreSQL live views for that).
 *
 * ```ts
 * import { memoryLiveRevocations } from 'tessera-session/stores/memory'
 * ```
 *
 * @module
 */
import type { LiveRevocations } from '../kit/live-revocations.js'
import { memoryRevocations, type MemoryRevocationsOptions } from './revocations.js'

/**
 * A `memoryRevocations` store with `status()`: the same bound, warnings and fail-closed overflow
 * (see `MemoryRevocationsOptions.maxEntries`).
 *
 * @param options - the memory store's options.
 * @returns a {@link LiveRevocations} whose checks never return a promise.
 *
 * @example
 * ```ts
 * import { memoryLiveRevocations } from 'tessera-session/stores/memory'
 *
 * const revocations = memoryLiveRevocations({ warnInProduction: false })
 * revocations.isRevoked('handle', 'user', Date.now()) // false, synchronously
 * ```
 */
export function memoryLiveRevocations(options: MemoryRevocationsOptions = {}): LiveRevocations {
  const store = memoryRevocations(options)
  let closed = false
  return {
    revokeSession: (handle, until) => store.revokeSession(handle, until),
    revokeUser: (userId, before, until) => store.revokeUser(userId, before, until),
    // Synchronous: the memory store never returns a promise.
    isRevoked: (handle, userId, stamp) => store.isRevoked(handle, userId, stamp),
    status: () => (closed ? 'down' : 'live'),
    close() {
      closed = true
      return Promise.resolve(store.close())
    },
  }
}
