/**
 * The mutable state behind a `Session`: the data, what this request did to it, and the times it
 * was loaded with. Internal to the library: the session manager, the two backends, the schema
 * check, the login manager and CSRF read and write it; the package's entry points never export
 * it, and a user's code reaches it only through the `Session` methods. `stateOf(session)`
 * (core/session.ts) is the one way from a session to its state.
 *
 * @module
 */
import { SessionCommittedError } from '../errors.js'
import { deepFreeze, toSafeJson } from '../internal/json.js'
import type { ValueValidator } from '../codec/session-codec.js'
import type { SessionStore } from '../stores/store.js'
import type { SessionTimes } from './lifetime.js'
import type { ResolvedSchema } from './schema.js'
import { MAX_KEYS, METHOD_NAMES } from './session-keys.js'

/**
 * The times of a session not loaded from a cookie, never read before `isNew` is checked. Not
 * frozen, so every state's `times` has the one object shape `timesOf` builds.
 */
const NEW_SESSION_TIMES: SessionTimes = {
  createdAt: 0,
  lastSeenAt: 0,
  permanent: false,
  until: undefined,
}

/** The client of a state no request filled in (the backends set the request's own). */
const NO_CLIENT = Object.freeze({ userAgent: undefined, ip: undefined })

/**
 * The state of one request's session, shared with the session manager. The manager reads it at
 * commit time to decide what to write.
 *
 * @internal
 */
export class SessionState {
  map: Map<string, unknown> = new Map()
  loaded: boolean
  loader: (() => void) | undefined
  isNew = true
  accessed = false
  modified = false
  // The store patch's three collections are made on first use: a request that only reads (most
  // of them) allocates none of them.
  #changed: Set<string> | undefined = undefined
  #increments: Map<string, number> | undefined = undefined
  #deleted: Set<string> | undefined = undefined
  cleared = false
  destroyed = false
  regenerate = false
  /** A full (re-)authentication: restart the absolute timeout from now. */
  restartLifetime = false
  closed = false
  /** The times the session was loaded with (its envelope's or record's), in the lifecycle's shape. */
  times: SessionTimes = NEW_SESSION_TIMES
  /** The store key of the current record (server-side sessions), for the sign-in layer. */
  storeKey: string | undefined = undefined
  /** The request's user agent and client address, for the sign-in layer. */
  client: { readonly userAgent: string | undefined; readonly ip: string | undefined } = NO_CLIENT
  /** The store behind server-side sessions (`undefined` for sealed cookies). */
  store: SessionStore | undefined = undefined
  /** Checks and copies a value at `set`: the cookie format's validator, JSON by default. */
  validate: ValueValidator = toSafeJson
  /** Most top-level keys (64 for sealed cookies, 1000 for server-side sessions). */
  maxKeys: number = MAX_KEYS
  /** The `schema` option, checked (`undefined` without one: nothing else runs). */
  schema: ResolvedSchema | undefined = undefined
  /** The clock of the session manager. */
  now: () => number = Date.now
  /**
   * What the sign-in layer's load check (core/load-check.ts) noted about this session when it
   * was loaded: the login it carried and the check's verdict, so the login manager neither
   * reads the revocations twice nor forgets whom a `destroy()` signed out.
   */
  loadCheck: unknown = undefined

  constructor(loader?: () => void) {
    this.loader = loader
    this.loaded = loader === undefined
  }

  /** Keys set or deleted since load, for store patches. */
  get changed(): Set<string> {
    return (this.#changed ??= new Set())
  }

  /** Deltas of `increment()` calls on keys not otherwise set, for atomic store patches. */
  get increments(): Map<string, number> {
    return (this.#increments ??= new Map())
  }

  /** Keys deleted since load, for store patches. */
  get deleted(): Set<string> {
    return (this.#deleted ??= new Set())
  }

  /** When the session began or was last fully authenticated (ms); 0 for a new session. */
  get createdAt(): number {
    return this.times.createdAt
  }

  /**
   * Run the lazy loader now without marking the session accessed: a load check that must see the
   * session before the handler does, on a request whose handler may never touch it.
   */
  open(): void {
    if (this.loaded) return
    this.loaded = true
    const load = this.loader
    this.loader = undefined
    load?.()
  }

  /**
   * Drop what was loaded: the request goes on with a new, empty session (a refused one), and
   * its cookie is deleted at commit (the session counts as accessed).
   */
  reset(): void {
    this.map = new Map()
    this.times = NEW_SESSION_TIMES
    this.isNew = true
    this.accessed = true
    this.loadCheck = undefined
  }

  /** Run the lazy loader once and mark the session accessed. */
  touch(): void {
    this.accessed = true
    if (!this.loaded) {
      this.loaded = true
      const load = this.loader
      this.loader = undefined
      load?.()
    }
  }

  write(): void {
    this.touch()
    if (this.closed) throw new SessionCommittedError()
    this.modified = true
  }

  put(key: string, value: unknown): void {
    this.write()
    this.map.set(key, value)
    this.changed.add(key)
    this.#deleted?.delete(key)
    this.#increments?.delete(key)
  }

  add(key: string, by: number): number {
    this.write()
    const current = this.map.get(key)
    const next = (typeof current === 'number' ? current : 0) + by
    this.map.set(key, next)
    if (this.#changed?.has(key) === true) return next
    this.#deleted?.delete(key)
    this.increments.set(key, (this.increments.get(key) ?? 0) + by)
    return next
  }

  remove(key: string): boolean {
    this.touch()
    if (!this.map.has(key)) return false
    this.write()
    this.map.delete(key)
    this.#changed?.delete(key)
    this.#increments?.delete(key)
    this.deleted.add(key)
    return true
  }

  removeAll(): void {
    this.write()
    this.map.clear()
    this.#changed?.clear()
    this.#deleted?.clear()
    this.#increments?.clear()
    this.cleared = true
  }

  /**
   * Take a loaded session: its data wholesale (method names dropped) and its times. Loaded values
   * are frozen when first handed out (`Session.get`, `entries`, `readReserved`), not here: most
   * requests read one or two keys of a session, and freezing all of them cost more than opening
   * the seal.
   */
  replace(data: Readonly<Record<string, unknown>>, times: SessionTimes): void {
    this.map = new Map()
    for (const key of Object.keys(data)) {
      if (METHOD_NAMES.has(key)) continue
      this.map.set(key, data[key])
    }
    this.times = times
    this.isNew = false
  }

  toObject(): Record<string, unknown> {
    // A loop, not Object.fromEntries: the iterator protocol made this the costliest line of a write.
    const out: Record<string, unknown> = {}
    // (`__proto__` can never be a key: `set` and the loaders refuse it; the check keeps it so.)
    for (const [key, value] of this.map) if (key !== '__proto__') out[key] = value
    return out
  }
}

/** @internal Library-level access to reserved keys (auth, flash, Flask codec). */
export function readReserved(state: SessionState, key: string): unknown {
  state.touch()
  return deepFreeze(state.map.get(key))
}

/** @internal Write a reserved key (validated like any value). */
export function writeReserved(state: SessionState, key: string, value: unknown): void {
  if (value === undefined) state.remove(key)
  else state.put(key, state.validate(value, key))
}
