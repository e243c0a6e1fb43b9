#!/usr/bin/env node
// Framework ceilings for `npm run bench`: the three benchmark routes with constant bodies and no
// session work, on the frameworks the peers mount their session libraries on, as
// `bench/server.mjs --backend plain` is the ceiling for plain node:http.
//   GET /login → 200 `alice`, GET /read → 200 `alice`, GET /write → 200 `1`, anything else 404
//
// Usage: node bench/peers/frameworks.mjs --port 3008 --framework fastify|hono|express
//   fastify: fastify 5 (the ceiling of @fastify/secure-session and @fastify/session);
//   hono: Hono on @hono/node-server (the ceiling of @hono/session);
//   express: express 5 (the ceiling of express-session with --app express).
// Each answers the way its session peer does (fastify `reply.send`, Hono `c.text`, express
// `res.end`, as bench/peers/express-session-server.mjs does), with no plugins or middleware, so
// peer minus ceiling is the session layer's cost on that framework.
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: { port: { type: 'string' }, framework: { type: 'string', default: 'fastify' } },
})
const port = Number(values.port ?? process.env.PORT ?? 3008)
const framework = values.framework
const BODIES = { '/login': 'alice', '/read': 'alice', '/write': '1' }

async function startFastify() {
  const { default: Fastify } = await import('fastify')
  const app = Fastify({ logger: false, keepAliveTimeout: 30_000 })
  for (const [path, body] of Object.entries(BODIES))
    app.get(path, (_request, reply) => reply.send(body))
  await app.listen({ port, host: '127.0.0.1' })
  return () => {
    app.server.closeAllConnections()
    return app.close()
  }
}

async function startHono() {
  const { serve } = await import('@hono/node-server')
  const { Hono } = await import('hono')
  const app = new Hono()
  for (const [path, body] of Object.entries(BODIES)) app.get(path, (c) => c.text(body))
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s))
  })
  server.keepAliveTimeout = 30_000
  return () => {
    server.close()
    server.closeAllConnections()
  }
}

async function startExpress() {
  const { default: express } = await import('express')
  const app = express()
  app.disable('x-powered-by')
  for (const [path, body] of Object.entries(BODIES)) app.get(path, (_req, res) => res.end(body))
  const server = createServer(app)
  server.keepAliveTimeout = 30_000
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  return () => {
    server.close()
    server.closeAllConnections()
  }
}

const STARTERS = { fastify: startFastify, hono: startHono, express: startExpress }
const start = STARTERS[framework]
if (start === undefined) throw new Error(`unknown framework ${framework} (fastify, hono, express)`)
const close = await start()
console.log(`bench server (${framework}, no sessions) on http://127.0.0.1:${port}`)

const stop = () => {
  Promise.resolve(close()).finally(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
