/**
 * CSRF protection for Fastify (CL-49..CL-54), as a `preHandler` hook, so the form body is parsed
 * when it runs. Fastify parses only JSON and text out of the box: register a parser for
 * `application/x-www-form-urlencoded` (`@fastify/formbody`, or `addContentTypeParser`) so the
 * `csrf_token` field can be read; the `X-CSRF-Token` header works without one.
 *
 * ```ts
 * import { csrfProtection, csrfToken } from 'tessera-session/adapters/fastify'
 * app.addHook('preHandler', csrfProtection(sessionManager, { origins: ['https://app.example.com'] }))
 * app.get('/form', async (request, reply) =>
 *   reply.type('text/html').send(`<input type="hidden" name="csrf_token" value="${csrfToken(request, reply)}">`))
 * ```
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { createCsrf, type Csrf, type CsrfOptions } from '../../auth/csrf-protection.js'
import type { TrustProxy } from '../../core/http.js'
import type { SessionManager } from '../../core/session-manager.js'
import { formFieldOf, nodeRequestOf } from '../common/node-request.js'
import { csrfRejectedAnswer } from '../common/unavailable.js'
import type { FastifyPreHandler } from './auth.js'

const CSRF = Symbol.for('tessera.csrf')
type WithCsrf = FastifyRequest & { [CSRF]?: { csrf: Csrf; trustProxy: TrustProxy } }

/** Options of `csrfProtection`. */
export interface FastifyCsrfOptions extends CsrfOptions {
  /** Replace the default 403 answer; send the reply in it. */
  onRejected?: (request: FastifyRequest, reply: FastifyReply, reason: string) => unknown
}

/** A `preHandler` hook that refuses unsafe requests without a valid CSRF token and origin. */
export function csrfProtection(
  sessions: SessionManager,
  options: FastifyCsrfOptions = {},
): FastifyPreHandler {
  const csrf = createCsrf(sessions, options)
  const trustProxy = sessions.options.trustProxy
  return async function tesseraCsrfProtection(request: WithCsrf, reply) {
    request[CSRF] = { csrf, trustProxy }
    if (!csrf.isUnsafe(request.method)) return undefined
    const http = nodeRequestOf(request.raw, trustProxy)
    const submitted =
      http.header(csrf.headerName) ?? formFieldOf(http, request.body, csrf.fieldName)
    const verdict = csrf.verify(request.session, http, submitted)
    if (verdict.ok) return undefined
    if (options.onRejected !== undefined) {
      await options.onRejected(request, reply, verdict.reason)
      return reply
    }
    const answer = csrfRejectedAnswer(request.headers.accept)
    return reply.code(403).headers(answer.headers).send(answer.body)
  }
}

/** A masked CSRF token for a form on this reply (sets the login-form cookie when needed). */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const mounted = (request as WithCsrf)[CSRF]
  if (mounted === undefined) {
    throw new TypeError('csrfToken() needs the csrfProtection() hook.')
  }
  const issued = mounted.csrf.token(request.session, nodeRequestOf(request.raw, mounted.trustProxy))
  // Fastify appends Set-Cookie values rather than replacing them.
  if (issued.setCookie !== undefined) reply.header('set-cookie', issued.setCookie)
  return issued.token
}
