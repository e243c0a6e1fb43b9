/**
 * CSRF protection for Hono (CL-49..CL-54).
 *
 * ```ts
 * import { sessions, csrfProtection, csrfToken } from 'tessera-session/adapters/hono'
 * app.use(sessions(sessionManager))
 * app.use(csrfProtection(sessionManager, { origins: ['https://app.example.com'] }))
 * app.get('/login', (c) => c.html(`<input type="hidden" name="csrf_token" value="${csrfToken(c)}">`))
 * ```
 *
 * Unsafe methods (POST, PUT, PATCH, DELETE, …) must pass the Origin / Sec-Fetch-Site check and carry
 * the token in the form field `csrf_token` (urlencoded or multipart bodies) or the `X-CSRF-Token`
 * header; anything else — a `text/plain` body, a missing content type, `Origin: null` — gets 403.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono'
import { createCsrf, type Csrf, type CsrfOptions } from '../../auth/csrf-protection.js'
import type { TrustProxy } from '../../core/http.js'
import type { SessionManager } from '../../core/session-manager.js'
import { csrfRejectedAnswer } from '../common/unavailable.js'
import { honoRequestOf, type HonoHttpRequest } from './request.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by `csrfProtection()`; read by `csrfToken()`. */
    tesseraCsrf: { csrf: Csrf; trustProxy: TrustProxy }
  }
}

/** Options of `csrfProtection`. */
export interface HonoCsrfOptions extends CsrfOptions {
  /** Replace the default 403 answer. */
  onRejected?: (c: Context, reason: string) => Response | Promise<Response>
}

/** Middleware that refuses unsafe requests without a valid CSRF token and origin. */
export function csrfProtection(
  sessions: SessionManager,
  options: HonoCsrfOptions = {},
): MiddlewareHandler {
  const csrf = createCsrf(sessions, options)
  const trustProxy = sessions.options.trustProxy
  return async function tesseraCsrfProtection(c, next) {
    c.set('tesseraCsrf', { csrf, trustProxy })
    if (!csrf.isUnsafe(c.req.method)) {
      await next()
      return undefined
    }
    const request = honoRequestOf(c, trustProxy)
    const submitted =
      request.header(csrf.headerName) ?? (await formField(c, request, csrf.fieldName))
    const verdict = csrf.verify(c.get('session'), request, submitted)
    if (!verdict.ok) {
      if (options.onRejected !== undefined) return options.onRejected(c, verdict.reason)
      const answer = csrfRejectedAnswer(request.header('accept'))
      return c.body(answer.body, 403, answer.headers)
    }
    await next()
    return undefined
  }
}

/** A masked CSRF token for a form on this response (sets the login-form cookie when needed). */
export function csrfToken(c: Context): string {
  const mounted = c.get('tesseraCsrf') as { csrf: Csrf; trustProxy: TrustProxy } | undefined
  if (mounted === undefined) {
    throw new TypeError('csrfToken(c) needs the csrfProtection() middleware.')
  }
  // The same request as the check, so behind a trusted proxy the login-form cookie is issued
  // under the name the check expects.
  const issued = mounted.csrf.token(c.get('session'), honoRequestOf(c, mounted.trustProxy))
  if (issued.setCookie !== undefined) c.header('set-cookie', issued.setCookie, { append: true })
  return issued.token
}

/** The form field from an urlencoded or multipart body; never from the query string or JSON. */
async function formField(
  c: Context,
  request: HonoHttpRequest,
  name: string,
): Promise<string | undefined> {
  const type = (request.header('content-type') ?? '').toLowerCase()
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  ) {
    return undefined
  }
  try {
    const body = await c.req.parseBody()
    const value = body[name]
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}
