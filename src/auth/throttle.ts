/**
 * Login throttling (CL-39, CL-40; numbers in SECURITY.md), store-backed so the limits
 * hold across processes:
 *
 * - **per account + IP**: the first 5 consecutive failures are free, then each one waits 1 s,
 *   doubling per failure, capped at 15 min;
 * - **per IP** (all accounts, against password spraying): 30 failures, each less than 10 min
 *   after the one before, block the IP for 10 min;
 * - **per account** (all IPs): 100 failures lock the account for 15 min; each further failure
 *   doubles the lock, up to 24 h — bounded, never permanent (NIST SP 800-63B-4 §3.2.2: at most
 *   100 consecutive failures before the rate is limited). `retryAfter` is the true remaining lock;
 * - **known devices**: an attempt that carries a `device` (an id the app issued to a browser after
 *   a successful login to this account, e.g. in a signed cookie) is not held by the per-account
 *   lock, so failures from elsewhere cannot lock the owner out; a device with 10 failures of its
 *   own loses that. The per account + IP and per-IP limits still apply.
 *
 * A success resets the account's counters (unless the account is locked: a known device's login
 * does not lift the lock for everyone). The key is the normalized *submitted* username, so
 * unknown users are counted, delayed and answered exactly like known ones.
 *
 * {@link createRateLimit} counts every attempt per IP group (sign-up, …), atomically.
 *
 * ```ts
 * import { createThrottle } from 'tessera-session/auth'
 * ```
 *
 * @module
 */

import { ConfigError, ThrottledError } from '../errors.js'
import { createHash } from '../internal/node-crypto.js'
import { ipGroup } from './ip-group.js'
import type { ThrottleEntry, ThrottleStore } from './throttle-store.js'

/** Who is trying: the submitted username (as typed) and the client IP (from trusted proxies only). */
export interface ThrottleSubject {
  account: string
  ip: string
  /**
   * An id of this browser that the app itself issued after a successful login to *this* account
   * and has verified now (e.g. a signed, HttpOnly cookie), never a client-chosen value. Such an
   * attempt is not held by the per-account lock (see `deviceMaxFailures`).
   */
  device?: string | undefined
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
  /**
   * @default 900000 (15 min) — the first lock; each further failure doubles it, up to
   * `accountMaxLockMs` (`Infinity` means that ceiling: a lock is never permanent)
   */
  accountLockMs?: number
  /** @default 86400000 (24 h) — the longest lock */
  accountMaxLockMs?: number
  /** @default 10 — failures of one known device after which it is held by the account lock too */
  deviceMaxFailures?: number
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
  /**
   * Records a success: forgets the pair's and the device's failures, and the account's unless it
   * is locked now (the lock then runs its course for the other devices).
   */
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
  accountMaxLockMs: number
  deviceMaxFailures: number
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
  accountLockMs: 15 * 60_000,
  accountMaxLockMs: 24 * 3_600_000,
  deviceMaxFailures: 10,
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
 * const throttle = createThrottle({ store: memoryThrottle() })
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
    const device =
      typeof subject.device === 'string' && subject.device !== ''
        ? `${o.keyPrefix}d:${digest(`${own.name.length}:${own.name}${subject.device}`)}`
        : undefined
    return {
      ...own,
      ip: `${o.keyPrefix}ip:${digest(ip)}`,
      pair: `${o.keyPrefix}ai:${pair}`,
      device,
    }
  }

  /** When the account's lock ends, or `undefined` when it is not locked by its count. */
  function lockEnd(account: ThrottleEntry | undefined): number | undefined {
    if (account === undefined || account.count < o.accountMaxFailures) return undefined
    return account.lastAt + lockAfter(account.count - o.accountMaxFailures, o)
  }

  /** A known device that has not failed too often itself is not held by the account lock. */
  const trusted = (device: ThrottleEntry | undefined, k: { device: string | undefined }) =>
    k.device !== undefined && (device?.count ?? 0) < o.deviceMaxFailures

  function decide(
    t: number,
    ip?: ThrottleEntry,
    pair?: ThrottleEntry,
    account?: ThrottleEntry,
  ): ThrottleStatus {
    let until = t
    // The lock's true end: escalating, capped, never "until reset".
    const end = lockEnd(account)
    if (end !== undefined) until = Math.max(until, end)
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
    const [ip, pair, account, device] = await Promise.all([
      store.get(k.ip, t),
      store.get(k.pair, t),
      store.get(k.account, t),
      k.device === undefined ? undefined : store.get(k.device, t),
    ])
    return decide(t, ip, pair, trusted(device, k) ? undefined : account)
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
      // The account's count outlives its longest lock, so a lock always ends as computed.
      const [ip, pair, account, device] = await Promise.all([
        store.hit(k.ip, Math.max(o.ipWindowMs, o.ipBlockMs), t),
        store.hit(k.pair, Math.max(o.pairMemoryMs, o.maxDelayMs), t),
        store.hit(k.account, Math.max(o.accountMemoryMs, o.accountMaxLockMs), t),
        k.device === undefined ? undefined : store.hit(k.device, o.accountMemoryMs, t),
      ])
      return decide(t, ip, pair, trusted(device, k) ? undefined : account)
    },
    async succeed(subject) {
      const k = keys(subject)
      const t = now()
      const end = lockEnd(await store.get(k.account, t))
      await Promise.all([
        store.reset(k.pair),
        k.device === undefined ? undefined : store.reset(k.device),
        end !== undefined && end > t ? undefined : store.reset(k.account),
      ])
    },
    async reset(subject) {
      const own = accountKeys(subject.account)
      await store.reset(own.account)
      await store.reset(own.lock) // written by versions before the lock was bounded
      if (subject.ip !== undefined) await store.reset(keys({ ...subject, ip: subject.ip }).pair)
    },
  }
}

