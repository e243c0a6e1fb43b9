/**
 * CSRF protection for fetch handlers (CL-49..CL-54).
 *
 * ```ts
 * import { fetchSessions, csrfProtection, csrfToken } from 'tessera-session/adapters/fetch'
 * const tessera = fetchSessions(sessionManager)
 * const protect = csrfProtection(sessionManager, { origins: ['https://app.example.com'] })
 * export default {
 *   fetch: tessera.wrap(protect(async (request, context) => {
 *     if (request.method === 'GET') {
 *       return new Response(`<input type="hidden" name="csrf_token" value="${csrfToken(context)}">`)
 *     }
 *     const form = await request.formData() // the body is still unread
 *     …
 *   })),
 * }
 * ```
 *
 * Unsafe methods (POST, PUT, PATCH, DELETE, …) must pass the Origin / Sec-Fetch-Site check and carry
 * the token in the form field `csrf_token` (urlencoded or multipart bodies) or the `X-CSRF-Token`
 * header; anything else — a `text/plain` body, a missing content type, `Origin: null` — gets 403.
 * The form field is read from `request.clone()`, so the handler can still read the body.
 *
 * @module
 */
import { createCsrf, type CsrfOptions } from '../../auth/csrf-protection.js'
import type { SessionManager } from '../../core/session-manager.js'
import { csrfRejectedAnswer } from '../common/unavailable.js'
import type { FetchHttpRequest } from './request.js'
import { stateFor } from './state.js'
import type { FetchSessionContext, HandlerWrapper, SessionHandler } from './types.js'

/** Options of `csrfProtection`. */
export interface FetchCsrfOptions extends CsrfOptions {
  /** Replace the default 403 answer. */
  onRejected?: (request: Request, reason: string) => Response | Promise<Response>
}

/**
 * A wrapper that refuses unsafe requests without a valid CSRF token and origin before the handler
 * runs. Pass the manager the sessions use (`tessera.manager`, or the one given to
 * `fetchSessions`); options are checked here, once.
 */
export function csrfProtection(
  sessions: SessionManager | { readonly manager: SessionManager },
  options: FetchCsrfOptions = {},
): HandlerWrapper {
  const { onRejected, ...csrfOptions } = options
  const csrf = createCsrf('begin' in sessions ? sessions : sessions.manager, csrfOptions)
  return <Rest extends unknown[]>(handler: SessionHandler<Rest>): SessionHandler<Rest> =>
    async function tesseraCsrfProtection(request, context, ...rest) {
      const state = stateFor(context.session, 'csrfProtection()')
      state.csrf = csrf
      if (!csrf.isUnsafe(request.method)) return handler(request, context, ...rest)
      const http = state.request
      const submitted = http.header(csrf.headerName) ?? (await formField(http, csrf.fieldName))
      const verdict = csrf.verify(context.session, http, submitted)
      if (verdict.ok) return handler(request, context, ...rest)
      if (onRejected !== undefined) return onRejected(request, verdict.reason)
      return rejection(http)
    }
}

/**
 * A masked CSRF token for a form on this response; before any session exists it also issues the
 * login-form cookie, appended when the session commits. Needs `csrfProtection()` around the
 * handler.
 */
export function csrfToken(context: FetchSessionContext): string {
  const state = stateFor(context.session, 'csrfToken()')
  if (state.csrf === undefined) {
    throw new TypeError('csrfToken(context) needs the handler wrapped by csrfProtection().')
  }
  // The session wrapper's request, so behind a trusted proxy the login-form cookie is issued
  // under the name the check expects.
  const issued = state.csrf.token(context.session, state.request)
  if (issued.setCookie !== undefined) state.cookies.push(issued.setCookie)
  return issued.token
}

function rejection(request: FetchHttpRequest): Response {
  const answer = csrfRejectedAnswer(request.header('accept'))
  return new Response(answer.body, { status: 403, headers: answer.headers })
}

/**
 * The form field from an urlencoded or multipart body, read from a clone so the handler still
 * gets the body; never from the query string or JSON.
 */
async function formField(request: FetchHttpRequest, name: string): Promise<string | undefined> {
  const type = (request.header('content-type') ?? '').toLowerCase()
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  ) {
    return undefined
  }
  try {
    const value = (await request.raw.clone().formData()).get(name)
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}
