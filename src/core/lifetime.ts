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

/** Times that decide whether a session is still alive. */
export interface SessionTimes {
  readonly createdAt: number
  /** Last use: when the cookie was sealed, or the record's last-seen time. */
  readonly lastSeenAt: number
  readonly permanent: boolean
  /** A cap set by the sign-in layer (remember-me lifetime), ms; `undefined` for none. */
  readonly until?: number | undefined
}

/** The `_until` cap stored in session data, when it is a valid time. */
export function untilOf(data: Readonly<Record<string, unknown>>): number | undefined {
  const until = data._until
  return typeof until === 'number' && Number.isFinite(until) ? until : undefined
}

/** True when the session is past one of its deadlines at `now`, under the current options. */
export function isExpired(times: SessionTimes, now: number, options: ResolvedOptions): boolean {
  if (times.until !== undefined && now >= times.until) return true
  if (times.permanent) {
    return (
      now >= times.lastSeenAt + options.permanentLifetimeMs ||
      now >= times.createdAt + PERMANENT_CAP_MS
    )
  }
  return (
    now >= times.lastSeenAt + options.idleTimeoutMs ||
    now >= times.createdAt + options.absoluteTimeoutMs
  )
}

/** The absolute deadline of a session that began at `createdAt`. */
export function absoluteDeadline(
  createdAt: number,
  permanent: boolean,
  options: ResolvedOptions,
): number {
  return createdAt + (permanent ? PERMANENT_CAP_MS : options.absoluteTimeoutMs)
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
