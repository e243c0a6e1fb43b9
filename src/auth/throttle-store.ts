/**
 * The storage behind login throttling: one small interface of atomic counters, so the limits
 * hold across every process that shares the store (memory for one process; SQLite, Redis or
 * PostgreSQL for several), and the in-memory implementation.
 *
 * ```ts
 * import { createMemoryThrottleStore, type ThrottleStore } from 'tessera-session/auth'
 * ```
 *
 * A counter *slides*: each hit pushes its expiry to `now + ttlMs`, so failures that arrive less
 * than `ttlMs` apart keep adding up, and the counter starts again from 1 after `ttlMs` of quiet.
 * Expiry is judged with the caller's clock (`now`), never the server's, so a fake clock drives
 * every backend the same way.
 *
 * @module
 */

import { ConfigError, StoreUnavailableError } from '../errors.js'

/** A value or a promise of it: synchronous stores (memory, SQLite) return plain values. */
export type MaybePromise<T> = T | Promise<T>

/** One counter. Times are milliseconds since the Unix epoch on the caller's clock. */
export interface ThrottleEntry {
  /** Hits since the counter (re)started. */
  count: number
  /** When the counter (re)started. */
  firstAt: number
  /** The latest hit. */
  lastAt: number
  /** When the counter lapses; `Number.MAX_SAFE_INTEGER` for "never, until reset". */
  expiresAt: number
}

/** The contract every throttle backend implements. */
export interface ThrottleStore {
  /** Short name of the backend (`memory`, `sqlite`, `redis`, `postgres`). */
  readonly name: string
  /**
   * Atomically records one hit on `key` and returns the counter after it: a live counter gains
   * one, a missing or lapsed one starts at 1. The expiry becomes `now + ttlMs`; pass `Infinity`
   * for a counter that lasts until `reset`.
   */
  hit(key: string, ttlMs: number, now: number): MaybePromise<ThrottleEntry>
  /** The counter, or `undefined` when missing or lapsed at `now`. */
  get(key: string, now: number): MaybePromise<ThrottleEntry | undefined>
  /** Removes the counter. */
  reset(key: string): MaybePromise<void>
  /** Deletes lapsed counters and returns how many (SQL backends; Redis expires keys itself). */
  purgeExpired?(now: number): MaybePromise<number>
  /** Releases what the store itself opened. A client or database passed in stays open. */
  close(): MaybePromise<void>
}

/** A store whose every call completes synchronously (memory, SQLite). */
export interface SyncThrottleStore extends ThrottleStore {
  hit(key: string, ttlMs: number, now: number): ThrottleEntry
  get(key: string, now: number): ThrottleEntry | undefined
  reset(key: string): void
  purgeExpired(now: number): number
  close(): void
}

/** The expiry stored for a counter that lasts until reset. */
export const NEVER: number = Number.MAX_SAFE_INTEGER

/** `now + ttlMs`, with `Infinity` (or any overflow) mapped to {@link NEVER}. */
export function expiryOf(ttlMs: number, now: number): number {
  if (!(ttlMs > 0)) throw new ConfigError('A throttle TTL must be a positive number of ms.')
  return Math.min(now + ttlMs, NEVER)
}

/**
 * Runs one call of a network store: any error, or no answer within `timeoutMs`, becomes
 * `StoreUnavailableError`, so a hung store fails a login fast instead of holding it (CL-73).
 */
export async function guarded<T>(timeoutMs: number, op: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(TIMEOUT_MESSAGE)), timeoutMs)
    timer.unref?.()
  })
  try {
    return await Promise.race([op(), timeout])
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw err
    throw new StoreUnavailableError('The throttle store failed.', { cause: err })
  } finally {
    clearTimeout(timer)
  }
}

const TIMEOUT_MESSAGE = 'The throttle store did not answer in time.'

/** Checks a store's `timeoutMs` option. */
export function checkTimeout(timeoutMs: number): number {
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw new ConfigError('timeoutMs must be a positive integer of milliseconds.')
  }
  return timeoutMs
}

/** Options of {@link createMemoryThrottleStore}. */
export interface MemoryThrottleStoreOptions {
  /**
   * The most counters kept; past it the least recently hit counter is dropped, so a flood of
   * made-up usernames cannot grow memory without bound. Dropping forgets failures: size it well
   * above the number of accounts under attack at once.
   * @default 100000
   */
  maxEntries?: number
}

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
 * const throttle = createThrottle({ store: createMemoryThrottleStore() })
 * ```
 */
export function createMemoryThrottleStore(
  options: MemoryThrottleStoreOptions = {},
): SyncThrottleStore {
  const maxEntries = options.maxEntries ?? 100_000
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new ConfigError('maxEntries must be a positive integer.')
  }
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