/** Options of {@link createRateLimit}. Every duration is in milliseconds. */
export interface RateLimitOptions {
  /** Where the counters live (the throttle's store will do: keys are prefixed apart). */
  store: ThrottleStore
  /**
   * The clock.
   * @default Date.now
   */
  now?: () => number
  /** @default 20 — attempts per IP group, each less than `windowMs` after the previous one */
  limit?: number
  /** @default 3600000 (1 h) — a quiet time after which an IP group's count starts again */
  windowMs?: number
  /** @default 64 — IPv6 clients are grouped by this prefix */
  ipv6PrefixLength?: number
  /** @default 'tessera:rate:' — give each limited action its own */
  keyPrefix?: string
}

/** A per-IP limit on an action that costs the server (sign-up, a reset e-mail, …). */
export interface RateLimit {
  /**
   * Counts one attempt from `ip` and decides it, atomically: of a burst that arrives at once, at
   * most `limit` are allowed. A refused attempt is not counted, so waiting `retryAfter` works.
   */
  take(ip: string): Promise<ThrottleStatus>
  /** Forgets the count of `ip`'s group. */
  reset(ip: string): Promise<void>
}

/** The defaults of {@link createRateLimit}. */
export const RATE_LIMIT_DEFAULTS: Readonly<{
  limit: number
  windowMs: number
  ipv6PrefixLength: number
  keyPrefix: string
}> = Object.freeze({
  limit: 20,
  windowMs: 3_600_000,
  ipv6PrefixLength: 64,
  keyPrefix: 'tessera:rate:',
})

/**
 * Limits an action per client network: IPv4 by address, IPv6 by /64 (as the login throttle
 * groups them). Counters slide like the throttle's: `limit` attempts, each less than `windowMs`
 * after the previous allowed one, then refused until `windowMs` after the last allowed one.
 *
 * @throws ConfigError for a missing store or out-of-range numbers.
 * @example
 * ```ts
 * const signups = createRateLimit({ store, keyPrefix: 'app:signup:', limit: 20 })
 * const decision = await signups.take(ip)   // before any password hashing
 * if (!decision.allowed) return tooMany(decision.retryAfter)
 * ```
 */
