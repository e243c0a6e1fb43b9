/**
 * Session options, their secure defaults (one frozen constant) and their validation. Everything is
 * resolved once, when `createSessionManager` is called; a bad value throws `ConfigError` at start-up,
 * never per request (CL-3, CL-10, CL-81).
 *
 * @module
 */
import { ConfigError } from '../errors.js'
import type { Secret } from '../codec/keyring.js'
import type { Clock } from '../internal/clock.js'
import type { SessionStore } from '../stores/store.js'
import { resolveHooks, type ResolvedHooks, type SessionHooks } from './hooks.js'
import type { AppSessionData } from './session.js'
import {
  resolveSchema,
  type MigrationStep,
  type ResolvedSchema,
  type StandardSchemaV1,
} from './schema.js'
import type { TrustProxy } from './http.js'
import { checkShape, describe, is, type Hints, type Shape } from './validate.js'

/** Cookie settings of the session cookie. */
export interface SessionCookieOptions {
  /**
   * Base name; `__Host-` is prepended when the cookie is Secure, Path=/ and has no Domain.
   * @default 'session'
   */
  name?: string
  /**
   * Which prefix to add: `'host'` (`__Host-`, when possible), `'secure'` (`__Secure-`), or `'none'`.
   * @default 'host'
   */
  prefix?: 'host' | 'secure' | 'none'
  /** @default '/' */
  path?: string
  /** Share the cookie with subdomains (disables the `__Host-` prefix). @default undefined */
  domain?: string
  /**
   * `true`, `false`, or `'auto'`: Secure except for plain http to a loopback host (localhost,
   * 127.0.0.0/8, ::1) outside production.
   * @default 'auto'
   */
  secure?: boolean | 'auto'
  /** @default true */
  httpOnly?: boolean
  /** @default 'lax' */
  sameSite?: 'lax' | 'strict' | 'none'
  /** CHIPS partitioned cookie. @default false */
  partitioned?: boolean
  /**
   * Sealed cookies only: how many cookies one session may span (`session.0`, `session.1`, …, one
   * seal across them) when it outgrows the 4096 bytes a browser keeps per cookie. `1` keeps the
   * size limit (`CookieTooLargeError`). At most 8; mind your server's header limit (Node's is
   * 16 KiB for all request headers). docs/format.md, "Chunked cookies".
   * @default 1
   */
  maxChunks?: number
  /**
   * Sealed cookies only: a session store (memory, SQLite, Redis, PostgreSQL) for what does not fit
   * the cookie, or its `maxChunks` cookies. Past that budget, the app's data and the flashes move
   * to one record, and the cookie keeps the sign-in keys and a sealed reference to it. Back under
   * the budget, the data moves back and the record is deleted. A spilled session's `load()` reads
   * the store, so adapters wait for it, and a store that is down gives 503. Without this option a
   * session past the budget throws `CookieTooLargeError`. docs/format.md, "Spill-over to a store".
   * @default undefined (no spill-over)
   */
  spill?: SessionStore
}

/**
 * Options of `createSessionManager` and of every adapter's `sessions()`. `Data` is the session
 * data type, inferred from `schema` when one is given.
 */
