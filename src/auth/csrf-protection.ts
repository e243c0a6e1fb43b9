/**
 * CSRF protection bound to sessions, framework-free (CL-49..CL-54): every unsafe request must pass
 * the Origin / Sec-Fetch-Site check and carry a token — the session's synchronizer token (created
 * at login, rotated on every regeneration, masked per response), or, before any session exists, the
 * stateless login-form token bound to a small server-signed cookie, so showing the login page writes
 * nothing to a store (CL-6, CL-51).
 *
 * Adapters wrap this: `csrfProtection()` and `csrfToken()` in `tessera-session/adapters/hono` and
 * `tessera-session/adapters/express`.
 *
 * @module
 */
import { defineCookie, readCookie, setCookie, type CookieSpec } from '../core/cookie.js'
import type { HttpRequest } from '../core/http.js'
import type { SessionManager } from '../core/session-manager.js'
import { readReserved, stateOf, writeReserved, type Session } from '../core/session.js'
import {
  createCsrfToken,
  createLoginCsrf,
  loginCsrfToken,
  maskCsrfToken,
  verifyCsrfToken,
  verifyLoginCsrf,
} from './csrf.js'
import {
  createOriginCheck,
  type OriginCheckResult,
  type OriginRejection,
  type RequestOriginInput,
} from './request-origin.js'

/** Options of `createCsrf`. */
export interface CsrfOptions {
  /**
   * The app's origins (`https://app.example.com`). When omitted, the request's own origin (its
   * scheme and Host header) is the only one allowed — set it explicitly behind proxies.
   */
  origins?: readonly string[]
  /** Accept `Sec-Fetch-Site: same-site` from a listed sibling origin. @default false */
  allowSameSite?: boolean
  /** The form field carrying the token. @default 'csrf_token' */
  fieldName?: string
  /** The header carrying the token. @default 'x-csrf-token' */
  headerName?: string
  /** Base name of the login-form cookie (`__Host-` is added when Secure). @default 'csrf' */
  cookieName?: string
}

/**
 * An unsafe request as the CSRF check sees it.
 *
 * @deprecated The CSRF check reads the one request shape, `HttpRequest` (from `tessera-session`).
 */
export type CsrfRequest = HttpRequest

/** Why a request was refused. */
export type CsrfRejection = OriginRejection | 'token-missing' | 'token-invalid'

/** A token for a form, and the cookie to set with it (login form before any session). */
export interface IssuedToken {
  readonly token: string
  readonly setCookie: string | undefined
}