export function createRateLimit(options: RateLimitOptions): RateLimit {
  if (options === null || typeof options !== 'object' || typeof options.store?.hit !== 'function') {
    throw new ConfigError('createRateLimit needs a `store` (e.g. memoryThrottle()).')
  }
  const { store } = options
  const now = options.now ?? Date.now
  const limit = options.limit ?? RATE_LIMIT_DEFAULTS.limit
  const windowMs = options.windowMs ?? RATE_LIMIT_DEFAULTS.windowMs
  const prefixLength = options.ipv6PrefixLength ?? RATE_LIMIT_DEFAULTS.ipv6PrefixLength
  const keyPrefix = options.keyPrefix ?? RATE_LIMIT_DEFAULTS.keyPrefix
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1_000_000) {
    throw new ConfigError('Rate limit option limit must be an integer from 1 to 1 000 000.')
  }
  if (typeof windowMs !== 'number' || !(windowMs > 0) || windowMs > 365 * 86_400_000) {
    throw new ConfigError('Rate limit option windowMs must be a positive number (≤ 365 days).')
  }
  if (!Number.isSafeInteger(prefixLength) || prefixLength < 1 || prefixLength > 128) {
    throw new ConfigError('Rate limit option ipv6PrefixLength must be an integer from 1 to 128.')
  }
  if (typeof keyPrefix !== 'string') throw new ConfigError('keyPrefix must be a string.')
  const keyOf = (ip: string) => `${keyPrefix}${digest(ipGroup(String(ip), prefixLength))}`
  const refuse = (entry: ThrottleEntry, t: number): ThrottleStatus => ({
    allowed: false,
    retryAfter: Math.max(1, Math.ceil((entry.lastAt + windowMs - t) / 1000)),
  })

  return {
    async take(ip) {
      const key = keyOf(ip)
      const t = now()
      // Refused attempts are not counted, so a client that waits is let in again…
      const before = await store.get(key, t)
      if (before !== undefined && before.count >= limit) return refuse(before, t)
      // …and the hit itself decides, so attempts racing past the read above are cut at `limit`.
      const after = await store.hit(key, windowMs, t)
      return after.count > limit ? refuse(after, t) : { allowed: true, retryAfter: 0 }
    },
    async reset(ip) {
      await store.reset(keyOf(ip))
    },
  }
}

/** The delay after `count` consecutive failures: none for the free ones, then doubling, capped. */
function delayAfter(count: number, o: typeof THROTTLE_DEFAULTS): number {
  const over = count - o.freeFailures
  if (over < 0) return 0
  return over >= 40 ? o.maxDelayMs : Math.min(o.baseDelayMs * 2 ** over, o.maxDelayMs)
}

/** The lock after the `beyond`-th failure past the cap (0 = the one at the cap): doubling, capped. */
function lockAfter(beyond: number, o: typeof THROTTLE_DEFAULTS): number {
  const ceiling = o.accountMaxLockMs
  if (beyond >= 60) return ceiling
  return Math.min(o.accountLockMs * 2 ** beyond, ceiling)
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
    throw new ConfigError('createThrottle needs a `store` (e.g. memoryThrottle()).')
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
  positive('accountMaxLockMs', 365 * 86_400_000)
  positive('deviceMaxFailures', 1000)
  positive('freeFailures', 1000)
  positive('ipMaxFailures', 1_000_000)
  positive('accountMaxFailures', 100)
  positive('ipv6PrefixLength', 128)
  for (const name of [
    'freeFailures',
    'ipMaxFailures',
    'accountMaxFailures',
    'ipv6PrefixLength',
    'deviceMaxFailures',
  ] as const) {
    if (!Number.isSafeInteger(o[name]))
      throw new ConfigError(`Throttle option ${name} must be an integer.`)
  }
  if (typeof o.keyPrefix !== 'string') throw new ConfigError('keyPrefix must be a string.')
  return Object.freeze(o)
}
