/**
 * CSRF protection for Express and Connect (CL-49..CL-54). Mount it after a body parser for forms
 * (`express.urlencoded({ extended: false })`) so the `csrf_token` field can be read; the
 * `X-CSRF-Token` header works without one.
 *
 * ```ts
 * import { sessions, csrfProtection, csrfToken } from 'tessera-session/adapters/express'
 * app.use(sessions(sessionManager), express.urlencoded({ extended: false }))
 * app.use(csrfProtection(sessionManager, { origins: ['https://app.example.com'] }))
 * app.get('/form', (req, res) => res.send(`<input type="hidden" name="csrf_token" value="${csrfToken(req, res)}">`))
 * ```
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createCsrf, type Csrf, type CsrfOptions } from '../../auth/csrf-protection.js'
import type { TrustProxy } from '../../core/http.js'
import type { SessionManager } from '../../core/session-manager.js'
import { formFieldOf, nodeRequestOf } from '../common/node-request.js'
import { csrfRejectedAnswer } from '../common/unavailable.js'

const CSRF = Symbol.for('tessera.csrf')
type WithCsrf = IncomingMessage & {
  [CSRF]?: { csrf: Csrf; trustProxy: TrustProxy }
  body?: unknown
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void

/** Options of `csrfProtection`. */
export interface NodeCsrfOptions extends CsrfOptions {
  /** Replace the default 403 answer. */
  onRejected?: (req: IncomingMessage, res: ServerResponse, reason: string) => void
}

/** Middleware that refuses unsafe requests without a valid CSRF token and origin. */
export function csrfProtection(
  sessions: SessionManager,
  options: NodeCsrfOptions = {},
): Middleware {
  const csrf = createCsrf(sessions, options)
  const trustProxy = sessions.options.trustProxy
  return function tesseraCsrfProtection(req: WithCsrf, res, next) {
    req[CSRF] = { csrf, trustProxy }
    if (!csrf.isUnsafe(req.method ?? 'GET')) {
      next()
      return
    }
    const request = nodeRequestOf(req, trustProxy)
    const submitted =
      request.header(csrf.headerName) ?? formFieldOf(request, req.body, csrf.fieldName)
    const verdict = csrf.verify(req.session, request, submitted)
    if (verdict.ok) {
      next()
      return
    }
    if (options.onRejected !== undefined) {
      options.onRejected(req, res, verdict.reason)
      return
    }
    const answer = csrfRejectedAnswer(request.header('accept'))
    res.writeHead(403, answer.headers)
    res.end(answer.body)
  }
}

/** A masked CSRF token for a form on this response (sets the login-form cookie when needed). */
export function csrfToken(req: IncomingMessage, res: ServerResponse): string {
  const mounted = (req as WithCsrf)[CSRF]
  if (mounted === undefined) {
    throw new TypeError('csrfToken() needs the csrfProtection() middleware.')
  }
  // The same request as the check: behind a trusted proxy the login-form cookie is issued under
  // the name the check expects (it was issued as if on plain http before, and every such form
  // then failed with 403).
  const issued = mounted.csrf.token(req.session, nodeRequestOf(req, mounted.trustProxy))
  if (issued.setCookie !== undefined) res.appendHeader('set-cookie', issued.setCookie)
  return issued.token
}
