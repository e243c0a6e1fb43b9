/**
 * The one lifecycle of a session, whichever backend holds it (docs/decisions.md §35). The sealed
 * cookie and the store differ only in how they load and save; what a loaded session must pass,
 * when it starts again, when its sliding deadline moves and when its cookie is set again are
 * decided here, over the state's times (`SessionTimes`, the one shape) and the cookie format's
 * lifetime rule. The deadline arithmetic itself is in `lifetime.ts`.
 *
 * Every function takes and returns plain values: nothing here allocates on a request.
 *
 * @module
 */
import type { LifetimeRule } from '../codec/session-codec.js'
import type { ResolvedHooks, SessionMode } from './hooks.js'
import { expiryOf, refreshThreshold, type Expiry, type SessionTimes } from './lifetime.js'
import type { ResolvedOptions } from './options.js'
import type { SessionState } from './session-state.js'

/**
 * Load: which deadline a loaded session passed at `now`, or `undefined` while it is alive. Under
 * `'all'` every deadline is checked from the session's times with the current options (so
 * shortening a timeout takes effect at once); under `'cap'` only the sign-in cap, the format's
 * codec having checked its own window when it opened the cookie (Flask).
 */
export function expiryOnLoad(
  times: SessionTimes,
  now: number,
  options: ResolvedOptions,
  rule: LifetimeRule,
): Expiry | undefined {
  if (rule === 'all') return expiryOf(times, now, options)
  return times.until !== undefined && now >= times.until ? 'absolute' : undefined
}

/**
 * Load: take a live session's data and times as this request's session, through the `schema`
 * option when there is one. False when the schema refused the data: the request goes on with a
 * new, empty session.
 */
export function admit(
  state: SessionState,
  data: Readonly<Record<string, unknown>>,
  times: SessionTimes,
  mode: SessionMode,
  now: number,
  hooks: ResolvedHooks | undefined,
): boolean {
  const taken = state.schema === undefined ? data : state.schema.load(state, data, hooks, mode, now)
  if (taken === undefined) return false
  state.replace(taken, times)
  return true
}

/**
 * Commit: when the session this commit writes began. A new session, a destroyed one and a full
 * sign-in (`restartLifetime`) start at `now`, so the absolute timeout runs from there (CL-22);
 * any other keeps the start it was loaded with.
 */
export function startOf(state: SessionState, now: number): number {
  return state.isNew || state.destroyed || state.restartLifetime ? now : state.times.createdAt
}

/**
 * Commit (store): true when the session is written as a new record under a new ID: it is new,
 * was destroyed or regenerated, or has just become permanent. A record's absolute deadline is
 * written when it is created (a patch moves only the sliding one), and a permanent session's is
 * the 400-day cap, not `absoluteTimeout`: kept, the old record would end the session at the
 * browser-session deadline the sealed cookie no longer has. (Back to browser-session needs no new
 * record: the lifecycle applies the shorter deadline from the data at every load.)
 */
export function needsNewRecord(state: SessionState, permanent: boolean): boolean {
  return state.isNew || state.destroyed || state.regenerate || (permanent && !state.times.permanent)
}

/**
 * Commit: true when a loaded session's sliding deadline is due to move: its last refresh is a
 * tenth of its window old, so activity keeps it alive without a write on every request.
 */
export function isStale(
  state: SessionState,
  permanent: boolean,
  now: number,
  options: ResolvedOptions,
): boolean {
  return !state.isNew && now - state.times.lastSeenAt >= refreshThreshold(permanent, options)
}

/**
 * Commit: true when the cookie must be set again though nothing asks for a new session: it was
 * verified under an older key (re-issued under the newest), its permanence changed (a
 * browser-session cookie becomes a dated one or back), or it is permanent and its Max-Age moves
 * (when stale, or on every request with `refreshEachRequest`).
 */
export function reissuesCookie(
  state: SessionState,
  permanent: boolean,
  stale: boolean,
  keyRotated: boolean,
  options: ResolvedOptions,
): boolean {
  return (
    keyRotated ||
    permanent !== state.times.permanent ||
    (permanent && (options.refreshEachRequest || stale))
  )
}

/**
 * Commit (sealed cookie): true when a session that holds data is sealed again. The cookie carries
 * the session's deadlines, so besides a new or changed session and a re-issued cookie, a stale
 * one is re-sealed to move its idle deadline; a store keeps them in the record and touches it.
 */
export function resealsCookie(
  state: SessionState,
  permanent: boolean,
  stale: boolean,
  keyRotated: boolean,
  options: ResolvedOptions,
): boolean {
  return (
    state.isNew ||
    state.modified ||
    stale ||
    reissuesCookie(state, permanent, stale, keyRotated, options)
  )
}