export interface SessionOptions<Data extends object = AppSessionData> {
  /** The secret, or `[current, ...older]` for rotation: the first seals, all open. */
  secret: Secret | readonly Secret[]
  /** A session store switches to server-side sessions; without one, sessions are sealed cookies. */
  store?: SessionStore
  /**
   * The cookie format of cookie sessions: tessera's sealed (encrypted) cookie, or Flask's signed
   * cookie, byte-compatible with Flask's default session (signed, NOT encrypted: the user can read
   * it). With `'flask'`, lifetimes follow Flask: the cookie's signing time must be within
   * `permanentLifetime`; idle and absolute timeouts do not apply (Flask's cookie has no such times).
   * @default 'tessera'
   */
  format?: 'tessera' | 'flask'
  /** Cookie attributes. */
  cookie?: SessionCookieOptions
  /** Lifetime of a permanent session in seconds (Flask's PERMANENT_SESSION_LIFETIME). @default 2_678_400 (31 days) */
  permanentLifetime?: number
  /**
   * Idle timeout of a browser-session (non-permanent) session, seconds, 300–3600 (60 s–30 days
   * with `limits: 'relaxed'`). @default 1800
   */
  idleTimeout?: number
  /**
   * Absolute timeout of a browser-session session from its start or last login, seconds,
   * 3600–86400 (300 s–400 days with `limits: 'relaxed'`). @default 43_200
   */
  absoluteTimeout?: number
  /**
   * `'recommended'` keeps lifetimes inside the OWASP ASVS / NIST SP 800-63B ranges (idle 5–60 min,
   * absolute 1–24 h, remember-me 1 h–30 days, fresh login 1–60 min); `'relaxed'` allows longer
   * ones (idle up to 30 days, absolute and remember-me up to 400 days, fresh login up to 1 day) and
   * logs a warning at start-up for each value outside the recommended range.
   * @default 'recommended'
   */
  limits?: 'recommended' | 'relaxed'
  /** Re-issue a permanent session's cookie on every request that uses it (Flask's SESSION_REFRESH_EACH_REQUEST). @default true */
  refreshEachRequest?: boolean
  /**
   * Which proxies in front of the app to believe for `X-Forwarded-Proto` and `X-Forwarded-For`:
   * `false` none; `true` one (the socket's peer is your proxy); a number, that many proxies
   * (counted from the right of `X-Forwarded-For`); or a function that says whether an address is
   * one of your proxies. Only the hops your proxies appended are believed.
   * @default false
   */
  trustProxy?: TrustProxy
  /** Clock in ms, for tests. @default Date.now */
  now?: Clock
  /** Largest session data in bytes (JSON) for server-side sessions. @default 65_536 */
  maxDataSize?: number
  /**
   * Lifecycle events (created, loaded, migrated, saved, refreshed, rotated, revoked, destroyed,
   * expired, refused) for metrics and logs; `tessera-session/otel` builds one for OpenTelemetry.
   * @default undefined (no events, no cost)
   */
  hooks?: SessionHooks
  /**
   * A Standard Schema v1 validator (zod 4, valibot 1, arktype 2, …) of the app's session data:
   * loaded data that fails it gives a new, empty session (event `refused`, reason `invalid`), and
   * `set`/`update`/`increment` throw `SessionValueError` for a value that would make it fail. It
   * sees the app's keys only, checks without transforming, and must validate synchronously; make
   * its keys optional, since every session starts empty (docs/schemas.md). The session's type is
   * inferred from it.
   * @default undefined (no validation, no cost)
   */
  schema?: StandardSchemaV1<unknown, Data>
  /**
   * The version of the app's data the schema describes, a whole number from 1. With it, sessions
   * carry it under the reserved key `_v`; a session without `_v` is version 1.
   * @default undefined (not versioned)
   */
  schemaVersion?: number
  /**
   * Migration steps: `migrate[n]` turns data of version `n` into version `n + 1`. A session of an
   * older version is migrated step by step on load, validated and re-saved (event `migrated`);
   * one with a missing step, a step that throws or a result the schema refuses gives a new, empty
   * session (event `refused`, reason `unmigratable` or `invalid`).
   * @default {}
   */
  migrate?: Readonly<Record<number, MigrationStep>>
}

