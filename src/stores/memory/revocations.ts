/**
 * The in-process revocation store for sealed-cookie sessions, and the login manager's default.
 * It suits one process that is never restarted: it forgets every logout when the process ends,
 * and another process never sees them. Sealed-cookie logout across restarts or processes needs a
 * shared store (`sqliteRevocations`, `redisRevocations`, `postgresRevocations`); under
 * `NODE_ENV=production` this store says so once per process, as the process warning
 * `TESSERA_MEMORY_REVOCATIONS`.
 *
 * ```ts
 * import { memoryRevocations } from 'tessera-session/stores/memory'
 * ```
 *
 * @module
 */
import type { RevocationStore } from '../../auth/revocation.js'
import { checkPositiveInteger } from '../kit/options.js'

/** Options of `memoryRevocations`. */
export interface MemoryRevocationsOptions {
  /** Clock in ms. @default Date.now */
  now?: () => number
  /**
   * Most entries kept (revoked handles and per-user "valid from" times together). Only entries
   * past their `until` are ever dropped to make room: a revocation still in force never is. When
   * the store is full of live ones it fails closed: it replaces them all by one "valid from" time
   * for everybody, so every cookie stamped before that moment is refused (everyone signs in
   * again), and emits the process warning `TESSERA_MEMORY_REVOCATIONS_FULL`.
   * @default 100_000
   */
  maxEntries?: number
  /**
   * Under `NODE_ENV=production`, emit the process warning `TESSERA_MEMORY_REVOCATIONS` (once per
   * process, the first time a sealed-cookie session is checked or logged out against a memory
   * store): logouts are forgotten on restart and not shared between processes. Set it to `false`
   * only for a single-process app that knowingly accepts that.
   * @default true
   */
  warnInProduction?: boolean
}

const STORE_NAME = 'memory revocation'

let warnedInProduction = false

/** Once per process, under `NODE_ENV=production`: sealed-cookie logout needs a shared store. */
function warnOnceInProduction(): void {
  if (warnedInProduction || process.env.NODE_ENV !== 'production') return
  warnedInProduction = true
  process.emitWarning(
    'tessera: sealed-cookie sessions are revoked in memory (memoryRevocations, the default of ' +
      'createLoginManager). A restart forgets every logout, so a logged-out cookie is accepted ' +
      'again until it expires, and other processes never see them. Pass a shared store as ' +
      '`revocations`: sqliteRevocations, redisRevocations or postgresRevocations ' +
      '(SQLite/Redis/PostgreSQL).',
    { code: 'TESSERA_MEMORY_REVOCATIONS' },
  )
}

/**
 * An in-process revocation store: one process, and forgotten on restart (see the module notes).
 * Bounded by `maxEntries` without ever forgetting a revocation in force: when full, it refuses
 * every cookie stamped before the overflow instead.
 */
export function memoryRevocations(options: MemoryRevocationsOptions = {}): RevocationStore {
  const now = options.now ?? Date.now
  const maxEntries = checkPositiveInteger(STORE_NAME, 'maxEntries', options.maxEntries ?? 100_000)
  const warn = options.warnInProduction === false ? () => undefined : warnOnceInProduction
  const handles = new Map<string, number>()
  const users = new Map<string, { before: number; until: number }>()
  // Every cookie stamped before this is refused: what a full store fell back to (fail closed).
  let validFrom = 0
  const size = (): number => handles.size + users.size
  const makeRoom = (): void => {
    // Revocations past their `until` are moot (no cookie they cover can still be valid).
    const t = now()
    for (const [k, until] of handles) if (until <= t) handles.delete(k)
    for (const [k, v] of users) if (v.until <= t) users.delete(k)
    if (size() <= maxEntries) return
    // Full of revocations in force: none may be forgotten. Each covers cookies stamped at or
    // before now (a user's "valid from" at most its `before`), so one time for everybody covers
    // them all; it refuses more than was revoked, never less.
    let from = t + 1
    for (const v of users.values()) from = Math.max(from, v.before)
    validFrom = Math.max(validFrom, from)
    handles.clear()
    users.clear()
    process.emitWarning(
      `tessera: the memory revocation store is full (${maxEntries} revocations in force), so ` +
        'every sealed-cookie session signed in before now has been ended. Use a shared ' +
        'revocation store (SQLite, Redis or PostgreSQL), or a larger maxEntries.',
      { code: 'TESSERA_MEMORY_REVOCATIONS_FULL' },
    )
  }
  return {
    revokeSession(handle, until) {
      warn()
      handles.set(handle, Math.max(until, handles.get(handle) ?? 0))
      if (size() > maxEntries) makeRoom()
    },
    revokeUser(userId, before, until) {
      const current = users.get(userId)
      users.set(userId, {
        before: Math.max(before, current?.before ?? 0),
        until: Math.max(until, current?.until ?? 0),
      })
      if (size() > maxEntries) makeRoom()
    },
    isRevoked(handle, userId, stamp) {
      warn()
      if (stamp < validFrom) return true
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
