/**
 * Sign-in guards for fetch handlers: each wraps a session handler and answers for it when the
 * visitor may not pass.
 *
 * ```ts
 * import { fetchSessions, loginRequired, freshLoginRequired } from 'tessera-session/adapters/fetch'
 * const account = tessera.wrap(loginRequired(auth)(async (request, { session }) => …))
 * const password = tessera.wrap(freshLoginRequired(auth, { reauthUrl: '/reauth' })(handler))
 * ```
 *
 * A refused page request gets 303 to the login page, an API or fetch call 401 with JSON; both
 * carry `Cache-Control: no-store`, and so does every response of a guarded handler.
 *
 * @module
 */
import { loginRefusal, reauthRefusal, type GuardRefusal } from '../../auth/guards.js'
import type { LoginManager } from '../../auth/login-manager.js'
import type { HttpRequest } from '../../core/http.js'
import { FetchHttpRequest, NO_HOOKS } from './request.js'
import { stateOf } from './state.js'
import { assertResponse, editHeaders } from '../common/web-response.js'
import type { FetchSessionContext, HandlerWrapper, SessionHandler } from './types.js'

/** Options of the guards. */
export interface FetchGuardOptions {
  /** Where anonymous page requests are sent. @default '/login' */
  loginUrl?: string
  /** Where stale logins are sent to confirm their password. @default '/login?reauth=1' */
  reauthUrl?: string
  /** Replace the default refusal (Flask-Login's `unauthorized_handler`). */
  onUnauthorized?: (request: Request, refusal: GuardRefusal) => Response | Promise<Response>
}

/**
 * Only signed-in users reach the handler; others get 303 to the login page (pages) or 401 (API
 * calls).
 *
 * @example
 * ```ts
 * const me = tessera.wrap(
 *   loginRequired(auth)(async (_request, { session }) => Response.json(await auth.currentUser(session))),
 * )
 * ```
 */
export function loginRequired<User>(
  auth: LoginManager<User>,
  options: FetchGuardOptions = {},
): HandlerWrapper {
  const loginUrl = options.loginUrl ?? '/login'
  return <Rest extends unknown[]>(handler: SessionHandler<Rest>): SessionHandler<Rest> =>
    async function tesseraLoginRequired(request, context, ...rest) {
      const user = await auth.currentUser(context.session)
      if (user === undefined)
        return refuse(request, loginRefusal(requestOf(request, context), loginUrl), options)
      return noStore(await handler(request, context, ...rest))
    }
}

/** Like `loginRequired`, and the password must have been entered within `freshFor` (CL-45). */
export function freshLoginRequired<User>(
  auth: LoginManager<User>,
  options: FetchGuardOptions = {},
): HandlerWrapper {
  const loginUrl = options.loginUrl ?? '/login'
  const reauthUrl = options.reauthUrl ?? '/login?reauth=1'
  return <Rest extends unknown[]>(handler: SessionHandler<Rest>): SessionHandler<Rest> =>
    async function tesseraFreshLoginRequired(request, context, ...rest) {
      const user = await auth.currentUser(context.session)
      if (user === undefined)
        return refuse(request, loginRefusal(requestOf(request, context), loginUrl), options)
      if (!auth.isFresh(context.session)) {
        return refuse(request, reauthRefusal(requestOf(request, context), reauthUrl), options)
      }
      return noStore(await handler(request, context, ...rest))
    }
}

/**
 * The request as the guards see it: an `HttpRequest` over it.
 *
 * @deprecated The guards read the request the session wrapper built; there is nothing to build by
 *   hand.
 */
export function guardRequest(request: Request): HttpRequest {
  return new FetchHttpRequest(request, false, NO_HOOKS, NO_ARGS)
}

const NO_ARGS: readonly unknown[] = Object.freeze([])

/** The session wrapper's request, or (a context made by hand) one over `request`. */
function requestOf(request: Request, context: FetchSessionContext): HttpRequest {
  return (
    stateOf(context.session)?.request ?? new FetchHttpRequest(request, false, NO_HOOKS, NO_ARGS)
  )
}

function refuse(
  request: Request,
  refusal: GuardRefusal,
  options: FetchGuardOptions,
): Response | Promise<Response> {
  if (options.onUnauthorized !== undefined) return options.onUnauthorized(request, refusal)
  if (refusal.status === 303) {
    return new Response(null, {
      status: 303,
      headers: { location: refusal.location, 'cache-control': 'no-store' },
    })
  }
  return new Response(JSON.stringify(refusal.body), {
    status: 401,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  })
}

function noStore(response: Response): Response {
  assertResponse(response)
  return editHeaders(response, (headers) => headers.set('cache-control', 'no-store'))
}
