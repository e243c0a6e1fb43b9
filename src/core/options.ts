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
}

/** Options of `createSessionManager` and of every adapter's `sessions()`. */
export interface SessionOptions {
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
  /** Idle timeout of a browser-session (non-permanent) session, seconds, 300–3600. @default 1800 */
  idleTimeout?: number
  /** Absolute timeout of a browser-session session from its start or last login, seconds, 3600–86400. @default 43_200 */
  absoluteTimeout?: number
  /** Re-issue a permanent session's cookie on every request that uses it (Flask's SESSION_REFRESH_EACH_REQUEST). @default true */
  refreshEachRequest?: boolean
  /** Trust `X-Forwarded-Proto` and `X-Forwarded-For` (only behind your own proxy). @default false */
  trustProxy?: boolean
  /** Clock in ms, for tests. @default Date.now */
  now?: Clock
  /** Largest session data in bytes (JSON) for server-side sessions. @default 65_536 */
  maxDataSize?: number
}

/** The options after defaults and validation. */
export interface ResolvedOptions {
  readonly keyRingInput: Secret | readonly Secret[]
  readonly store: SessionStore | undefined
  readonly format: 'tessera' | 'flask'
  readonly cookie: Required<Omit<SessionCookieOptions, 'domain'>> & { domain: string | undefined }
  readonly permanentLifetimeMs: number
  readonly idleTimeoutMs: number
  readonly absoluteTimeoutMs: number
  readonly refreshEachRequest: boolean
  readonly trustProxy: boolean
  readonly now: Clock
  readonly maxDataSize: number
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

/** Resolve and validate options. @throws ConfigError */
export function resolveOptions(options: SessionOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('sessions() needs an options object with at least a `secret`.')
  }
  const cookie = options.cookie ?? {}
  const idle = seconds('idleTimeout', options.idleTimeout ?? DEFAULTS.idleTimeout, 300, 3600)
  const absolute = seconds(
    'absoluteTimeout',
    options.absoluteTimeout ?? DEFAULTS.absoluteTimeout,
    3600,
    86_400,
  )
  const permanent = seconds(
    'permanentLifetime',
    options.permanentLifetime ?? DEFAULTS.permanentLifetime,
    60,
    MAX_COOKIE_LIFETIME,
  )
  if (idle > absolute) throw new ConfigError('idleTimeout cannot be longer than absoluteTimeout.')
  const sameSite = cookie.sameSite ?? 'lax'
  if (!['lax', 'strict', 'none'].includes(sameSite)) {
    throw new ConfigError(
      `cookie.sameSite must be 'lax', 'strict' or 'none', not ${String(sameSite)}.`,
    )
  }
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
  if (options.format !== undefined && options.format !== 'tessera' && options.format !== 'flask') {
    throw new ConfigError(`format must be 'tessera' or 'flask', not ${String(options.format)}.`)
  }
  if (options.format === 'flask' && options.store !== undefined) {
    throw new ConfigError("format: 'flask' is a cookie format; it cannot be combined with a store.")
  }
  if (options.store !== undefined && typeof options.store.get !== 'function') {
    throw new ConfigError(
      'store must implement the SessionStore interface (get, create, update, …).',
    )
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
    },
    permanentLifetimeMs: permanent * 1000,
    idleTimeoutMs: idle * 1000,
    absoluteTimeoutMs: absolute * 1000,
    refreshEachRequest: options.refreshEachRequest ?? DEFAULTS.refreshEachRequest,
    trustProxy: options.trustProxy ?? false,
    now: options.now ?? Date.now,
    maxDataSize: options.maxDataSize ?? DEFAULTS.maxDataSize,
  })
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

function seconds(name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(
      `${name} must be a number of seconds from ${min} to ${max}, not ${String(value)}.`,
    )
  }
  return Math.floor(value)
}
