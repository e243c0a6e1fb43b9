/**
 * `GET /`: `You are not logged in`, or `Logged in as <username>` with a small dashboard
 * (member since, the login before this one, how many sessions are active).
 *
 * @module
 */
import type { Hono } from 'hono'
import { sessionOf, viewOf, type RouteDeps } from '../context.js'
import { AnonymousHome, Dashboard } from '../views/account-pages.js'

/** Register the home page. */
export function homeRoutes(app: Hono, deps: RouteDeps): void {
  app.get('/', async (c) => {
    const session = sessionOf(c)
    const user = await deps.auth.currentUser(session)
    const view = await viewOf(c, deps)
    if (user === undefined) return c.html(<AnonymousHome view={view} />)
    const active = await deps.auth.listSessions(session)
    const previous = session.get('previousLoginAt')
    c.header('cache-control', 'no-store')
    return c.html(
      <Dashboard
        view={view}
        username={user.username}
        memberSince={user.createdAt}
        previousLogin={typeof previous === 'number' ? previous : null}
        activeSessions={active.length}
      />,
    )
  })
}
