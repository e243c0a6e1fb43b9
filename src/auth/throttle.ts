/**
 * Login throttling (CL-39, CL-40; numbers in SECURITY.md), store-backed so the limits
 * hold across processes:
 *
 * - **per account + IP**: the first 5 consecutive failures are free, then each one waits 1 s,
 *   doubling per failure, capped at 15 min;
 * - **per IP** (all accounts, against password spraying): 30 failures, each less than 10 min
 *   after the one before, block the IP for 10 min;
 * - **per account** (all IPs): 100 failures lock the account until {@link Throttle.reset} — a
 *   password reset or an admin (NIST SP 800-63B-4 §3.2.2: at most 100 consecutive failures).
 *
 * A success resets the account's counters. The key is the normalized *submitted* username, so
 * unknown users are counted, delayed and answered exactly like known ones.
 *
 * ```ts
 * import { createThrottle } from 'tessera-session/auth'
 * ```
 *
 * @module
 */

import { createHash } from 'node:crypto'

import { ConfigError, ThrottledError } from '../errors.js'
import { ipGroup } from './ip-group.js'
import type { ThrottleEntry, ThrottleStore } from './throttle-store.js'

/** Who is trying: the submitted username (as typed) and the client IP (from trusted proxies only). */
export interface ThrottleSubject {
  account: string
  ip: string
}

/** Whether an attempt may go ahead now, and if not, in how many seconds. */
export interface ThrottleStatus {
  allowed: boolean
  /** Whole seconds until the next attempt is allowed (for `Retry-After`); 0 when allowed. */
  retryAfter: number
}

/** Options of {@link createThrottle}. Every duration is in milliseconds. */
export interface ThrottleOptions {
  /** Where the counters live (memory, SQLite, Redis, PostgreSQL). */
  store: ThrottleStore
  /**
   * The clock.
   * @default Date.now
   */
  now?: () => number
  /** @default 5 — consecutive failures per account + IP before delays start */
  freeFailures?: number
  /** @default 1000 — the first delay, doubled per further failure */
  baseDelayMs?: number
  /** @default 900000 (15 min) — the longest delay */
  maxDelayMs?: number
  /** @default 86400000 (24 h) — a quiet time after which an account + IP streak is forgotten */
  pairMemoryMs?: number
  /** @default 30 — failures from one IP, across accounts, that block it */
  ipMaxFailures?: number
  /** @default 600000 (10 min) — failures at most this far apart add up per IP */
  ipWindowMs?: number
  /** @default 600000 (10 min) — how long a blocked IP stays blocked after its last failure */
  ipBlockMs?: number
  /** @default 100 — failures across IPs that lock an account; at most 100 (NIST) */
  accountMaxFailures?: number
  /** @default 2592000000 (30 days) — a quiet time after which an account's count is forgotten */
  accountMemoryMs?: number
  /** @default Infinity — how long a lock lasts; `Infinity` means until `reset` */
  accountLockMs?: number
  /**
   * How a submitted username becomes a key.
   * @default NFKC, trimmed, lowercased
   */
  normalizeAccount?: (account: string) => string
  /** @default 64 — IPv6 clients are grouped by this prefix (one host usually owns a /64) */
  ipv6PrefixLength?: number
  /** @default 'tessera:throttle:' */
  keyPrefix?: string
}

/** The login throttle. Call `check` before verifying, then `fail` or `succeed`. */
export interface Throttle {
  /** The decision for an attempt now, without recording anything. */
  status(subject: ThrottleSubject): Promise<ThrottleStatus>
  /** Throws `ThrottledError` (with `retryAfter` seconds) when the attempt must wait. */
  check(subject: ThrottleSubject): Promise<void>
  /** Records a failed attempt; returns the decision for the next one. */
  fail(subject: ThrottleSubject): Promise<ThrottleStatus>
  /** Records a success: forgets the account's failures (its lock, if any, stays). */
  succeed(subject: ThrottleSubject): Promise<void>
  /** Unlocks an account (password reset, admin), and its streak from `ip` when given. */
  reset(subject: { account: string; ip?: string }): Promise<void>
}

