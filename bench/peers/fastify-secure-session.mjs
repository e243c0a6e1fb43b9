#!/usr/bin/env node
// A comparison point for `npm run bench`: @fastify/secure-session (stateless, libsodium
// crypto_secretbox sealed cookie) on fastify 5 with @fastify/cookie, serving the same three routes
// as bench/server.mjs with the same payload.
//   GET /login → 200 + Set-Cookie (creates {user_id: 42, name: 'alice', roles: ['admin','dev'], counter: 0})
//   GET /read  → 200 with the body `alice`, or 401 without a valid session
//   GET /write → 200 with the new counter (counter += 1); the response carries the re-sealed cookie
//
// Usage: node bench/peers/fastify-secure-session.mjs --port 3003
// Configured as the README recommends: a pregenerated 32-byte `key` (here derived from the bench
// secret with HKDF-SHA-256 at startup, since the README's `secret` + `salt` path runs Argon2id with
// 256 MiB at startup), the default `expiry` of one day, and the cookie hardened per its "Cookie
// security options": httpOnly, sameSite lax, path /. `secure: false` because the bench speaks
// plain HTTP to 127.0.0.1 (production would use `secure: true`); that changes no per-request work.
import { hkdfSync } from 'node:crypto'
import { parseArgs } from 'node:util'
import fastifyCookie from '@fastify/cookie'
import fastifySecureSession from '@fastify/secure-session'
import Fastify from 'fastify'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const port = Number(values.port ?? process.env.PORT ?? 3003)
const secret = process.env.TESSERA_SECRET ?? 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'
const key = Buffer.from(hkdfSync('sha256', secret, '', 'bench fastify-secure-session key', 32))

const app = Fastify({ logger: false, keepAliveTimeout: 30_000 })
await app.register(fastifyCookie)
await app.register(fastifySecureSession, {
  key,
  cookieName: 'session',
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
console.log(`bench server (@fastify/secure-session on fastify) on http://127.0.0.1:${port}`)

const stop = () => {
  app.server.closeAllConnections()
  app.close().finally(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
