/**
 * Spill-over of sealed-cookie sessions (`cookie.spill`): when a session no longer fits its
 * cookie (or its `cookie.maxChunks` cookies), the app's data and the flashes move to a
 * `SessionStore` and the cookie keeps the sign-in keys and a reference to the record; when it fits
 * again, the data moves back and the record is deleted. Format: docs/format.md, "Spill-over to a
 * store"; choices: docs/decisions.md §38.
 *
 * The reference is a 256-bit random value sealed inside the cookie under `_spill`, so it can be
 * neither forged nor read; the store keys the record by its SHA-256 (CL-4), like a server-side
 * session. A spilled cookie's value starts with `s.`, outside the seal, so `load()` knows that it
 * must read the store without opening every cookie: other cookies still open lazily.
 *
 * @module
 */
import { randomToken } from '../crypto/random.js'
import { storeKey } from '../crypto/store-key.js'
import { CookieTooLargeError, SessionValueError } from '../errors.js'
import { isThenable } from '../internal/thenable.js'
import type { MaybePromise, SessionPatch, SessionRecord, SessionStore } from '../stores/store.js'
import { MAX_SET_COOKIE_BYTES } from './cookie.js'
import { RESERVED_KEYS } from './session-keys.js'
import type { SessionState } from './session-state.js'

/** The reserved key, inside the seal, that holds the reference to the spilled record. */
export const SPILL_KEY = '_spill'

/** What a spilled cookie's value starts with, before the sealed value. */
export const SPILL_MARK = 's.'

/**
 * The keys that stay in the cookie when the session spills: the sign-in and lifetime state, so a
 * login check, the revocation check and the expiry rules never wait for the store. Everything
 * else (the app's keys and `_flashes`, which may reach 5 KB by themselves) moves.
 */
export const COOKIE_KEYS: ReadonlySet<string> = new Set(
  [...RESERVED_KEYS].filter((key) => key !== '_flashes' && key !== SPILL_KEY),
)

/** A reference: 32 random bytes, base64url. */
const REF_SHAPE = /^[A-Za-z0-9_-]{43}$/

/** The spilled record a request's cookie referred to, as `load()` found it. */
export interface LoadedSpill {
  /** The reference sealed in the cookie. */
  readonly ref: string
  /** Its store key (SHA-256 of the reference). */
  readonly key: string
  /** The record as read. */
  readonly record: SessionRecord
}

/** The deadlines of the session being written, ms. */
export interface SpillTimes {
  readonly now: number
  /** The deadline sealed into the cookie (idle or permanent window, absolute deadline, cap). */
  readonly expiresAt: number
  /** The absolute deadline, or the sign-in cap when it is sooner. */
  readonly absoluteExpiresAt: number
  /**
   * How far past the cookie's deadline the record may be set, so a cookie re-sealed on each
   * request does not touch the record each time (a tenth of the window: the refresh threshold).
   */
  readonly slack: number
}

/** What a commit of a session with `cookie.spill` writes. */
export interface SpillCommit {
  /** The Set-Cookie values. */
  readonly cookies: string[]
  /** The value written to the cookie (for the event's size). */
  readonly value: string
  /** The store writes, to settle before the cookies go out; `undefined` when there are none. */
  readonly stored: MaybePromise<void>
}

/** The reference in opened cookie data, when it is well-formed. */
export function spillRefOf(data: Readonly<Record<string, unknown>>): string | undefined {
  const ref = data[SPILL_KEY]
  return typeof ref === 'string' && REF_SHAPE.test(ref) ? ref : undefined
}

/**
 * Read the record of a reference: a plain value from a synchronous store, else a promise. A
 * store that cannot be reached throws (or rejects with) `StoreUnavailableError`.
 */
export function readSpill(store: SessionStore, ref: string): MaybePromise<LoadedSpill | undefined> {
  const key = storeKey(ref)
  const found = store.get(key)
  if (!isThenable(found)) return loadedOf(ref, key, found)
  return Promise.resolve(found).then((record) => loadedOf(ref, key, record))
}

/**
 * The session's data: the keys the cookie carried (`_spill` left out) over the record's. A key
 * of the cookie's kind found in the record is ignored: the cookie is the authority for sign-in.
 */
export function mergeSpilled(
  cookieData: Readonly<Record<string, unknown>>,
  record: SessionRecord,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const spilled = record.data
  for (const key of Object.keys(spilled)) {
    if (!COOKIE_KEYS.has(key) && key !== SPILL_KEY && key !== '__proto__') out[key] = spilled[key]
  }
  for (const key of Object.keys(cookieData)) {
    if (key !== SPILL_KEY && key !== '__proto__') out[key] = cookieData[key]
  }
  return out
}

/** The data sealed in a spilled cookie: the cookie's keys and the reference. */
export function cookiePart(
  data: Readonly<Record<string, unknown>>,
  ref: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of COOKIE_KEYS) if (data[key] !== undefined) out[key] = data[key]
  out[SPILL_KEY] = ref
  return out
}

/** The data that moves to the store: every key but the cookie's. */
export function spilledPart(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(data)) {
    if (!COOKIE_KEYS.has(key) && key !== SPILL_KEY && key !== '__proto__') out[key] = data[key]
  }
  return out
}

/**
 * Write a session with `cookie.spill` on: whole in the cookie while it fits (deleting a record
 * the request referred to), else the cookie's keys and a reference in the cookie and the rest in
 * the store. An existing record is patched with what changed (so concurrent requests that change
 * different keys both survive, as with server-side sessions) unless the session was destroyed,
 * regenerated, re-authenticated or made permanent: then the data gets a new record under a new reference and the
 * old record is deleted, so a copy of the old cookie finds nothing. An unchanged spilled session
 * that is re-sealed (refresh, key rotation) keeps its reference, and its record is touched only
 * when the cookie's new deadline passes the record's.
 *
 * Every cookie is built before any store write, so a session whose cookie part alone is too large
 * throws `CookieTooLargeError` with the store untouched.
 *
 * @param seal Seals session data into a cookie value.
 * @param write The Set-Cookie values for a value; throws `CookieTooLargeError` over the budget.
 * @throws SessionValueError when the spilled data is over `maxDataSize` bytes of JSON.
 */