/** The throttling defaults (documented in SECURITY.md, checked by a test). */
export const THROTTLE_DEFAULTS: Readonly<{
  freeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  pairMemoryMs: number
  ipMaxFailures: number
  ipWindowMs: number
  ipBlockMs: number
  accountMaxFailures: number
  accountMemoryMs: number
  accountLockMs: number
  ipv6PrefixLength: number
  keyPrefix: string
}> = Object.freeze({
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  pairMemoryMs: 24 * 3_600_000,
  ipMaxFailures: 30,
  ipWindowMs: 10 * 60_000,
  ipBlockMs: 10 * 60_000,
  accountMaxFailures: 100,
  accountMemoryMs: 30 * 86_400_000,
  accountLockMs: Infinity,
  ipv6PrefixLength: 64,
  keyPrefix: 'tessera:throttle:',
})

/**
 * Creates the login throttle.
 *
 * > [!NOTE]
 * > Attempts that run at the same moment all pass `check` before any `fail` lands, so a burst
 * > can exceed a threshold by the number of attempts in flight. Password hashing concurrency
 * > (`createHashLimiter`) bounds that burst.
 *
 * @throws ConfigError for a missing store or out-of-range numbers.
 * @example
 * ```ts
 * const throttle = createThrottle({ store: createMemoryThrottleStore() })
 * await throttle.check({ account: form.username, ip })   // ThrottledError → 429 + Retry-After
 * if (ok) await throttle.succeed({ account: form.username, ip })
 * else await throttle.fail({ account: form.username, ip })
 * ```
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const o = resolve(options)
  const { store } = options
  const now = options.now ?? Date.now
  const normalizeAccount = options.normalizeAccount ?? defaultNormalizeAccount

  /** Keys of an account's own counters. Hashed: bounded length, no raw usernames in the store. */
  function accountKeys(submitted: string) {
    const account = normalizeAccount(String(submitted))
    const id = digest(account)
    return { name: account, account: `${o.keyPrefix}a:${id}`, lock: `${o.keyPrefix}lock:${id}` }
  }

  /** Every key an attempt touches. */
  function keys(subject: ThrottleSubject) {
    const own = accountKeys(subject.account)
    const ip = ipGroup(String(subject.ip), o.ipv6PrefixLength)
    // Length-prefixed, so no (account, ip) pair can collide with another.
    const pair = digest(`${own.name.length}:${own.name}${ip}`)
    return { ...own, ip: `${o.keyPrefix}ip:${digest(ip)}`, pair: `${o.keyPrefix}ai:${pair}` }
  }

  function decide(
    t: number,
    ip?: ThrottleEntry,
    pair?: ThrottleEntry,
    account?: ThrottleEntry,
    lock?: ThrottleEntry,
  ): ThrottleStatus {
    let until = t
    if (lock !== undefined || (account?.count ?? 0) >= o.accountMaxFailures) {
      // A lock has no end the client could wait for: say "try later" with the longest delay.
      const end =
        lock && lock.expiresAt < Number.MAX_SAFE_INTEGER ? lock.expiresAt : t + o.maxDelayMs
      until = Math.max(until, end)
    }
    if (ip !== undefined && ip.count >= o.ipMaxFailures)
      until = Math.max(until, ip.lastAt + o.ipBlockMs)
    if (pair !== undefined) until = Math.max(until, pair.lastAt + delayAfter(pair.count, o))
    const wait = until - t
    return wait > 0
      ? { allowed: false, retryAfter: Math.ceil(wait / 1000) }
      : { allowed: true, retryAfter: 0 }
  }

  async function status(subject: ThrottleSubject): Promise<ThrottleStatus> {
    const k = keys(subject)
    const t = now()
    const [ip, pair, account, lock] = await Promise.all([
      store.get(k.ip, t),
      store.get(k.pair, t),
      store.get(k.account, t),
      store.get(k.lock, t),
    ])
    return decide(t, ip, pair, account, lock)
  }

  return {
    status,
    async check(subject) {
      const result = await status(subject)
      if (!result.allowed) throw new ThrottledError(result.retryAfter)
    },
    async fail(subject) {
      const k = keys(subject)
      const t = now()
      const [ip, pair, account] = await Promise.all([
        store.hit(k.ip, Math.max(o.ipWindowMs, o.ipBlockMs), t),
        store.hit(k.pair, Math.max(o.pairMemoryMs, o.maxDelayMs), t),
        store.hit(k.account, o.accountMemoryMs, t),
      ])
      if (account.count < o.accountMaxFailures) return decide(t, ip, pair, account)
      // The lock takes over from the count, so a timed lock ends with a clean slate. Until the
      // lock is written, the count itself keeps the account locked.
      const lock = await store.hit(k.lock, o.accountLockMs, t)
      await store.reset(k.account)
      return decide(t, ip, pair, undefined, lock)
    },
    async succeed(subject) {
      const k = keys(subject)
      await Promise.all([store.reset(k.pair), store.reset(k.account)])
    },
    async reset(subject) {
      const own = accountKeys(subject.account)
      await store.reset(own.account)
      await store.reset(own.lock)
      if (subject.ip !== undefined) await store.reset(keys({ ...subject, ip: subject.ip }).pair)
    },
  }
}

