/**
 * What the route modules share: their dependencies, the view context of a page, form fields and
 * the client IP.
 *
 * @module
 */
import type { Context } from 'hono'
import type { Logger } from 'pino'
import type { Session } from 'tessera-session'
import { csrfToken } from 'tessera-session/adapters/hono'
import type { LoginManager, Throttle } from 'tessera-session/auth'
import type { User, UserRepository } from './users/user-repository.js'
import type { ViewContext } from './views/layout.js'

/** Everything a route module needs. */
export interface RouteDeps {
  readonly auth: LoginManager<User>
  readonly users: UserRepository
  readonly throttle: Throttle
  readonly log: Logger
  readonly stylesheet: string
  readonly trustProxy: boolean
  readonly now: () => number
}

/**
 * The request's session (set by tessera's `sessions()` middleware). Typed here rather than through
 * Hono's `ContextVariableMap`, so it is the `tessera` package's `Session` even where a compilation
 * also sees tessera's sources (the repository-wide type check).
 */
export function sessionOf(c: Context): Session {
  return c.get('session') as unknown as Session
}

/** The view context of a page: who is signed in, this page's flashes and a CSRF token. */
export async function viewOf(c: Context, deps: RouteDeps): Promise<ViewContext> {
  const session = sessionOf(c)
  const user = await deps.auth.currentUser(session)
  return {
    username: user?.username,
    flashes: session.flashes(),
    csrf: csrfToken(c),
    stylesheet: deps.stylesheet,
    path: c.req.path,
  }
}

/** A view context that touches no session (error pages, the 503 page). */
export function bareView(c: Context, stylesheet: string): ViewContext {
  return { username: undefined, flashes: [], csrf: '', stylesheet, path: c.req.path }
}

/** The form's fields as strings: a missing field, a file or a repeated field is `''`. */
export async function formOf(c: Context): Promise<(name: string) => string> {
  const body = await c.req.parseBody()
  return (name) => {
    const value = body[name]
    return typeof value === 'string' ? value : ''
  }
}

/**
 * The client's IP for throttling: the socket's address, or the first `X-Forwarded-For` hop when
 * the app is told it runs behind its own proxy (never otherwise: the header is client-controlled).
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded !== undefined && forwarded !== '') return forwarded
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'unknown'
}
