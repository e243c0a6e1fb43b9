/**
 * The suite's routes (test/adapters/routes.ts) on Hono with the built Hono adapter — the same app
 * as test/adapters/hono.test.ts. Shared by the Bun/Deno server and the Worker.
 */
import { Hono } from 'hono'
import { sessions } from '../../../dist/adapters/hono/index.js'
import { lateWrite, routes, STREAM_PATH } from '../../adapters/routes.ts'
import { streamBody } from './common.mjs'

/** The Hono app of the suite. */
export function honoApp(options) {
  const app = new Hono()
  app.use(sessions(options))
  app.get(STREAM_PATH, (c) => {
    const session = c.get('session')
    session.set('streamed', true)
    return c.body(streamBody(session, lateWrite), 200, { 'content-type': 'text/plain' })
  })
  for (const [path, route] of Object.entries(routes)) {
    app.get(path, (c) => {
      const out = route(c.get('session'))
      switch (out.kind) {
        case 'text':
          if (out.cookie !== undefined) c.header('set-cookie', out.cookie, { append: true })
          return c.text(out.body, out.status ?? 200)
        case 'json':
          return c.json(out.body)
        case 'redirect':
          return c.redirect(out.location, 303)
      }
    })
  }
  app.onError((_err, c) => c.text('Something went wrong', 500))
  return app
}
