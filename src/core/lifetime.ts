/**
 * Lifetimes (CL-26..29, docs/decisions.md §5): a browser-session session ends `idleTimeout` after its last
 * use and `absoluteTimeout` after it began (or the last full login); a permanent session ends
 * `permanentLifetime` after its last refresh (Flask's sliding PERMANENT_SESSION_LIFETIME), never
 * beyond 400 days from its start. Every rule is checked on the server from values inside the seal
 * or the store record — never from the cookie's Expires.
 *
 * @module
 */
import type { ResolvedOptions } from './options.js'

/** Browsers cap cookie lifetimes at 400 days; permanent sessions never outlive that from their start. */
export const PERMANENT_CAP_MS: number = 400 * 24 * 3600 * 1000

/**
 * The one shape of a session's times, read by every lifetime rule. Each backend converts its own
 * wire shape once, at load (`timesOf`): the sealed envelope's `issuedAt` and the store record's
 * `lastSeenAt` are both the last use.
 */
export interface SessionTimes {
  /** When the session began or was last fully authenticated: the absolute timeout runs from here. */
  readonly createdAt: number
  /** Last use: when the cookie was sealed, or the record's last-seen time. */
  readonly lastSeenAt: number
  /** `_permanent` in the data: a permanent session outlives the browser session. */
  readonly permanent: boolean
  /** A cap set by the sign-in layer (remember-me lifetime), ms; `undefined` for none. */
  readonly until?: number | undefined
}

/** A session's data as loaded (a plain record) or in use (the map behind `Session`). */
export type SessionFields = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>

/** Which deadline an expired session passed (`SessionEvent` `expired.timeout`). */
export type Expiry = 'idle' | 'absolute'

/** The times of a loaded session, from its backend's fields and its data. */
export function timesOf(createdAt: number, lastSeenAt: number, data: SessionFields): SessionTimes {
  return { createdAt, lastSeenAt, permanent: permanentOf(data), until: untilOf(data) }
}

/** True when the data marks the session permanent (`_permanent`, Flask's key): the one reader. */
export function permanentOf(data: SessionFields): boolean {
  return fieldOf(data, '_permanent') === true
}

/** The `_until` cap stored in session data, when it is a valid time. */
export function untilOf(data: SessionFields): number | undefined {
  const until = fieldOf(data, '_until')
  return typeof until === 'number' && Number.isFinite(until) ? until : undefined
}

/**
 * Which deadline the session passed at `now` under the current options, or `undefined` while it
 * is alive: `absolute` for its start (or the last full login), the remember-me cap or the
 * permanent cap; `idle` for its last use.
 */
export function expiryOf(
  times: SessionTimes,
  now: number,
  options: Pick<ResolvedOptions, 'idleTimeoutMs' | 'permanentLifetimeMs' | 'absoluteTimeoutMs'>,
): Expiry | undefined {
  if (times.until !== undefined && now >= times.until) return 'absolute'
  if (times.permanent) {
    if (now >= times.createdAt + PERMANENT_CAP_MS) return 'absolute'
    return now >= times.lastSeenAt + options.permanentLifetimeMs ? 'idle' : undefined
  }
  if (now >= times.createdAt + options.absoluteTimeoutMs) return 'absolute'
  return now >= times.lastSeenAt + options.idleTimeoutMs ? 'idle' : undefined
}

/** True when the session is past one of its deadlines at `now`, under the current options. */
export function isExpired(
  times: SessionTimes,
  now: number,
  options: Pick<ResolvedOptions, 'idleTimeoutMs' | 'permanentLifetimeMs' | 'absoluteTimeoutMs'>,
): boolean {
  return expiryOf(times, now, options) !== undefined
}

/** The absolute deadline of a session that began at `createdAt`. */
export function absoluteDeadline(
  createdAt: number,
  permanent: boolean,
  options: ResolvedOptions,
): number {
  return createdAt + (permanent ? PERMANENT_CAP_MS : options.absoluteTimeoutMs)
}

/** The absolute deadline a store record keeps: the absolute deadline or the sign-in cap, the sooner. */
export function absoluteExpiry(
  createdAt: number,
  permanent: boolean,
  options: ResolvedOptions,
  until?: number,
): number {
  const deadline = absoluteDeadline(createdAt, permanent, options)
  return until === undefined ? deadline : Math.min(deadline, until)
}

/** The deadline of a session used at `now`: the sooner of the idle and absolute deadlines. */
export function nextDeadline(
  createdAt: number,
  now: number,
  permanent: boolean,
  options: ResolvedOptions,
  until?: number,
): number {
  const window = permanent ? options.permanentLifetimeMs : options.idleTimeoutMs
  const deadline = Math.min(now + window, absoluteDeadline(createdAt, permanent, options))
  return until === undefined ? deadline : Math.min(deadline, until)
}

/** Max-Age in seconds for the cookie of a session, or undefined for a browser-session cookie. */
export function cookieMaxAge(
  createdAt: number,
  now: number,
  permanent: boolean,
  options: ResolvedOptions,
  until?: number,
): number | undefined {
  if (!permanent) return undefined
  return Math.max(0, Math.floor((nextDeadline(createdAt, now, true, options, until) - now) / 1000))
}

/**
 * How long after its last refresh a live session is re-issued or touched when it is used:
 * a tenth of its window, so activity keeps it alive without a write on every request.
 */
export function refreshThreshold(permanent: boolean, options: ResolvedOptions): number {
  return (permanent ? options.permanentLifetimeMs : options.idleTimeoutMs) / 10
}

function fieldOf(data: SessionFields, key: string): unknown {
  return data instanceof Map ? data.get(key) : (data as Readonly<Record<string, unknown>>)[key]
}
