#!/usr/bin/env node
// A comparison point for `npm run bench`: @fastify/session (server-side sessions, HMAC-signed
// session ID cookie) on fastify 5 with @fastify/cookie, serving the same three routes as
// bench/server.mjs with the same payload.
//   GET /login → 200 + Set-Cookie (creates {user_id: 42, name: 'alice', roles: ['admin','dev'], counter: 0})
//   GET /read  → 200 with the body `alice`, or 401 without a valid session
//   GET /write → 200 with the new counter (counter += 1), saved to the store under the same ID
//
// Usage: node bench/peers/fastify-session.mjs --port 3004
// The store is @fastify/session's own in-memory store (its README warns it is not for production
// because it never evicts; it is the counterpart of express-session's MemoryStore in
// bench/peers/express-session-server.mjs). Options follow the README and match the
// express-session peer: `saveUninitialized: false` (the README's storage / EU cookie law advice),
// `rolling: false` (the default `true` re-saves the record and re-sets the cookie on every
// request, like express-session's `rolling`, which that peer leaves off), cookie httpOnly,
// sameSite lax, path /. `secure: false` because the bench speaks plain HTTP to 127.0.0.1: the
// README notes that with the default `secure: true` the plugin never sets the cookie over HTTP.
import { parseArgs } from 'node:util'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import Fastify from 'fastify'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const port = Number(values.port ?? process.env.PORT ?? 3004)
const secret = process.env.TESSERA_SECRET ?? 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'

const app = Fastify({ logger: false, keepAliveTimeout: 30_000 })
await app.register(fastifyCookie)
await app.register(fastifySession, {
  secret,
  saveUninitialized: false,
  rolling: false,
  cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false },
})

app.get('/login', (request, reply) => {
  const session = request.session
  session.set('user_id', 42)
  session.set('name', 'alice')
  session.set('roles', ['admin', 'dev'])
  session.set('counter', 0)
  return reply.send('ok')
})

app.get('/read', (request, reply) => {
  const name = request.session.get('name')
  if (name === undefined) return reply.code(401).send()
  return reply.send(name)
})

app.get('/write', (request, reply) => {
  const session = request.session
  if (session.get('name') === undefined) return reply.code(401).send()
  const counter = (session.get('counter') ?? 0) + 1
  session.set('counter', counter)
  return reply.send(String(counter))
})

await app.listen({ port, host: '127.0.0.1' })
console.log(`bench server (@fastify/session memory on fastify) on http://127.0.0.1:${port}`)

const stop = () => {
  app.server.closeAllConnections()
  app.close().finally(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