/** The options after defaults and validation. */
export interface ResolvedOptions {
  readonly keyRingInput: Secret | readonly Secret[]
  readonly store: SessionStore | undefined
  readonly format: 'tessera' | 'flask'
  readonly cookie: Required<Omit<SessionCookieOptions, 'domain' | 'spill'>> & {
    domain: string | undefined
    /** `undefined` without spill-over. */
    spill: SessionStore | undefined
  }
  readonly permanentLifetimeMs: number
  readonly idleTimeoutMs: number
  readonly absoluteTimeoutMs: number
  readonly refreshEachRequest: boolean
  readonly trustProxy: TrustProxy
  readonly limits: 'recommended' | 'relaxed'
  readonly now: Clock
  readonly maxDataSize: number
  /** `undefined` when no listener is set. */
  readonly hooks: ResolvedHooks | undefined
  /** `undefined` without a `schema` option. @internal */
  readonly schema: ResolvedSchema | undefined
}

/** The secure defaults, in one place, so they are easy to audit. */
export const DEFAULTS: Readonly<{
  cookieName: string
  permanentLifetime: number
  idleTimeout: number
  absoluteTimeout: number
  refreshEachRequest: boolean
  maxDataSize: number
}> = Object.freeze({
  cookieName: 'session',
  permanentLifetime: 31 * 24 * 3600,
  idleTimeout: 30 * 60,
  absoluteTimeout: 12 * 3600,
  refreshEachRequest: true,
  maxDataSize: 64 * 1024,
})

/** Browsers cap cookie lifetimes at 400 days (RFC 6265bis §5.5). */
const MAX_COOKIE_LIFETIME = 400 * 24 * 3600

const COOKIE_SHAPE: Shape = {
  name: is.string,
  prefix: is.oneOf('host', 'secure', 'none'),
  path: is.string,
  domain: is.string,
  secure: is.either(is.boolean, is.oneOf('auto')),
  httpOnly: is.boolean,
  sameSite: is.oneOf('lax', 'strict', 'none'),
  partitioned: is.boolean,
  maxChunks: is.count,
  spill: is.object,
}

/** The most cookies one chunked session may span. */
export const MAX_CHUNKS = 8

const OPTIONS_SHAPE: Shape = {
  secret: is.any, // the key ring checks it, with its own messages
  store: is.object,
  format: is.oneOf('tessera', 'flask'),
  cookie: is.object,
  permanentLifetime: is.seconds,
  idleTimeout: is.seconds,
  absoluteTimeout: is.seconds,
  limits: is.oneOf('recommended', 'relaxed'),
  refreshEachRequest: is.boolean,
  trustProxy: is.either(is.boolean, is.count, is.function),
  now: is.function,
  maxDataSize: is.count,
  hooks: is.object,
  schema: is.either(is.object, is.function),
  schemaVersion: is.count,
  migrate: is.object,
}

const SECONDS = 'tessera counts durations in seconds:'

/** express-session's and Flask's names, and what they are called here. */
const OPTION_HINTS: Hints = {
  maxAge: `${SECONDS} permanentLifetime for a permanent session (session.permanent = true), idleTimeout and absoluteTimeout for a browser session.`,
  expires: `${SECONDS} use permanentLifetime.`,
  resave:
    'tessera writes a session only when it changed and refreshes its expiry as needed: there is nothing to set.',
  saveUninitialized: 'tessera never stores or sends an empty session: there is nothing to set.',
  rolling: 'Use refreshEachRequest (on by default for permanent sessions).',
  name: 'Use cookie.name.',
  genid: 'Session IDs are always 256-bit random values: there is nothing to set.',
  proxy: 'Use trustProxy.',
  unset: 'A destroyed session is removed from the store: there is nothing to set.',
  keys: 'Use secret: [current, ...older] for key rotation.',
  secrets: 'Use secret: [current, ...older] for key rotation.',
}

const COOKIE_HINTS: Hints = {
  maxAge: `${SECONDS} use permanentLifetime (top level) for a permanent session.`,
  expires: `${SECONDS} use permanentLifetime (top level) for a permanent session.`,
}

/** The recommended and the relaxed range of each lifetime, seconds. */
export const LIFETIME_RANGES: Readonly<
  Record<
    'idleTimeout' | 'absoluteTimeout' | 'rememberFor' | 'freshFor',
    { recommended: readonly [number, number]; relaxed: readonly [number, number] }
  >
