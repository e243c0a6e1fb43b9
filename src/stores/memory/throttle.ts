/**
 * The throttle store for a single process: counters in a `Map` kept in least-recently-hit order
 * and bounded by `maxEntries`.
 *
 * ```ts
 * import { memoryThrottle } from 'tessera-session/stores/memory'
 * ```
 *
 * @module
 */
import type { SyncThrottleStore, ThrottleEntry } from '../../auth/throttle-store.js'
import { checkPositiveInteger } from '../kit/options.js'
import { expiryOf } from '../kit/throttle.js'

/** Options of {@link memoryThrottle}. */
export interface MemoryThrottleOptions {
  /**
   * The most counters kept; past it the least recently hit counter is dropped, so a flood of
   * made-up usernames cannot grow memory without bound. Dropping forgets failures: size it well
   * above the number of accounts under attack at once.
   * @default 100000
   */
  maxEntries?: number
}

/** @deprecated Use {@link MemoryThrottleOptions}. */
export type MemoryThrottleStoreOptions = MemoryThrottleOptions

const STORE_NAME = 'memory'

/**
 * A throttle store for a single process. Counters live in a `Map` kept in least-recently-hit
 * order and bounded by `maxEntries`.
 *
 * > [!NOTE]
 * > Limits kept in memory hold only within one process. With several processes (cluster,
 * > several machines), use the SQLite, Redis or PostgreSQL store.
 *
 * @example
 * ```ts
 * import { createThrottle } from 'tessera-session/auth'
 * import { memoryThrottle } from 'tessera-session/stores/memory'
 *
 * const throttle = createThrottle({ store: memoryThrottle() })
 * ```
 */
export function memoryThrottle(options: MemoryThrottleOptions = {}): SyncThrottleStore {
  const maxEntries = checkPositiveInteger(
    'memory throttle',
    'maxEntries',
    options.maxEntries ?? 100_000,
  )
  const entries = new Map<string, ThrottleEntry>()

  function live(key: string, now: number): ThrottleEntry | undefined {
    const entry = entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt > now) return entry
    entries.delete(key)
    return undefined
  }

  return {
    name: STORE_NAME,
    hit(key, ttlMs, now) {
      const expiresAt = expiryOf(ttlMs, now)
      const prior = live(key, now)
      const entry: ThrottleEntry = prior
        ? { count: prior.count + 1, firstAt: prior.firstAt, lastAt: now, expiresAt }
        : { count: 1, firstAt: now, lastAt: now, expiresAt }
      // Re-inserting moves the key to the end: the Map's first key is the least recently hit.
      entries.delete(key)
      entries.set(key, entry)
      if (entries.size > maxEntries) evictOne(entries, now)
      return { ...entry }
    },
    get(key, now) {
      const entry = live(key, now)
      return entry && { ...entry }
    },
    reset(key) {
      entries.delete(key)
    },
    purgeExpired(now) {
      let purged = 0
      for (const [key, entry] of entries) {
        if (entry.expiresAt <= now) {
          entries.delete(key)
          purged += 1
        }
      }
      return purged
    },
    close() {
      entries.clear()
    },
  }
}

/** @deprecated Use {@link memoryThrottle}. */
export const createMemoryThrottleStore: typeof memoryThrottle = memoryThrottle

/** Drops a lapsed counter among the oldest few, else the least recently hit one. */
function evictOne(entries: Map<string, ThrottleEntry>, now: number): void {
  let scanned = 0
  let oldest: string | undefined
  for (const [key, entry] of entries) {
    oldest ??= key
    if (entry.expiresAt <= now) {
      entries.delete(key)
      return
    }
    scanned += 1
    if (scanned >= 8) break
  }
  if (oldest !== undefined) entries.delete(oldest)
}
