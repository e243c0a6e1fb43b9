/**
 * The dict-like `Session`: Flask's `session` with types. Values are immutable snapshots: `get`
 * returns a deeply frozen value, so a nested change (`session.get('cart').items.push(x)`) throws a
 * `TypeError` instead of being silently lost; change nested data with `set` or `update`
 * (docs/decisions.md, "How nested changes are noticed").
 *
 * @module
 */
import { SessionValueError } from '../errors.js'
import { deepFreeze, isForbiddenKey } from '../internal/json.js'
import { permanentOf } from './lifetime.js'
import {
  MAX_FLASH_BYTES,
  MAX_FLASHES,
  MAX_KEYS,
  MAX_STORE_KEYS,
  METHOD_NAMES,
  RESERVED_KEYS,
} from './session-keys.js'
import type { SessionState } from './session-state.js'

/**
 * Your app's session data, declared once. Augment this interface and every adapter's session
 * (`req.session`, `request.session`, `c.get('session')`) is typed without casts:
 *
 * ```ts
 * declare module 'tessera-session' {
 *   interface SessionData {
 *     username: string
 *     visits: number
 *   }
 * }
 * ```
 *
 * Until it is augmented, a session takes any key with any JSON value.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by apps
export interface SessionData {}

/** The data of a session whose type is not given: the app's `SessionData`, or any keys. */
export type AppSessionData = keyof SessionData extends never ? Record<string, unknown> : SessionData

/** A deeply read-only view of `T`, as `Session.get` returns it. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T

/** The keys of `Data` whose values are numbers. */
export type NumberKeys<Data> = {
  [K in keyof Data & string]: Data[K] extends number | undefined ? K : never
}[keyof Data & string]

/** One flash message. */
export interface FlashMessage {
  readonly category: string
  readonly message: string
}

export { RESERVED_KEYS, MAX_FLASHES, MAX_FLASH_BYTES, MAX_KEYS, MAX_STORE_KEYS }
// The internal state API, re-exported for the modules that imported it from here before it moved
// to session-state.ts (the sign-in layer); `stripInternal` keeps it out of the published types.
/** @internal */
export { SessionState, readReserved, writeReserved } from './session-state.js'

/** Reads the state behind a session (set in `Session`'s static block). */
let readState: (session: object) => SessionState | undefined

/**
 * A session: get, set, delete, pop, clear, like Flask's `session`, plus flash messages.
 *
 * ```ts
 * // typed by the app's `SessionData` (declared once), or any keys
 * req.session.set('visits', (req.session.get('visits') ?? 0) + 1)
 * ```
 */
export class Session<Data extends object = AppSessionData> {
  readonly #state: SessionState

  /** @internal Sessions are created by the session manager. */
  constructor(state: SessionState) {
    this.#state = state
  }

