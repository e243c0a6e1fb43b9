/**
 * The active-sessions page (CL-46): `GET /sessions` lists the user's sessions with the current
 * one marked; `POST /sessions/<handle>/revoke` ends one, `POST /sessions/revoke-others` all but
 * this one. Handles are opaque: never a session ID. Revoking needs a fresh login (CL-45).
 *
 * @module
 */
import type { Hono } from 'hono'
import { sessionOf, viewOf, type RouteDeps } from '../context.js'
import { SessionsPage } from '../views/account-pages.js'
import type { Guards } from './guards.js'

/** Register the sessions routes. */
export function sessionRoutes(app: Hono, deps: RouteDeps, guards: Guards): void {
  const { auth } = deps

  app.get('/sessions', guards.login(), async (c) => {
    const sessions = await auth.listSessions(sessionOf(c))
    // The current session first, then the most recently used.
    const rows = [...sessions].sort(
      (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt,
    )
    return c.html(
      <SessionsPage view={await viewOf(c, deps)} sessions={rows} sealed={deps.sealedSessions} />,
    )
  })

  app.post('/sessions/revoke-others', guards.fresh('/sessions'), async (c) => {
    const session = sessionOf(c)
    const count = await auth.revokeOtherSessions(session)
    session.flash(
      deps.sealedSessions
        ? 'Logged out every other session.'
        : count === 0
          ? 'There were no other sessions to log out.'
          : `Logged out ${count} other session${count === 1 ? '' : 's'}.`,
      'success',
    )
    return c.redirect('/sessions', 303)
  })

  app.post('/sessions/:handle/revoke', guards.fresh('/sessions'), async (c) => {
    const session = sessionOf(c)
    const revoked = await auth.revokeSession(session, c.req.param('handle'))
    if ((await auth.currentUser(session)) === undefined) {
      // The user revoked the session they are using: that is a logout.
      session.flash('You have been logged out', 'info')
      return c.redirect('/', 303)
    }
    if (revoked) session.flash('The session has been logged out.', 'success')
    else session.flash('That session had already ended.', 'info')
    return c.redirect('/sessions', 303)
  })
}
