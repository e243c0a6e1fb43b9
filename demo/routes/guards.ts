/**
 * The demo's use of tessera's guards: anonymous visitors go to `/login?next=<path>`, stale logins
 * to `/account/confirm?next=<path>`. A refused form POST comes back to the page that holds the
 * form (`returnTo`), not to the POST's own URL.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono'
import { freshLoginRequired, loginRequired } from 'tessera-session/adapters/hono'
import type { LoginManager } from 'tessera-session/auth'
import type { User } from '../users/user-repository.js'

/** Where the fresh-login guard sends stale logins. */
export const CONFIRM_PATH = '/account/confirm'

/** The guards, bound to the app's login manager. */
export interface Guards {
  /** Signed-in users only. */
  login(returnTo?: string): MiddlewareHandler
  /** Signed in with the password entered recently (CL-45). */
  fresh(returnTo?: string): MiddlewareHandler
}

/** Build the guards. */
export function createGuards(auth: LoginManager<User>): Guards {
  const refusal =
    (returnTo: string | undefined) =>
    (c: Context, refused: { status: 303; location: string } | { status: 401; body: object }) => {
      c.header('cache-control', 'no-store')
      if (refused.status === 401) return c.json(refused.body, 401)
      if (c.req.method === 'GET' || returnTo === undefined) return c.redirect(refused.location, 303)
      const base = refused.location.slice(0, refused.location.indexOf('?'))
      return c.redirect(`${base}?next=${encodeURIComponent(returnTo)}`, 303)
    }
  return {
    login: (returnTo) =>
      loginRequired(auth, { loginUrl: '/login', onUnauthorized: refusal(returnTo) }),
    fresh: (returnTo) =>
      freshLoginRequired(auth, {
        loginUrl: '/login',
        reauthUrl: CONFIRM_PATH,
        onUnauthorized: refusal(returnTo),
      }),
  }
}
