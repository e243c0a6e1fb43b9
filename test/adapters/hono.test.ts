import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { sessions } from '../../src/adapters/hono/index.js'
import { lateWrite, routes, STREAM_PATH } from './routes.js'
import { describeAdapter } from './suite.js'

describeAdapter('hono', async (options) => {
  const app = new Hono()
  app.use(sessions(options))
  app.get(STREAM_PATH, (c) => {
    const session = c.get('session')
    session.set('streamed', true)
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('first;'))
        await new Promise((resolve) => setImmediate(resolve))
        controller.enqueue(encoder.encode(lateWrite(session)))
        controller.close()
      },
    })
    return c.body(body, 200, { 'content-type': 'text/plain' })
  })
  for (const [path, route] of Object.entries(routes)) {
    app.get(path, (c) => {
      const out = route(c.get('session'))
      switch (out.kind) {
        case 'text':
          if (out.cookie !== undefined) c.header('set-cookie', out.cookie, { append: true })
          return c.text(out.body, (out.status ?? 200) as 200)
        case 'json':
          return c.json(out.body)
        case 'redirect':
          return c.redirect(out.location, 303)
      }
    })
  }
  app.onError((_err, c) => c.text('Something went wrong', 500))
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
})
