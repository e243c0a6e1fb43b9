/**
 * The storage behind login throttling: one small interface of atomic counters, so the limits
 * hold across every process that shares the store (memory for one process; SQLite, Redis or
 * PostgreSQL for several). The implementations live with the other stores, one per backend
 * (`src/stores/<backend>/throttle.ts`).
 *
 * ```ts
 * import type { ThrottleStore } from 'tessera-session/auth'
 * ```
 *
 * A counter *slides*: each hit pushes its expiry to `now + ttlMs`, so failures that arrive less
 * than `ttlMs` apart keep adding up, and the counter starts again from 1 after `ttlMs` of quiet.
 * Expiry is judged with the caller's clock (`now`), never the server's, so a fake clock drives
 * every backend the same way.
 *
 * @module
 */

import type { MaybePromise } from '../stores/store.js'

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
