/**
 * A per-session click counter, the demo's one increment-style write (issue 11, the soak in
 * `scripts/soak.ts`, docs/reliability.md):
 *
 * - `GET /counter` (signed in): the page with the count (`<output id="count">N</output>`) and a
 *   button that posts the form;
 * - `POST /counter` (signed in, CSRF like every form): adds one to the count kept in the session,
 *   then 303 to `/counter`. The 303 is sent only once the session store has the new count, so an
 *   acknowledged click is never lost; when the store is down the answer is the 503 page.
 *
 * @module
 */
import type { Hono } from 'hono'
import { sessionOf, viewOf, type RouteDeps } from '../context.js'
import { CsrfField } from '../views/form.js'
import { Layout } from '../views/layout.js'
import type { Guards } from './guards.js'

/** The session key holding the count. */
const COUNT = 'counter'

/** Register the counter page and its form. */
export function counterRoutes(app: Hono, deps: RouteDeps, guards: Guards): void {
  app.get('/counter', guards.login(), async (c) => {
    const value = sessionOf(c).get(COUNT)
    c.header('cache-control', 'no-store')
    const view = await viewOf(c, deps)
    return c.html(
      <Layout view={view} title="Counter">
        <h1>Counter</h1>
        <p class="lead">
          Clicked <output id="count">{String(typeof value === 'number' ? value : 0)}</output> times
          in this session.
        </p>
        <form method="post" action="/counter">
          <CsrfField token={view.csrf} />
          <button type="submit" class="button">
            Add one
          </button>
        </form>
      </Layout>,
    )
  })

  app.post('/counter', guards.login('/counter'), (c) => {
    const session = sessionOf(c)
    const value = session.get(COUNT)
    session.set(COUNT, (typeof value === 'number' ? value : 0) + 1)
    return c.redirect('/counter', 303)
  })
}