> = Object.freeze({
  idleTimeout: { recommended: [300, 3600], relaxed: [60, 30 * 86_400] },
  absoluteTimeout: { recommended: [3600, 86_400], relaxed: [300, 400 * 86_400] },
  rememberFor: { recommended: [3600, 30 * 86_400], relaxed: [3600, 400 * 86_400] },
  freshFor: { recommended: [60, 3600], relaxed: [60, 86_400] },
})

/** Resolve and validate options. @throws ConfigError */
export function resolveOptions(options: SessionOptions<object>): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('sessions() needs an options object with at least a `secret`.')
  }
  checkShape('sessions()', options, OPTIONS_SHAPE, OPTION_HINTS)
  const cookie = options.cookie ?? {}
  checkShape('cookie', cookie, COOKIE_SHAPE, COOKIE_HINTS)
  const limits = options.limits ?? 'recommended'
  const idle = lifetime('idleTimeout', options.idleTimeout ?? DEFAULTS.idleTimeout, limits)
  const absolute = lifetime(
    'absoluteTimeout',
    options.absoluteTimeout ?? DEFAULTS.absoluteTimeout,
    limits,
  )
  const permanent = seconds(
    'permanentLifetime',
    options.permanentLifetime ?? DEFAULTS.permanentLifetime,
    60,
    MAX_COOKIE_LIFETIME,
  )
  if (idle > absolute) throw new ConfigError('idleTimeout cannot be longer than absoluteTimeout.')
  const sameSite = cookie.sameSite ?? 'lax'
  const secure = cookie.secure ?? 'auto'
  if (sameSite === 'none' && secure === false) {
    throw new ConfigError('SameSite=None needs Secure; browsers drop the cookie otherwise.')
  }
  // A Domain or a narrower Path rules out __Host-: asked for explicitly, that is an error;
  // by default the cookie falls back to __Secure-.
  const scoped = cookie.domain !== undefined || (cookie.path ?? '/') !== '/'
  if (scoped && cookie.prefix === 'host') {
    throw new ConfigError('The __Host- prefix cannot be used with a Domain or a Path other than /.')
  }
  const prefix = cookie.prefix ?? (scoped ? 'secure' : 'host')
  const name = cookie.name ?? DEFAULTS.cookieName
  if (/^__(host|secure)-/i.test(name)) {
    throw new ConfigError(
      `cookie.name "${name}" already has a prefix: give the base name and choose cookie.prefix.`,
    )
  }
  warnUnsafe(cookie, sameSite)
  if (options.format === 'flask' && options.store !== undefined) {
    throw new ConfigError("format: 'flask' is a cookie format; it cannot be combined with a store.")
  }
  if (options.store !== undefined && typeof options.store.get !== 'function') {
    throw new ConfigError(
      'store must implement the SessionStore interface (get, create, update, …).',
    )
  }
  const maxChunks = cookie.maxChunks ?? 1
  if (maxChunks < 1 || maxChunks > MAX_CHUNKS) {
    throw new ConfigError(`cookie.maxChunks must be from 1 to ${MAX_CHUNKS}, not ${maxChunks}.`)
  }
  if (maxChunks > 1 && (options.store !== undefined || options.format === 'flask')) {
    throw new ConfigError(
      "cookie.maxChunks applies to tessera's sealed cookies only: server-side sessions keep a " +
        "short ID in the cookie, and Flask reads one cookie (format: 'flask').",
    )
  }
  const spill = cookie.spill
  if (spill !== undefined && (options.store !== undefined || options.format === 'flask')) {
    throw new ConfigError(
      "cookie.spill applies to tessera's sealed cookies only: with a `store` the whole session " +
        "is already server-side, and Flask reads its whole session from one cookie (format: 'flask').",
    )
  }
  if (spill !== undefined && !isSessionStore(spill)) {
    throw new ConfigError(
      'cookie.spill must be a session store (get, create, update, touch and destroy), such as ' +
        'memoryStore() or redisStore(client).',
    )
  }
  const maxDataSize = options.maxDataSize ?? DEFAULTS.maxDataSize
  if (maxDataSize < 1024) {
    throw new ConfigError(`maxDataSize must be at least 1024 bytes, not ${maxDataSize}.`)
  }
  return Object.freeze({
    keyRingInput: options.secret,
    store: options.store,
    format: options.format ?? 'tessera',
    cookie: {
      name,
      prefix,
      path: cookie.path ?? '/',
      domain: cookie.domain,
      secure,
      httpOnly: cookie.httpOnly ?? true,
      sameSite,
      partitioned: cookie.partitioned ?? false,
      maxChunks,
      spill,
    },
    permanentLifetimeMs: permanent * 1000,
    idleTimeoutMs: idle * 1000,
    absoluteTimeoutMs: absolute * 1000,
    refreshEachRequest: options.refreshEachRequest ?? DEFAULTS.refreshEachRequest,
    trustProxy: options.trustProxy ?? false,
    limits,
    now: options.now ?? Date.now,
    maxDataSize,
    hooks: resolveHooks(options.hooks),
    schema: resolveSchema(options),
  })
}

