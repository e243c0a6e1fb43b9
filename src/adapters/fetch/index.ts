/**
 * Sessions for Web-standard fetch handlers — `(request: Request) => Response` on Bun, Deno,
 * Cloudflare Workers, Next.js route handlers, SvelteKit endpoints and anything else that speaks
 * `Request` and `Response`. Only Web APIs are used, no `node:` module.
 *
 * ```ts
 * import { fetchSessions } from 'tessera-session/adapters/fetch'
 *
 * const tessera = fetchSessions({ secret: process.env.TESSERA_SECRET! })
 * export default {
 *   fetch: tessera.wrap(async (request, { session }) => {
 *     session.set('visits', Number(session.get('visits') ?? 0) + 1)
 *     return new Response(`visits: ${String(session.get('visits'))}`)
 *   }),
 * }
 * ```
 *
 * The session is committed after the handler resolves its Response and before the response is
 * returned: its Set-Cookie is appended (the app's own cookies stay), `Vary: Cookie` is merged, and a
 * Response with immutable headers (from `fetch()` or `Response.redirect()`) is copied once.
 *
 * > [!NOTE]
 * > A handler that throws is not committed: the error propagates to the runtime (or the
 * > framework's error page) and no Set-Cookie is sent, so nothing the handler changed is saved. To
 * > answer an error page with the session saved, catch inside the handler and return it.
 *
 * @module
 */
import { StoreUnavailableError } from '../../errors.js'
import type { CommitResult } from '../../core/http.js'
import type { SessionOptions } from '../../core/options.js'
import type { AppSessionData, Session, SessionData } from '../../core/session.js'
import { createSessionManager, type SessionManager } from '../../core/session-manager.js'
import { checkShape, is, type Shape } from '../../core/validate.js'
import { FetchHttpRequest } from './request.js'
import {
  applyCommit,
  assertResponse,
  discard,
  sanitizeUnavailable,
  unavailableResponse,
} from '../common/web-response.js'
import { bindState, type RequestState } from './state.js'
import type { FetchSessionContext, SessionHandler } from './types.js'

/** What the fetch adapter adds to the session options. */
export interface FetchAdapterOptions {
  /**
   * The client address for the active-sessions list and throttling, replacing the default: the
   * peer address (see `peerAddress`), or with `trustProxy` the hop your proxies saw. Receives the
   * extra arguments given to the wrapped handler or to `getSession()`.
   */
  clientIp?: (request: Request, ...args: readonly unknown[]) => string | undefined
  /**
   * The address of the connection's peer, when the runtime exposes it — e.g. Bun's
   * `(request, server) => server.requestIP(request)?.address` or Deno's
   * `(request, info) => info.remoteAddr.hostname`. A fetch handler has no socket, so by default it
   * is unknown: `trustProxy: true` or a hop count then believe `X-Forwarded-*`, a `trustProxy`
   * predicate never does (it has no peer to ask about).
   */
  peerAddress?: (request: Request, ...args: readonly unknown[]) => string | undefined
  /**
   * The answer when the session store cannot be reached (503). The default is a short plain-text
   * page (JSON for API clients) with Retry-After and no Set-Cookie; the Set-Cookie of a custom
   * answer is dropped and Retry-After added when missing.
   */
  onUnavailable?: (request: Request) => Response | Promise<Response>
}

/**
 * Options of the fetch adapter: the session options and the adapter's own. `Data` is inferred
 * from `schema`.
 */
export interface FetchSessionOptions<Data extends object = AppSessionData>
  extends SessionOptions<Data>, FetchAdapterOptions {}

/** The session of a request handled by hand, and the function that commits it. */
export interface ManualSession<
  Data extends object = AppSessionData,
> extends FetchSessionContext<Data> {
  /**
   * Save the session and return the response to send: `response` with the session's Set-Cookie
   * appended and `Vary: Cookie` merged (a copy when its headers are immutable), or the 503 answer
   * when the store fails at commit. Call it once, after the last change to the session.
   */
  commit(response: Response): Promise<Response>
}

/** Sessions for fetch handlers, made by `fetchSessions()`. */
export interface FetchSessions<Data extends object = AppSessionData> {
  /** The session manager, to share with `tessera-session/auth` and `csrfProtection()`. */
  readonly manager: SessionManager<Data>
  /**
   * A fetch handler that loads the session, calls `handler(request, { session }, ...rest)` and
   * commits. Extra arguments (Workers' `env` and `ctx`, Bun's `server`, Deno's `info`) are passed
   * through. A store outage answers 503; an error thrown by `handler` propagates uncommitted.
   */
  wrap<Rest extends unknown[]>(
    handler: SessionHandler<Rest, Data>,
  ): (request: Request, ...rest: Rest) => Promise<Response>
  /**
   * Load the session of `request` by hand; `args` go to `clientIp` and `peerAddress`. Throws
   * `StoreUnavailableError` when the store cannot be reached — answer it with
   * `unavailable(request)`.
   */
  getSession(request: Request, ...args: readonly unknown[]): Promise<ManualSession<Data>>
  /** The 503 answer for a store outage (the custom `onUnavailable`, made safe, or the default). */
  unavailable(request: Request): Promise<Response>
}

