/**
 * Sign-in guards for Express and Connect.
 *
 * ```ts
 * import { loginRequired, freshLoginRequired } from 'tessera-session/adapters/express'
 * app.get('/sessions', loginRequired(auth), (req, res) => …)
 * ```
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { loginRefusal, reauthRefusal, type GuardRefusal } from '../../auth/guards.js'
import type { LoginManager } from '../../auth/login-manager.js'
import { nodeRequestOf } from '../common/node-request.js'

/** Options of the guards. */
export interface NodeGuardOptions {
  /** @default '/login' */
  loginUrl?: string
  /** @default '/login?reauth=1' */
  reauthUrl?: string
  /** Replace the default refusal (Flask-Login's `unauthorized_handler`). */
  onUnauthorized?: (req: IncomingMessage, res: ServerResponse, refusal: GuardRefusal) => void
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void

/** Only signed-in users pass; others get 303 to the login page (pages) or 401 (API calls). */
export function loginRequired<User>(
  auth: LoginManager<User>,
  options: NodeGuardOptions = {},
): Middleware {
  const loginUrl = options.loginUrl ?? '/login'
  return function tesseraLoginRequired(req, res, next) {
    auth.currentUser(req.session).then((user) => {
      if (user === undefined)
        refuse(req, res, loginRefusal(nodeRequestOf(req, false), loginUrl), options)
      else {
        res.setHeader('cache-control', 'no-store')
        next()
      }
    }, next)
  }
}

/** Like `loginRequired`, and the password must have been entered within `freshFor` (CL-45). */
export function freshLoginRequired<User>(
  auth: LoginManager<User>,
  options: NodeGuardOptions = {},
): Middleware {
  const loginUrl = options.loginUrl ?? '/login'
  const reauthUrl = options.reauthUrl ?? '/login?reauth=1'
  return function tesseraFreshLoginRequired(req, res, next) {
    auth.currentUser(req.session).then((user) => {
      if (user === undefined)
        refuse(req, res, loginRefusal(nodeRequestOf(req, false), loginUrl), options)
      else if (!auth.isFresh(req.session))
        refuse(req, res, reauthRefusal(nodeRequestOf(req, false), reauthUrl), options)
      else {
        res.setHeader('cache-control', 'no-store')
        next()
      }
    }, next)
  }
}

function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  refusal: GuardRefusal,
  options: NodeGuardOptions,
): void {
  if (options.onUnauthorized !== undefined) {
    options.onUnauthorized(req, res, refusal)
    return
  }
  res.setHeader('cache-control', 'no-store')
  if (refusal.status === 303) {
    res.writeHead(303, { location: refusal.location })
    res.end()
    return
  }
  res.writeHead(401, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(refusal.body))
}
