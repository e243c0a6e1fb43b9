/**
 * Sessions for Next.js (App Router): Server Components read the session, Server Actions and Route
 * Handlers change and save it, and `proxy.ts` can read, refresh and guard before a route runs.
 *
 * ```ts
 * // lib/session.ts
 * import { nextSessions } from 'tessera-session/next'
 * export const tessera = nextSessions({ secret: process.env.TESSERA_SECRET! })
 *
 * // app/actions.ts
 * 'use server'
 * export const visit = tessera.withSession(async (session) => {
 *   session.set('visits', Number(session.get('visits') ?? 0) + 1)
 * })
 * ```
 *
 * Where Next.js can set cookies (a Server Action, a Route Handler), `save()` writes each
 * Set-Cookie through `cookies().set()`. During a Server Component render it cannot: a changed
 * session then makes `save()` throw `SessionReadOnlyError`, and a mere refresh of a sliding
 * deadline is skipped (docs/next.md explains what that means for expiry and revocation).
 *
 * The `next` modules are imported when first used, so this module also loads where `next` is not
 * installed (a package check that imports every subpath); `next` is an optional peer dependency.
 *
 * @module
 */
import type { cookies } from 'next/headers.js'
import type { NextRequest } from 'next/server.js'
import { StoreUnavailableError } from '../errors.js'
import type { SessionOptions } from '../core/options.js'
import type { AppSessionData, Session, SessionData } from '../core/session.js'
import {
  createSessionManager,
  type SessionHandle,
  type SessionManager,
} from '../core/session-manager.js'
import { checkShape, is, type Shape } from '../core/validate.js'
import { SessionReadOnlyError } from './errors.js'
import { runProxy, type ProxyHandler } from './proxy.js'
import { cookieHeaderOf, nextRequestInfo, type HeaderSource } from './request.js'
import { parseSetCookie } from './set-cookie.js'

/** What the Next.js adapter adds to the session options. */
export interface NextAdapterOptions {
  /**
   * The client address for the active-sessions list and throttling. Next.js does not show the
   * socket to the app, so by default it is unknown, or with `trustProxy` the hop your proxies saw
   * in `X-Forwarded-For`.
   */
  clientIp?: (headers: HeaderSource) => string | undefined
  /**
   * The answer of `proxy()` when the session store cannot be reached (503). The default is a short
   * plain-text page (JSON for API clients) with Retry-After; its Set-Cookie is always dropped.
   */
  onUnavailable?: (request: NextRequest) => Response | Promise<Response>
}

/**
 * Options of the Next.js adapter: the session options and the adapter's own. `Data` is inferred
 * from `schema`.
 */
export interface NextSessionOptions<Data extends object = AppSessionData>
  extends SessionOptions<Data>, NextAdapterOptions {}

/** Sessions bound to the current Next.js request through `cookies()` and `headers()`. */
export interface NextSessions<Data extends object = AppSessionData> {
  /** The session manager (share it with `createLoginManager`). */
  readonly manager: SessionManager<Data>
  /**
   * The current request's session, the same object for every call in one request. Throws
   * `StoreUnavailableError` when a server-side store cannot be reached.
   */
  session(): Promise<Session<Data>>
  /**
   * Save the session of the current request: each Set-Cookie through `cookies().set()`. Call it in
   * a Server Action or Route Handler before `redirect()` or returning. In a Server Component a
   * changed session throws `SessionReadOnlyError`, and a refresh alone is skipped.
   */
  save(): Promise<void>
  /**
   * Wrap a Server Action or Route Handler: `fn` gets the session, and the session is saved when
   * it returns — or when it throws Next's `redirect()` / `notFound()`; any other error saves
   * nothing.
   */
  withSession<Args extends unknown[], Result>(
    fn: (session: Session<Data>, ...args: Args) => Result | Promise<Result>,
  ): (...args: Args) => Promise<Result>
  /**
   * For `proxy.ts`: read (and refresh) the session of `request`, run `handler`, and commit into
   * its answer, or — when it returns `undefined` — into `NextResponse.next()`, with the route
   * rendering the cookies this response sets.
   */
  proxy(request: NextRequest, handler?: ProxyHandler<Data>): Promise<Response>
}

