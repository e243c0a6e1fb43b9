/**
 * Typed errors with stable codes. Switch on `err.code`, never on the message.
 *
 * ```ts
 * import { TesseraError } from 'tessera-session/errors'
 * ```
 *
 * @module
 */

/** Every stable error code tessera raises. */
export type TesseraErrorCode =
  | 'ERR_CONFIG_INVALID'
  | 'ERR_COOKIE_TOO_LARGE'
  | 'ERR_SESSION_VALUE_INVALID'
  | 'ERR_SESSION_COMMITTED'
  | 'ERR_STORE_UNAVAILABLE'
  | 'ERR_CSRF_REJECTED'
  | 'ERR_REAUTH_REQUIRED'
  | 'ERR_LOGIN_REQUIRED'
  | 'ERR_THROTTLED'
  | 'ERR_PASSWORD_POLICY'
  | 'ERR_PASSWORD_HASH_BUSY'
  | 'ERR_DECODE_FAILED'
  | 'ERR_SESSION_READ_ONLY'

/** Base class of every error tessera throws on purpose. */
export class TesseraError extends Error {
  /** Stable, machine-readable code. */
  readonly code: TesseraErrorCode

  constructor(code: TesseraErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/**
 * A configuration value is missing, out of range or unsafe. Raised once, when the factory is
 * called (start-up), never per request.
 */
export class ConfigError extends TesseraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CONFIG_INVALID', message, options)
  }
}

/** The Set-Cookie for a session would exceed the 4096-byte browser limit (RFC 6265bis §5.6). */
export class CookieTooLargeError extends TesseraError {
  /** Size in bytes of the cookie that was refused. */
  readonly size: number
  /**
   * @param chunks How many cookies the session could already span (`cookie.maxChunks`); 1 when
   * chunking is off, and then the message says how to turn it on.
   * @param spilled True when spill-over (`cookie.spill`) was on and the keys that stay in the
   * cookie are too large by themselves.
   */
  constructor(size: number, limit: number, chunks = 1, spilled = false) {
    super(
      'ERR_COOKIE_TOO_LARGE',
      spilled
        ? `The keys a spilled session keeps in its cookie (sign-in state) need ${size} bytes; ` +
            `${limit} fit, although the rest already went to the store (cookie.spill). Keep less ` +
            'sign-in state, or use server-side sessions (pass a `store`).'
        : chunks > 1
          ? `The session would need more than ${chunks} cookies (about ${size} bytes; ${limit} ` +
            'fit). Keep less in the session, move what does not fit to a store (cookie.spill), ' +
            'or use server-side sessions (pass a `store`).'
          : `The session cookie would be ${size} bytes; browsers drop cookies over ${limit} ` +
            'bytes. Keep less in the session, spread it over several cookies (cookie.maxChunks), ' +
            'move what does not fit to a store (cookie.spill), or use server-side sessions ' +
            '(pass a `store`).',
    )
    this.size = size
  }
}

/** A value given to `session.set` cannot be stored as JSON (undefined, function, BigInt, cycle, Map, …). */
export class SessionValueError extends TesseraError {
  constructor(message: string) {
    super('ERR_SESSION_VALUE_INVALID', message)
  }
}

/** The session was changed after its response headers were sent: the change could not be saved. */
export class SessionCommittedError extends TesseraError {
  constructor() {
    super(
      'ERR_SESSION_COMMITTED',
      'The session was changed after the response headers were sent; the change cannot be saved. ' +
        'Change the session before writing the response.',
    )
  }
}

/** The session store could not be reached in time. Adapters answer 503 and write nothing. */
export class StoreUnavailableError extends TesseraError {
  constructor(message = 'The session store is unavailable.', options?: { cause?: unknown }) {
    super('ERR_STORE_UNAVAILABLE', message, options)
  }
}

/** A state-changing request failed the CSRF checks (token, Origin or Sec-Fetch-Site). */
export class CsrfError extends TesseraError {
  constructor(message = 'The request failed the CSRF check.') {
    super('ERR_CSRF_REJECTED', message)
  }
}

/** A sensitive action needs a fresh login (re-authentication). */
export class ReauthRequiredError extends TesseraError {
  constructor(message = 'This action needs a recent login. Please confirm your password.') {
    super('ERR_REAUTH_REQUIRED', message)
  }
}

/** The route needs a signed-in user. */
export class LoginRequiredError extends TesseraError {
  constructor(message = 'Please log in to continue.') {
    super('ERR_LOGIN_REQUIRED', message)
  }
}

/** Too many failed attempts: retry after `retryAfter` seconds. */
export class ThrottledError extends TesseraError {
  /** Seconds until the next attempt is allowed. */
  readonly retryAfter: number
  constructor(retryAfter: number) {
    super('ERR_THROTTLED', `Too many attempts. Try again in ${retryAfter} seconds.`)
    this.retryAfter = retryAfter
  }
}

/** A password breaks the policy (too short, too long, too common). */
export class PasswordPolicyError extends TesseraError {
  constructor(message: string) {
    super('ERR_PASSWORD_POLICY', message)
  }
}

/** Too many password hashes are queued: the excess is refused so memory stays bounded. */
export class PasswordHashBusyError extends TesseraError {
  constructor() {
    super('ERR_PASSWORD_HASH_BUSY', 'The server is busy. Please try again shortly.')
  }
}

/**
 * A cookie could not be opened or verified. Used by the explicit decoding APIs (CLI, codecs);
 * the request path turns any such failure into "no session" instead of throwing.
 */
export class DecodeError extends TesseraError {
  /** Why, in one word: `malformed`, `tampered`, `expired`, `unknown-key`, `future`. */
  readonly reason: 'malformed' | 'tampered' | 'expired' | 'unknown-key' | 'future'
  constructor(reason: DecodeError['reason'], message?: string) {
    super('ERR_DECODE_FAILED', message ?? `The cookie is ${reason.replace('-', ' ')}.`)
    this.reason = reason
  }
}

/** Discriminated union of every tessera error, for exhaustive `switch (err.code)`. */
export type AnyTesseraError =
  | ConfigError
  | CookieTooLargeError
  | SessionValueError
  | SessionCommittedError
  | StoreUnavailableError
  | CsrfError
  | ReauthRequiredError
  | LoginRequiredError
  | ThrottledError
  | PasswordPolicyError
  | PasswordHashBusyError
  | DecodeError

/** True when `err` is one of tessera's errors. */
export function isTesseraError(err: unknown): err is AnyTesseraError {
  return err instanceof TesseraError
}