export function commitSpill(
  store: SessionStore,
  state: SessionState,
  loaded: LoadedSpill | undefined,
  data: Readonly<Record<string, unknown>>,
  times: SpillTimes,
  seal: (data: Readonly<Record<string, unknown>>) => string,
  write: (value: string) => string[],
  maxDataSize: number,
): SpillCommit {
  // A record's absolute deadline is set when it is created (a patch moves only the sliding one):
  // a session that restarts its lifetime or becomes permanent needs a new record, as on a store.
  const rekey =
    state.destroyed ||
    state.regenerate ||
    state.restartLifetime ||
    (data._permanent === true && !state.times.permanent)
  if (loaded !== undefined && !rekey) {
    const patch = state.modified ? spillPatch(state, data, times.now) : undefined
    if (patch === undefined || !changesData(patch)) {
      // The spilled data is as it was: re-seal the cookie under the same reference.
      const value = SPILL_MARK + seal(cookiePart(data, loaded.ref))
      const cookies = writeSpilled(write, value)
      const stored =
        loaded.record.expiresAt < times.expiresAt
          ? store.touch(loaded.key, recordDeadline(times), times.now)
          : undefined
      return { cookies, value, stored }
    }
  }
  const whole = seal(data)
  const fitting = tryWrite(write, whole)
  if (fitting !== undefined) {
    return {
      cookies: fitting,
      value: whole,
      stored: loaded === undefined ? undefined : store.destroy(loaded.key),
    }
  }
  const spilled = spilledPart(data)
  checkSize(spilled, maxDataSize)
  if (loaded !== undefined && !rekey) {
    const value = SPILL_MARK + seal(cookiePart(data, loaded.ref))
    const cookies = writeSpilled(write, value)
    const patch = spillPatch(state, data, times.now)
    return { cookies, value, stored: store.update(loaded.key, patch, recordDeadline(times)) }
  }
  const ref = randomToken(32)
  const value = SPILL_MARK + seal(cookiePart(data, ref))
  const cookies = writeSpilled(write, value)
  const created = store.create(storeKey(ref), {
    data: spilled,
    // Not a session of its own: never listed as one of the user's sessions.
    userId: null,
    createdAt: times.now,
    lastSeenAt: times.now,
    expiresAt: recordDeadline(times),
    absoluteExpiresAt: times.absoluteExpiresAt,
    userAgent: null,
    ip: null,
  })
  if (loaded === undefined) return { cookies, value, stored: created }
  const old = loaded.key
  const stored = isThenable(created)
    ? Promise.resolve(created).then(() => store.destroy(old))
    : store.destroy(old)
  return { cookies, value, stored }
}

/** The record's deadline: the cookie's, plus the slack, never past the absolute deadline. */
function recordDeadline(times: SpillTimes): number {
  return Math.min(times.expiresAt + times.slack, times.absoluteExpiresAt)
}

function loadedOf(
  ref: string,
  key: string,
  record: SessionRecord | undefined,
): LoadedSpill | undefined {
  if (record === undefined || typeof record.data !== 'object' || record.data === null)
    return undefined
  return { ref, key, record }
}

/** `write` for a spilled cookie: too large now means the cookie's own keys are. */
function writeSpilled(write: (value: string) => string[], value: string): string[] {
  try {
    return write(value)
  } catch (err) {
    if (!(err instanceof CookieTooLargeError)) throw err
    throw new CookieTooLargeError(err.size, MAX_SET_COOKIE_BYTES, 1, true)
  }
}

function tryWrite(write: (value: string) => string[], value: string): string[] | undefined {
  try {
    return write(value)
  } catch (err) {
    if (err instanceof CookieTooLargeError) return undefined
    throw err
  }
}

/** The patch of the spilled keys this request changed (the cookie's keys travel in the cookie). */
function spillPatch(
  state: SessionState,
  data: Readonly<Record<string, unknown>>,
  now: number,
): SessionPatch {
  const set: Record<string, unknown> = {}
  let sets = false
  for (const key of state.changed) {
    if (COOKIE_KEYS.has(key) || data[key] === undefined) continue
    set[key] = data[key]
    sets = true
  }
  const deleted: string[] = []
  for (const key of state.deleted) if (!COOKIE_KEYS.has(key)) deleted.push(key)
  let increment: Record<string, number> | undefined
  for (const [key, by] of state.increments) {
    if (COOKIE_KEYS.has(key)) continue
    increment ??= {}
    increment[key] = by
  }
  return {
    lastSeenAt: now,
    ...(state.cleared ? { clear: true } : {}),
    ...(sets ? { set } : {}),
    ...(deleted.length > 0 ? { delete: deleted } : {}),
    ...(increment === undefined ? {} : { increment }),
  }
}

function changesData(patch: SessionPatch): boolean {
  return (
    patch.clear === true ||
    patch.set !== undefined ||
    patch.delete !== undefined ||
    patch.increment !== undefined
  )
}

function checkSize(data: Record<string, unknown>, maxDataSize: number): void {
  const size = Buffer.byteLength(JSON.stringify(data))
  if (size > maxDataSize) {
    throw new SessionValueError(
      `The spilled session data is ${size} bytes; the limit is ${maxDataSize} (option maxDataSize).`,
    )
  }
}
