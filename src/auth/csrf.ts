/**
 * CSRF primitives, free of any framework (checklist CL-49 to CL-54):
 *
 * - a per-session **synchronizer secret** (`createCsrfToken`), kept in the session and rotated
 *   whenever the session is regenerated;
 * - **masked tokens** (`maskCsrfToken`) for each response, `pad ‖ (pad ⊕ secret)`, so the bytes
 *   on the page change every time and compression oracles (BREACH) learn nothing;
 * - a stateless **login-form token** (`createLoginCsrf`) for the one form that comes before any
 *   session, bound by HMAC to a server-signed cookie, so nothing is written to a store;
 * - the **Origin / Sec-Fetch-Site check** (`checkRequestOrigin`) as defence in depth.
 *
 * ```ts
 * import { createCsrfToken, maskCsrfToken, verifyCsrfToken } from 'tessera-session/auth'
 * ```
 *
 * @module
 */

import { ConfigError } from '../errors.js'
import { timingSafeEqualBytes } from '../crypto/compare.js'
import { randomBytesPooled, randomToken } from '../crypto/random.js'
import { decodeBase64url, encodeBase64url } from '../internal/base64url.js'
import { createHmac } from '../internal/node-crypto.js'

/** Bytes in a synchronizer secret and in the login-form token: 256 bits. */
const SECRET_BYTES = 32
const NONCE_BYTES = 16
const MIN_KEY_BYTES = 32
const LOGIN_VERSION = 'v1'
const DEFAULT_LOGIN_TTL_MS = 3_600_000
const MIN_LOGIN_TTL_MS = 15 * 60_000
const MAX_LOGIN_TTL_MS = 2 * 3_600_000

/**
 * Creates a session's synchronizer secret: 32 random bytes, base64url (43 characters). Keep it
 * in the session, never in a cookie of its own or a URL; send only {@link maskCsrfToken} output.
 *
 * @example
 * ```ts
 * session.set('_csrf', createCsrfToken())
 * ```
 */
export function createCsrfToken(): string {
  return randomToken(SECRET_BYTES)
}

/**
 * Masks the session's secret for one response: a fresh random pad, then `pad ‖ (pad ⊕
 * secret)`, base64url (86 characters). Every render gets different bytes; all of them verify.
 *
 * @throws ConfigError when `secret` is not a secret made by {@link createCsrfToken}.
 * @example
 * ```ts
 * html`<input type="hidden" name="csrf_token" value="${maskCsrfToken(session.get('_csrf'))}">`
 * ```
 */
export function maskCsrfToken(secret: string): string {
  const raw = decodeSecret(secret)
  if (raw === undefined) throw new ConfigError('Not a CSRF secret made by createCsrfToken().')
  return mask(raw)
}

/**
 * Checks a submitted token against the session's secret in constant time. Anything but a
 * well-formed masked token of this secret — missing, an array, the bare secret, another
 * session's token — is `false`.
 *
 * @example
 * ```ts
 * if (!verifyCsrfToken(session.get('_csrf'), body.csrf_token ?? header)) throw new CsrfError()
 * ```
 */
export function verifyCsrfToken(secret: string | undefined, submitted: unknown): boolean {
  const raw = typeof secret === 'string' ? decodeSecret(secret) : undefined
  if (raw === undefined) return false
  const unmasked = unmask(submitted, SECRET_BYTES)
  return unmasked !== undefined && timingSafeEqualBytes(unmasked, raw)
}

/** What {@link createLoginCsrf} issues: a cookie value and the form field's masked token. */
export interface LoginCsrf {
  /** The cookie value: `v1.<nonce>.<expiry>.<mac>`. Send it as `__Host-…; HttpOnly; Secure; SameSite=Lax; Path=/`. */
  cookie: string
  /** The hidden form field's value (masked). */
  token: string
  /** When the pair stops verifying, in ms since the epoch (also the cookie's Max-Age). */
  expiresAt: number
}

/** Options of {@link createLoginCsrf}. */
export interface LoginCsrfOptions {
  /**
   * Lifetime of the pair, between 15 min and 2 h (CL-51).
   * @default 3600000 (1 h)
   */
  ttlMs?: number
}

/**
 * Issues a pre-session CSRF pair for the login (or sign-up) form, without any session or store
 * (CL-6, CL-51). The cookie carries a random nonce and an expiry under the server's HMAC, so an
 * attacker cannot choose its value (CL-53); the form token is an HMAC of the nonce, masked.
 *
 * @param key - A ≥ 32-byte key for this purpose only (derive it with HKDF, `info` = `"csrf"`).
 * @param now - The current time in ms since the epoch.
 * @example
 * ```ts
 * const { cookie, token } = createLoginCsrf(csrfKey, Date.now())
 * ```
 */