/**
 * A lifetime within its recommended range, or with `limits: 'relaxed'` within the relaxed one,
 * with a start-up warning that names the recommendation it leaves.
 */
export function lifetime(
  name: keyof typeof LIFETIME_RANGES,
  value: number,
  limits: 'recommended' | 'relaxed',
): number {
  const range = LIFETIME_RANGES[name]
  const [min, max] = range.recommended
  if (limits !== 'relaxed') {
    if (typeof value === 'number' && Number.isFinite(value) && (value < min || value > max)) {
      const [, wide] = range.relaxed
      throw new ConfigError(
        `${name} must be from ${min} to ${max} seconds (the recommended range), not ${value}. ` +
          (value > max && value <= wide
            ? `To go beyond it, set limits: 'relaxed' (allows up to ${wide}).`
            : ''),
      )
    }
    return seconds(name, value, min, max)
  }
  const checked = seconds(name, value, range.relaxed[0], range.relaxed[1])
  if (checked < min || checked > max) {
    process.emitWarning(
      `tessera: ${name} is ${checked} s, outside the recommended ${min}–${max} s ` +
        "(OWASP ASVS session timeouts, NIST SP 800-63B reauthentication); allowed by limits: 'relaxed'.",
      { code: 'TESSERA_RELAXED_LIMIT' },
    )
  }
  return checked
}

/**
 * Unsafe settings are allowed only when asked for, and each one says so once, as a process
 * warning (CL-81).
 */
function warnUnsafe(cookie: SessionCookieOptions, sameSite: string): void {
  const warn = (what: string): void => {
    process.emitWarning(`tessera: ${what}`, { code: 'TESSERA_UNSAFE_OPTION' })
  }
  if (cookie.secure === false)
    warn('cookie.secure is false: the session cookie also travels over plain http.')
  if (cookie.httpOnly === false)
    warn('cookie.httpOnly is false: scripts on the page can read the session cookie.')
  if (sameSite === 'none')
    warn("cookie.sameSite is 'none': the cookie is sent on cross-site requests.")
  if (cookie.prefix === 'none')
    warn("cookie.prefix is 'none': the cookie can be shadowed from a subdomain.")
}

/** True for an object with the methods spill-over calls. */
function isSessionStore(value: SessionStore): boolean {
  return (['get', 'create', 'update', 'touch', 'destroy'] as const).every(
    (method) => typeof value[method] === 'function',
  )
}

function seconds(name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${name} must be a number of seconds, not ${describe(value)}.`)
  }
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be from ${min} to ${max} seconds, not ${value}.`)
  }
  return Math.floor(value)
}