/** Session-bound CSRF protection. */
export interface Csrf {
  readonly fieldName: string
  readonly headerName: string
  /** A masked token for a form or a meta tag; new for every call. */
  token(
    session: Session,
    request: Pick<HttpRequest, 'cookieHeader' | 'encrypted' | 'host'>,
  ): IssuedToken
  /** Check an unsafe request; safe methods always pass. */
  verify(
    session: Session,
    request: HttpRequest,
    submitted: string | undefined,
  ): { ok: true } | { ok: false; reason: CsrfRejection }
  /** True for methods that change state. */
  isUnsafe(method: string): boolean
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

/** Create the CSRF protection for an app's session manager. */
export function createCsrf(sessions: SessionManager, options: CsrfOptions = {}): Csrf {
  const keys = sessions.keyRing.keys('login-csrf')
  const now = sessions.options.now
  const fieldName = options.fieldName ?? 'csrf_token'
  const headerName = (options.headerName ?? 'x-csrf-token').toLowerCase()
  const baseName = options.cookieName ?? 'csrf'
  const cookieOf = (secure: boolean): CookieSpec =>
    defineCookie((secure ? '__Host-' : '') + baseName, {
      path: '/',
      domain: undefined,
      secure,
      httpOnly: true,
      sameSite: 'lax',
      partitioned: false,
    })
  const secureCookie = cookieOf(true)
  const plainCookie = cookieOf(false)
  const fixedCheck =
    options.origins === undefined
      ? undefined
      : createOriginCheck({
          allowedOrigins: options.origins,
          allowSameSite: options.allowSameSite ?? false,
        })

  const loginCookie = (request: Pick<HttpRequest, 'encrypted' | 'host'>): CookieSpec =>
    sessions.cookieFor(request).attributes.secure ? secureCookie : plainCookie

  // Without configured origins, the request's own origin is allowed. Checks are built once per
  // origin (a few hosts at most; the cache is bounded), and a Host header that is not a valid
  // origin is refused rather than thrown.
  const ownChecks = new Map<string, (input: RequestOriginInput) => OriginCheckResult>()
  const originCheck = (request: HttpRequest): OriginCheckResult => {
    const input = originInput(request)
    if (fixedCheck !== undefined) return fixedCheck(input)
    const own = `${request.encrypted ? 'https' : 'http'}://${request.hostHeader ?? ''}`
    let check = ownChecks.get(own)
    if (check === undefined) {
      try {
        check = createOriginCheck({
          allowedOrigins: [own],
          allowSameSite: options.allowSameSite ?? false,
        })
      } catch {
        return { ok: false, reason: 'origin-mismatch' }
      }
      if (ownChecks.size >= 64) ownChecks.clear()
      ownChecks.set(own, check)
    }
    return check(input)
  }

  return {
    fieldName,
    headerName,
    isUnsafe: (method) => !SAFE.has(method.toUpperCase()),

    token(session, request) {
      const secret = readReserved(stateOf(session), '_csrf')
      if (typeof secret === 'string') return { token: maskCsrfToken(secret), setCookie: undefined }
      const spec = loginCookie(request)
      const t = now()
      const existing = readCookie(request.cookieHeader, spec.name)
      const again = loginCsrfToken(keys.primary.key, existing, t)
      // Reuse a cookie with more than half its life left; otherwise issue a new pair.
      if (again !== undefined && existing !== undefined && remaining(existing, t) > 30 * 60_000) {
        return { token: again, setCookie: undefined }
      }
      const pair = createLoginCsrf(keys.primary.key, t)
      return {
        token: pair.token,
        setCookie: setCookie(spec, pair.cookie, Math.floor((pair.expiresAt - t) / 1000), t),
      }
    },

    verify(session, request, submitted) {
      if (SAFE.has(request.method.toUpperCase())) return { ok: true }
      const origin = originCheck(request)
      if (!origin.ok) return origin
      if (submitted === undefined || submitted === '') return { ok: false, reason: 'token-missing' }
      const secret = readReserved(stateOf(session), '_csrf')
      // Once the session has its own secret (from login on), only that secret counts: a token from
      // before the login no longer works (CL-52: tokens rotate with the session).
      if (typeof secret === 'string') {
        return verifyCsrfToken(secret, submitted)
          ? { ok: true }
          : { ok: false, reason: 'token-invalid' }
      }
      const cookie = readCookie(request.cookieHeader, loginCookie(request).name)
      const t = now()
      for (const k of keys.all) {
        if (verifyLoginCsrf(k.key, cookie, submitted, t)) return { ok: true }
      }
      return { ok: false, reason: 'token-invalid' }
    },
  }
}

/** Ensure the session has a synchronizer secret (the login manager creates one at login). */
export function ensureCsrfSecret(session: Session): void {
  const state = stateOf(session)
  if (typeof readReserved(state, '_csrf') !== 'string')
    writeReserved(state, '_csrf', createCsrfToken())
}

/** The headers the origin check reads, from the one request shape (unsafe requests only). */
function originInput(request: HttpRequest): RequestOriginInput {
  return {
    method: request.method,
    origin: request.header('origin'),
    secFetchSite: request.header('sec-fetch-site'),
    referer: request.header('referer'),
    contentType: request.header('content-type'),
  }
}

function remaining(cookie: string, now: number): number {
  const expiry = Number(cookie.split('.')[2])
  return Number.isFinite(expiry) ? expiry * 1000 - now : 0
}