  static {
    // The brand check of the private field, not a WeakMap: a WeakMap entry per request costs about
    // 1.9 µs here (ephemeron bookkeeping under GC), more than the rest of `begin`.
    readState = (session) => (#state in session ? session.#state : undefined)
  }

  /** The value of `key`, deeply frozen, or `undefined`. */
  get<K extends keyof Data & string>(key: K): DeepReadonly<Data[K]> | undefined {
    this.#state.touch()
    if (RESERVED_KEYS.has(key)) return undefined
    return deepFreeze(this.#state.map.get(key)) as DeepReadonly<Data[K]> | undefined
  }

  /**
   * Store `value` under `key`. The value is validated and copied now: a value JSON cannot carry
   * throws `SessionValueError` here, not later.
   */
  set<K extends keyof Data & string>(key: K, value: Data[K]): this {
    checkKey(key)
    this.#state.touch()
    const { map, maxKeys } = this.#state
    if (!map.has(key) && map.size >= maxKeys) {
      throw new SessionValueError(`A session holds at most ${maxKeys} keys.`)
    }
    if (this.#state.schema !== undefined) {
      this.#state.schema.set(this.#state, key, value)
      return this
    }
    this.#state.put(key, this.#state.validate(value, key))
    return this
  }

  /** Compute a new value from the current one and store it: the way to change nested data. */
  update<K extends keyof Data & string>(
    key: K,
    fn: (current: DeepReadonly<Data[K]> | undefined) => Data[K],
  ): this {
    return this.set(key, fn(this.get(key)))
  }

  /**
   * Add `by` to a numeric value (a missing or non-numeric value counts as 0) and return the new
   * value. With server-side sessions the store applies the addition atomically, so concurrent
   * requests that increment the same key all count; `set` after a read would keep only the last.
   */
  increment<K extends NumberKeys<Data>>(key: K, by = 1): number {
    checkKey(key)
    if (!Number.isFinite(by)) throw new SessionValueError('increment() needs a finite number.')
    this.#state.touch()
    if (!this.#state.map.has(key) && this.#state.map.size >= this.#state.maxKeys) {
      throw new SessionValueError(`A session holds at most ${this.#state.maxKeys} keys.`)
    }
    if (this.#state.schema !== undefined) return this.#state.schema.increment(this.#state, key, by)
    return this.#state.add(key, by)
  }

  /** Remove `key`; true when it was there. */
  delete(key: keyof Data & string): boolean {
    if (RESERVED_KEYS.has(key)) return false
    return this.#state.remove(key)
  }

  /** Remove `key` and return its value (or `fallback`), like Flask's `session.pop`. */
  pop<K extends keyof Data & string>(
    key: K,
    fallback?: Data[K],
  ): DeepReadonly<Data[K]> | undefined {
    const value = this.get(key)
    if (value === undefined) return fallback as DeepReadonly<Data[K]> | undefined
    this.#state.remove(key)
    return value
  }

  /** True when `key` holds a value. */
  has(key: keyof Data & string): boolean {
    this.#state.touch()
    return !RESERVED_KEYS.has(key) && this.#state.map.has(key)
  }

  /** Remove every key, flashes and sign-in state included (Flask's `session.clear()`). */
  clear(): void {
    this.#state.removeAll()
  }

  /** The keys the app stored (library keys such as flashes are not listed). */
  keys(): (keyof Data & string)[] {
    this.#state.touch()
    const keys: string[] = [...this.#state.map.keys()].filter((k) => !RESERVED_KEYS.has(k))
    return keys as (keyof Data & string)[]
  }

  /** `[key, value]` pairs of the app's keys. */
  entries(): [keyof Data & string, unknown][] {
    return this.keys().map((k) => [k, deepFreeze(this.#state.map.get(k))])
  }

  /** True when the session did not come from a valid cookie on this request. */
  get isNew(): boolean {
    this.#state.touch()
    return this.#state.isNew
  }

  /** True when this request changed the session. */
  get modified(): boolean {
    return this.#state.modified
  }

  /** True when this request read or wrote the session (then the response varies by Cookie). */
  get accessed(): boolean {
    return this.#state.accessed
  }

  /**
   * The client of this request as the session middleware saw it: the address under the session
   * options' `trustProxy` rule (the hop your proxies appended, never one the client wrote) and
   * the User-Agent. Use this address for throttling and audit logs, so they agree with the
   * active-sessions list. Reading it does not load the session.
   */
  get client(): { readonly ip: string | undefined; readonly userAgent: string | undefined } {
    return this.#state.client
  }

  /** A permanent session outlives the browser session, for `permanentLifetime`. */
  get permanent(): boolean {
    this.#state.touch()
    return permanentOf(this.#state.map)
  }

  set permanent(value: boolean) {
    if (this.permanent === value) return
    if (value) this.#state.put('_permanent', true)
    else this.#state.remove('_permanent')
  }

  /** Force a save even though no key was set (e.g. after changing data outside `set`). */
  markModified(): void {
    this.#state.write()
  }

  /** Add a flash message for the next request that reads flashes (Flask's `flash()`). */
  flash(message: string, category = 'message'): void {
    if (typeof message !== 'string' || typeof category !== 'string') {
      throw new SessionValueError('A flash message and its category must be strings.')
    }
    if (Buffer.byteLength(message) + Buffer.byteLength(category) > MAX_FLASH_BYTES) {
      throw new SessionValueError(`A flash message is limited to ${MAX_FLASH_BYTES} bytes.`)
    }
    this.#state.touch()
    const current = readFlashes(this.#state.map.get('_flashes'))
    const next = [...current, { category, message }].slice(-MAX_FLASHES)
    this.#state.put('_flashes', deepFreeze(next))
  }

  /**
   * Take the flash messages (optionally only some categories): they are returned once and
   * removed from the session (Flask's `get_flashed_messages(with_categories=True)`).
   */
  flashes(options?: { categories?: readonly string[] }): FlashMessage[] {
    this.#state.touch()
    const all = readFlashes(this.#state.map.get('_flashes'))
    if (all.length === 0) return []
    const wanted = options?.categories
    const taken = wanted === undefined ? all : all.filter((f) => wanted.includes(f.category))
    if (taken.length === 0) return []
    const kept = all.filter((f) => !taken.includes(f))
    if (kept.length === 0) this.#state.remove('_flashes')
    else this.#state.put('_flashes', deepFreeze(kept))
    return taken.map((f) => ({ category: f.category, message: f.message }))
  }

  /**
   * Issue the session under a new identity with the same data: a new session ID (server-side) or a
   * fresh seal (cookie). Call it whenever privileges change; the login manager does (CL-22).
   */
  regenerate(): void {
    this.#state.write()
    this.#state.regenerate = true
  }

  /** End the session: its data is dropped, the cookie deleted and (server-side) the record removed. */
  destroy(): void {
    this.#state.removeAll()
    this.#state.destroyed = true
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '') {
    throw new SessionValueError('Session keys must be non-empty strings.')
  }
  if (RESERVED_KEYS.has(key) || METHOD_NAMES.has(key) || isForbiddenKey(key)) {
    throw new SessionValueError(`The session key "${key}" is reserved.`)
  }
}

function readFlashes(value: unknown): readonly FlashMessage[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (f): f is FlashMessage =>
      f !== null &&
      typeof f === 'object' &&
      typeof (f as FlashMessage).category === 'string' &&
      typeof (f as FlashMessage).message === 'string',
  )
}

/** @internal The state behind a session, for the manager, the login manager and codecs. */
export function stateOf(session: Session<never> | Session): SessionState {
  const state = readState(session)
  if (state === undefined) throw new TypeError('Not a tessera session.')
  return state
}
