/**
 * The suite's routes (test/adapters/routes.ts) as one fetch handler with the built fetch adapter —
 * the same app as test/adapters/fetch.test.ts. Shared by the Bun/Deno server and the Worker.
 */
/* global Response, Headers -- Web APIs of Bun, Deno and workerd */
import { fetchSessions } from '../../../dist/adapters/fetch/index.js'
import { lateWrite, routes, STREAM_PATH } from '../../adapters/routes.ts'
import { streamBody } from './common.mjs'

/** The suite's app as a fetch handler. */
export function fetchApp(options) {
  return fetchSessions(options).wrap(async (request, { session }) => {
    const { pathname } = new URL(request.url)
    if (pathname === STREAM_PATH) {
      session.set('streamed', true)
      return new Response(streamBody(session, lateWrite), {
        headers: { 'content-type': 'text/plain' },
      })
    }
    const route = routes[pathname]
    if (route === undefined) return new Response('not found', { status: 404 })
    let out
    try {
      out = route(session)
    } catch {
      // The app's own error page, as in the Node suite: it is committed.
      return new Response('Something went wrong', { status: 500 })
    }
    switch (out.kind) {
      case 'text': {
        const headers = new Headers({ 'content-type': 'text/plain' })
        if (out.cookie !== undefined) headers.append('set-cookie', out.cookie)
        return new Response(out.body, { status: out.status ?? 200, headers })
      }
      case 'json':
        return Response.json(out.body)
      case 'redirect':
        return new Response(null, { status: 303, headers: { location: out.location } })
    }
  })
}
