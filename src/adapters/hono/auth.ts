/**
 * Sign-in guards for Hono.
 *
 * ```ts
 * import { loginRequired, freshLoginRequired } from 'tessera-session/adapters/hono'
 * app.get('/sessions', loginRequired(auth), (c) => …)
 * app.post('/account/password', freshLoginRequired(auth, { reauthUrl: '/reauth' }), (c) => …)
 * ```
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono'
import { loginRefusal, reauthRefusal, type GuardRefusal } from '../../auth/guards.js'
import type { LoginManager } from '../../auth/login-manager.js'
import type { HttpRequest } from '../../core/http.js'
import { honoRequestOf } from './request.js'

/** Options of the guards. */
export interface GuardOptions {
  /** Where anonymous page requests are sent. @default '/login' */
  loginUrl?: string
  /** Where stale logins are sent to confirm their password. @default '/login?reauth=1' */
  reauthUrl?: string
  /** Replace the default refusal (Flask-Login's `unauthorized_handler`). */
  onUnauthorized?: (c: Context, refusal: GuardRefusal) => Response | Promise<Response>
}

/** Only signed-in users pass; others get 303 to the login page (pages) or 401 (API calls). */
export function loginRequired<User>(
  auth: LoginManager<User>,
  options: GuardOptions = {},
): MiddlewareHandler {
  const loginUrl = options.loginUrl ?? '/login'
  return async function tesseraLoginRequired(c, next) {
    const user = await auth.currentUser(c.get('session'))
    if (user === undefined)
      return refuse(c, loginRefusal(honoRequestOf(c, false), loginUrl), options)
    noStore(c)
    await next()
    return undefined
  }
}

/** Like `loginRequired`, and the password must have been entered within `freshFor` (CL-45). */
export function freshLoginRequired<User>(
  auth: LoginManager<User>,
  options: GuardOptions = {},
): MiddlewareHandler {
  const loginUrl = options.loginUrl ?? '/login'
  const reauthUrl = options.reauthUrl ?? '/login?reauth=1'
  return async function tesseraFreshLoginRequired(c, next) {
    const session = c.get('session')
    const user = await auth.currentUser(session)
    if (user === undefined)
      return refuse(c, loginRefusal(honoRequestOf(c, false), loginUrl), options)
    if (!auth.isFresh(session))
      return refuse(c, reauthRefusal(honoRequestOf(c, false), reauthUrl), options)
    noStore(c)
    await next()
    return undefined
  }
}

/**
 * The request as the guards see it: its one `HttpRequest`.
 *
 * @deprecated The guards read the request the session middleware built; there is nothing to
 *   build by hand.
 */
export function guardRequest(c: Context): HttpRequest {
  return honoRequestOf(c, false)
}

function refuse(
  c: Context,
  refusal: GuardRefusal,
  options: GuardOptions,
): Response | Promise<Response> {
  if (options.onUnauthorized !== undefined) return options.onUnauthorized(c, refusal)
  c.header('cache-control', 'no-store')
  if (refusal.status === 303) return c.redirect(refusal.location, 303)
  return c.json(refusal.body, 401)
}

function noStore(c: Context): void {
  c.header('cache-control', 'no-store')
}