/** The delay after `count` consecutive failures: none for the free ones, then doubling, capped. */
function delayAfter(count: number, o: typeof THROTTLE_DEFAULTS): number {
  const over = count - o.freeFailures
  if (over < 0) return 0
  return over >= 40 ? o.maxDelayMs : Math.min(o.baseDelayMs * 2 ** over, o.maxDelayMs)
}

/** The default account normalization: NFKC, trimmed, lowercased. */
function defaultNormalizeAccount(account: string): string {
  return account.normalize('NFKC').trim().toLowerCase()
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url')
}

function resolve(options: ThrottleOptions): typeof THROTTLE_DEFAULTS {
  if (options === null || typeof options !== 'object' || typeof options.store?.hit !== 'function') {
    throw new ConfigError('createThrottle needs a `store` (e.g. createMemoryThrottleStore()).')
  }
  const o = { ...THROTTLE_DEFAULTS }
  for (const name of Object.keys(THROTTLE_DEFAULTS) as (keyof typeof THROTTLE_DEFAULTS)[]) {
    const value = options[name]
    if (value !== undefined) Object.assign(o, { [name]: value })
  }
  const positive = (name: keyof typeof THROTTLE_DEFAULTS, max = Infinity): void => {
    const value = o[name]
    if (typeof value !== 'number' || !(value > 0) || value > max || Number.isNaN(value)) {
      throw new ConfigError(`Throttle option ${name} must be a positive number (≤ ${max}).`)
    }
  }
  for (const name of [
    'baseDelayMs',
    'maxDelayMs',
    'pairMemoryMs',
    'ipWindowMs',
    'ipBlockMs',
  ] as const) {
    positive(name, 365 * 86_400_000)
  }
  positive('accountMemoryMs', 365 * 86_400_000)
  positive('accountLockMs')
  positive('freeFailures', 1000)
  positive('ipMaxFailures', 1_000_000)
  positive('accountMaxFailures', 100)
  positive('ipv6PrefixLength', 128)
  for (const name of [
    'freeFailures',
    'ipMaxFailures',
    'accountMaxFailures',
    'ipv6PrefixLength',
  ] as const) {
    if (!Number.isSafeInteger(o[name]))
      throw new ConfigError(`Throttle option ${name} must be an integer.`)
  }
  if (typeof o.keyPrefix !== 'string') throw new ConfigError('keyPrefix must be a string.')
  return Object.freeze(o)
}