const ADAPTER_SHAPE: Shape = { clientIp: is.function, onUnavailable: is.function }

type CookieStore = Awaited<ReturnType<typeof cookies>>

interface Current<Data extends object> {
  readonly handle: SessionHandle<Data>
  readonly loaded: Promise<void>
}

/**
 * Sessions for a Next.js app: `nextSessions(options)`, or `nextSessions(manager, adapterOptions)`
 * to share a manager with `tessera-session/auth`. Create it once, in a module of its own.
 */
export function nextSessions<Data extends object = AppSessionData>(
  options: NextSessionOptions<Data> | SessionManager<Data>,
  adapterOptions: NextAdapterOptions = {},
): NextSessions<Data> {
  checkShape('nextSessions(…, adapterOptions)', adapterOptions, ADAPTER_SHAPE)
  let manager: SessionManager<Data>
  let clientIp = adapterOptions.clientIp
  let onUnavailable = adapterOptions.onUnavailable
  if ('begin' in options) manager = options
  else {
    const { clientIp: ip, onUnavailable: custom, ...sessionOptions } = options
    manager = createSessionManager<Data>(sessionOptions)
    clientIp ??= ip
    onUnavailable ??= custom
  }
  const trustProxy = manager.options.trustProxy
  // One session per request: Next gives each request its own cookie store object.
  const current = new WeakMap<CookieStore, Current<Data>>()

  const open = async (): Promise<{ store: CookieStore; entry: Current<Data> }> => {
    const next = await import('next/headers.js')
    const store = await next.cookies()
    let entry = current.get(store)
    if (entry === undefined) {
      const info = nextRequestInfo(
        await next.headers(),
        cookieHeaderOf(store.getAll()),
        trustProxy,
        clientIp,
      )
      const handle = manager.begin(info)
      entry = { handle, loaded: Promise.resolve(handle.load()) }
      current.set(store, entry)
    }
    return { store, entry }
  }

  const session = async (): Promise<Session<Data>> => {
    const { entry } = await open()
    await entry.loaded
    return entry.handle.session
  }

  const save = async (): Promise<void> => {
    const { store, entry } = await open()
    await entry.loaded
    // Changed this request: set, removed, regenerated or destroyed (each counts as a write).
    const changed = entry.handle.session.modified
    const result = await entry.handle.commit()
    // The next session() of this request starts again from the cookies just set.
    current.delete(store)
    for (const header of result.cookies) {
      const { name, value, options: attributes } = parseSetCookie(header)
      try {
        store.set(name, value, attributes)
      } catch (err) {
        // Next refuses every cookie write while a Server Component renders.
        if (changed) throw new SessionReadOnlyError({ cause: err })
        return
      }
    }
  }

  return {
    manager,
    session,
    save,
    withSession(fn) {
      return async (...args) => {
        const s = await session()
        let result
        try {
          result = await fn(s, ...args)
        } catch (err) {
          const { unstable_rethrow } = await import('next/navigation.js')
          try {
            // Rethrows only Next's own control flow (redirect, notFound, …): save, then let it go.
            unstable_rethrow(err)
          } catch {
            await save()
          }
          throw err
        }
        await save()
        return result
      }
    },
    proxy: (request, handler) =>
      runProxy(manager, { trustProxy, clientIp, onUnavailable }, request, handler),
  }
}

export { createSessionManager, SessionReadOnlyError, StoreUnavailableError }
export type { ProxyHandler } from './proxy.js'
export type { HeaderSource } from './request.js'
export type { Session, SessionData, SessionOptions, SessionManager }
