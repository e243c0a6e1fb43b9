/**
 * Sessions for Hono: `c.get('session')` in every handler, typed through `ContextVariableMap`.
 *
 * ```ts
 * import { Hono } from 'hono'
 * import { sessions } from 'tessera-session/adapters/hono'
 *
 * const app = new Hono()
 * app.use(sessions({ secret: process.env.TESSERA_SECRET! }))
 * app.get('/', (c) => {
 *   const session = c.get('session')
 *   session.set('visits', Number(session.get('visits') ?? 0) + 1)
 *   return c.text(`visits: ${String(session.get('visits'))}`)
 * })
 * ```
 *
 * The session is committed after the handler returns its Response and before Hono sends it —
 * also for streamed bodies (whose headers are part of the returned Response) and for the error
 * page of a handler that threw.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono'
import { StoreUnavailableError } from '../../errors.js'
import type { CommitResult } from '../../core/http.js'
import type { SessionOptions } from '../../core/options.js'
import type { AppSessionData, Session, SessionData } from '../../core/session.js'
import { createSessionManager, type SessionManager } from '../../core/session-manager.js'
import { checkShape, is, type Shape } from '../../core/validate.js'
import { bindHonoRequest } from './request.js'
import { applyCommit, sanitizeUnavailable, unavailableResponse } from '../common/web-response.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's session, set by tessera's `sessions()` middleware. */
    session: Session
  }
}

/** What the Hono adapter adds to the session options. */
export interface HonoAdapterOptions {
  /**
   * The client address for the active-sessions list and throttling. By default the socket
   * address under `@hono/node-server`, or with `trustProxy` the hop your proxies saw.
   */
  clientIp?: (c: Context) => string | undefined
  /**
   * The answer when the session store cannot be reached (503). The default is a short plain-text
   * page (JSON for API clients) with Retry-After and no Set-Cookie.
   */
  onUnavailable?: (c: Context) => Response | Promise<Response>
}

/**
 * Options of the Hono adapter: the session options and the adapter's own. `Data` is inferred
 * from `schema`.
 */
export interface HonoSessionOptions<Data extends object = AppSessionData>
  extends SessionOptions<Data>, HonoAdapterOptions {}

/**
 * The Hono `Env` the middleware declares: a route given the middleware sees
 * `c.get('session')` as `Session<Data>` (the `ContextVariableMap` entry is the app-wide
 * `Session`, typed by `SessionData`).
 */
export interface SessionEnv<Data extends object = AppSessionData> {
  Variables: { session: Session<Data> }
}

const ADAPTER_SHAPE: Shape = { clientIp: is.function, onUnavailable: is.function }

/**
 * Hono middleware that gives every request a session: `sessions(options)`, or
 * `sessions(manager, adapterOptions)` to share a manager with `tessera-session/auth`.
 */
export function sessions<Data extends object = AppSessionData>(
  options: HonoSessionOptions<Data> | SessionManager<Data>,
  adapterOptions: HonoAdapterOptions = {},
): MiddlewareHandler<SessionEnv<Data>> {
  checkShape('sessions(…, adapterOptions)', adapterOptions, ADAPTER_SHAPE)
  let manager: SessionManager<Data>
  let clientIp = adapterOptions.clientIp
  let custom = adapterOptions.onUnavailable
  if ('begin' in options) manager = options
  else {
    const { clientIp: ip, onUnavailable, ...sessionOptions } = options
    manager = createSessionManager(sessionOptions)
    clientIp ??= ip
    custom ??= onUnavailable
  }
  const trustProxy = manager.options.trustProxy
  const unavailableFor = async (c: Context): Promise<Response> =>
    custom === undefined ? unavailable(c) : sanitizeUnavailable(await custom(c))
  return async function tesseraSessions(c, next) {
    const handle = manager.begin(bindHonoRequest(c, trustProxy, clientIp))
    c.set('session', handle.session)
    try {
      await handle.load()
    } catch (err) {
      if (err instanceof StoreUnavailableError) return unavailableFor(c)
      throw err
    }
    await next()
    let result: CommitResult
    try {
      result = await handle.commit()
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        // Drop the route's response first: assigning over it would merge its headers (its own
        // Set-Cookie among them) into the 503.
        c.res = undefined
        c.res = await unavailableFor(c)
        return undefined
      }
      throw err
    }
    // Headers edited in place; a Response with immutable headers (from fetch) is copied once.
    const committed = applyCommit(c.res, result)
    if (committed !== c.res) c.res = committed
    return undefined
  }
}

function unavailable(c: Context): Response {
  return unavailableResponse(c.req.raw)
}

export { createSessionManager }
/** The `Retry-After` seconds of the adapter's 503, for an app's own "try again" answers. */
export { RETRY_AFTER_SECONDS } from '../common/unavailable.js'
export type { Session, SessionData, SessionOptions, SessionManager }
export { loginRequired, freshLoginRequired, guardRequest } from './auth.js'
export type { GuardOptions } from './auth.js'
export { csrfProtection, csrfToken } from './csrf.js'
export type { HonoCsrfOptions } from './csrf.js'