const ADAPTER_SHAPE: Shape = {
  clientIp: is.function,
  peerAddress: is.function,
  onUnavailable: is.function,
}

/**
 * Sessions for fetch handlers: `fetchSessions(options)`, or `fetchSessions(manager,
 * adapterOptions)` to share a manager with `tessera-session/auth`. Options are checked here, once.
 *
 * @example
 * ```ts
 * import { fetchSessions } from 'tessera-session/adapters/fetch'
 *
 * const tessera = fetchSessions({ secret: process.env.TESSERA_SECRET! })
 * export async function GET(request: Request): Promise<Response> {
 *   const { session, commit } = await tessera.getSession(request)
 *   session.set('seen', true)
 *   return commit(Response.redirect(new URL('/', request.url), 303))
 * }
 * ```
 */
export function fetchSessions<Data extends object = AppSessionData>(
  options: FetchSessionOptions<Data> | SessionManager<Data>,
  adapterOptions: FetchAdapterOptions = {},
): FetchSessions<Data> {
  checkShape('fetchSessions(…, adapterOptions)', adapterOptions, ADAPTER_SHAPE)
  let manager: SessionManager<Data>
  let { clientIp, peerAddress, onUnavailable: custom } = adapterOptions
  if ('begin' in options) manager = options
  else {
    const { clientIp: ip, peerAddress: peer, onUnavailable, ...sessionOptions } = options
    checkShape('fetchSessions(options)', { clientIp: ip, peerAddress: peer }, ADAPTER_SHAPE)
    manager = createSessionManager<Data>(sessionOptions)
    clientIp ??= ip
    peerAddress ??= peer
    custom ??= onUnavailable
  }
  const trustProxy = manager.options.trustProxy
  const hooks = Object.freeze({ clientIp, peerAddress })

  const unavailable = async (request: Request): Promise<Response> =>
    custom === undefined ? unavailableResponse(request) : sanitizeUnavailable(await custom(request))

  const getSession = async (
    request: Request,
    ...args: readonly unknown[]
  ): Promise<ManualSession<Data>> => {
    const http = new FetchHttpRequest(request, trustProxy, hooks, args)
    const handle = manager.begin(http)
    const state: RequestState = { request: http, cookies: [], csrf: undefined }
    bindState(handle.session, state)
    await handle.load()
    let committed = false
    const commit = async (response: Response): Promise<Response> => {
      assertResponse(response)
      if (committed) throw new TypeError('commit() was already called for this session.')
      committed = true
      let result: CommitResult
      try {
        result = await handle.commit()
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err
        // The route's response is dropped whole: none of its headers (its own Set-Cookie among
        // them) may reach the 503.
        discard(response)
        return unavailable(request)
      }
      // The login-form CSRF cookie, when csrfToken() issued one, goes out with the session's.
      const cookies = state.cookies
      return applyCommit(
        response,
        cookies.length === 0
          ? result
          : { vary: result.vary, cookies: [...result.cookies, ...cookies] },
      )
    }
    return { session: handle.session, commit }
  }

  const wrap = <Rest extends unknown[]>(
    handler: SessionHandler<Rest, Data>,
  ): ((request: Request, ...rest: Rest) => Promise<Response>) => {
    if (typeof handler !== 'function') {
      throw new TypeError(
        'tessera.wrap(handler) needs a function (request, { session }) => Response.',
      )
    }
    return async function tesseraFetch(request: Request, ...rest: Rest): Promise<Response> {
      let opened: ManualSession<Data>
      try {
        opened = await getSession(request, ...rest)
      } catch (err) {
        if (err instanceof StoreUnavailableError) return unavailable(request)
        throw err
      }
      let response: Response
      try {
        response = await handler(request, { session: opened.session }, ...rest)
      } catch (err) {
        // A store the handler reached through the session layer (a guard's revocation check,
        // the login manager) is down: 503, as at load and commit, never the runtime's 500.
        if (err instanceof StoreUnavailableError) return unavailable(request)
        throw err
      }
      return opened.commit(response)
    }
  }

  return Object.freeze({ manager, wrap, getSession, unavailable })
}

export { createSessionManager }
export type { Session, SessionData, SessionOptions, SessionManager }
export type { FetchSessionContext, HandlerWrapper, SessionHandler } from './types.js'
export { loginRequired, freshLoginRequired, guardRequest } from './auth.js'
export type { FetchGuardOptions } from './auth.js'
export { csrfProtection, csrfToken } from './csrf.js'
export type { FetchCsrfOptions } from './csrf.js'