export function createLoginCsrf(
  key: Uint8Array,
  now: number,
  options: LoginCsrfOptions = {},
): LoginCsrf {
  checkKey(key)
  const ttlMs = options.ttlMs ?? DEFAULT_LOGIN_TTL_MS
  if (!Number.isSafeInteger(ttlMs) || ttlMs < MIN_LOGIN_TTL_MS || ttlMs > MAX_LOGIN_TTL_MS) {
    throw new ConfigError('The login CSRF lifetime must be between 15 minutes and 2 hours.')
  }
  const nonce = encodeBase64url(randomBytesPooled(NONCE_BYTES))
  const expiresAt = Math.floor((now + ttlMs) / 1000) * 1000
  const body = `${LOGIN_VERSION}.${nonce}.${expiresAt / 1000}`
  const cookie = `${body}.${encodeBase64url(hmac(key, 'cookie', body))}`
  return { cookie, token: mask(hmac(key, 'token', nonce)), expiresAt }
}

/**
 * A fresh masked token for an existing, still valid login cookie (to re-render the form after a
 * failed attempt without a new cookie); `undefined` when the cookie is invalid or expired.
 *
 * @example
 * ```ts
 * const token = loginCsrfToken(csrfKey, cookies['__Host-login-csrf'], Date.now())
 * ```
 */
export function loginCsrfToken(
  key: Uint8Array,
  cookieValue: string | undefined,
  now: number,
): string | undefined {
  const nonce = openLoginCookie(key, cookieValue, now)
  return nonce === undefined ? undefined : mask(hmac(key, 'token', nonce))
}

/**
 * Verifies the login form's token against its cookie: the cookie's MAC and expiry, then the
 * token's HMAC binding to the cookie's nonce, all compared in constant time. A cookie and field
 * set to the same attacker-chosen value fail, and so does a token from another cookie.
 *
 * @example
 * ```ts
 * if (!verifyLoginCsrf(csrfKey, cookies['__Host-login-csrf'], body.csrf_token, Date.now())) {
 *   throw new CsrfError()
 * }
 * ```
 */
export function verifyLoginCsrf(
  key: Uint8Array,
  cookieValue: string | undefined,
  submitted: unknown,
  now: number,
): boolean {
  const nonce = openLoginCookie(key, cookieValue, now)
  const unmasked = unmask(submitted, SECRET_BYTES)
  if (nonce === undefined || unmasked === undefined) return false
  return timingSafeEqualBytes(unmasked, hmac(key, 'token', nonce))
}

/** The nonce of a valid, unexpired login cookie, else `undefined`. */
function openLoginCookie(key: Uint8Array, value: unknown, now: number): string | undefined {
  checkKey(key)
  if (typeof value !== 'string' || value.length > 200) return undefined
  const parts = value.split('.')
  if (parts.length !== 4 || parts[0] !== LOGIN_VERSION) return undefined
  const [, nonce, expiry, mac] = parts as [string, string, string, string]
  const macBytes = decodeBase64url(mac)
  const nonceBytes = decodeBase64url(nonce)
  if (macBytes === undefined || nonceBytes?.byteLength !== NONCE_BYTES) return undefined
  if (!/^[1-9]\d{0,11}$/.test(expiry)) return undefined
  const body = `${LOGIN_VERSION}.${nonce}.${expiry}`
  if (!timingSafeEqualBytes(macBytes, hmac(key, 'cookie', body))) return undefined
  // Also refuse an expiry further out than any lifetime we issue (a forged clock, a leaked key).
  const expiresAt = Number(expiry) * 1000
  return now < expiresAt && expiresAt - now <= MAX_LOGIN_TTL_MS + 1000 ? nonce : undefined
}

/** HMAC-SHA-256 with a label, so the cookie's MAC can never pass as a token or the other way. */
function hmac(key: Uint8Array, label: 'cookie' | 'token', data: string): Buffer {
  return createHmac('sha256', key).update(`tessera/login-csrf/${label}\0${data}`).digest()
}

function mask(raw: Uint8Array): string {
  const pad = randomBytesPooled(raw.byteLength)
  const out = Buffer.allocUnsafe(raw.byteLength * 2)
  pad.copy(out, 0)
  for (let i = 0; i < raw.byteLength; i += 1) out[raw.byteLength + i] = pad[i]! ^ raw[i]!
  return encodeBase64url(out)
}

/** Reverses {@link mask}; `undefined` for anything that is not a masked `bytes`-byte value. */
function unmask(submitted: unknown, bytes: number): Buffer | undefined {
  if (typeof submitted !== 'string' || submitted.length !== Math.ceil((bytes * 2 * 4) / 3)) {
    return undefined
  }
  const raw = decodeBase64url(submitted)
  if (raw?.byteLength !== bytes * 2) return undefined
  const out = Buffer.allocUnsafe(bytes)
  for (let i = 0; i < bytes; i += 1) out[i] = raw[i]! ^ raw[bytes + i]!
  return out
}

function decodeSecret(secret: string): Buffer | undefined {
  const raw = decodeBase64url(secret)
  return raw?.byteLength === SECRET_BYTES ? raw : undefined
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.byteLength < MIN_KEY_BYTES) {
    throw new ConfigError(`The CSRF key must be a Uint8Array of at least ${MIN_KEY_BYTES} bytes.`)
  }
}
