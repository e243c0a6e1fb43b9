#!/usr/bin/env node
// A comparison point for `npm run bench`: @hono/session (stateless, the session data in a JWE,
// dir + A256GCM through jose) on Hono, served by @hono/node-server, answering the same three
// routes as bench/server.mjs with the same payload.
//   GET /login → 200 + Set-Cookie (creates {user_id: 42, name: 'alice', roles: ['admin','dev'], counter: 0})
//   GET /read  → 200 with the body `alice`, or 401 without a valid session
//   GET /write → 200 with the new counter (counter += 1); the response carries the re-encrypted cookie
//
// Usage: node bench/peers/hono-session.mjs --port 3007
// Configured as the README recommends: `secret` given explicitly (the bench secret; the library
// derives the AES key from it with HKDF-SHA-256 once) and a `duration` with `absolute`, which the
// README asks for because cookies never expire otherwise. The values are tessera's defaults
// (12 hours absolute, 30 minutes inactivity). The cookie is `sid`, httpOnly, sameSite lax, path /,
// fixed by the library; it sets no Secure attribute, so plain HTTP on 127.0.0.1 needs no change.
// /write uses `update(fn)`, one decrypt per request, rather than `get()` then `update()`, which
// decrypts the cookie twice.
import { parseArgs } from 'node:util'
import { serve } from '@hono/node-server'
import { useSession } from '@hono/session'
import { Hono } from 'hono'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const port = Number(values.port ?? process.env.PORT ?? 3007)
const secret = process.env.TESSERA_SECRET ?? 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'

const app = new Hono()
app.use(useSession({ secret, duration: { absolute: 43_200, inactivity: 1800 } }))

app.get('/login', async (c) => {
  await c.var.session.update({ user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 0 })
  return c.text('ok')
})

app.get('/read', async (c) => {
  const data = await c.var.session.get()
  if (typeof data?.name !== 'string') {
    // get() starts an empty session when there is none; clear it rather than issue it.
    c.var.session.delete()
    return c.body(null, 401)
  }
  return c.text(data.name)
})

app.get('/write', async (c) => {
  let counter
  await c.var.session.update((prev) => {
    if (typeof prev?.name !== 'string') return null
    counter = (prev.counter ?? 0) + 1
    return { ...prev, counter }
  })
  if (counter === undefined) {
    // No valid session: drop the empty one update() started instead of issuing it.
    c.var.session.delete()
    return c.body(null, 401)
  }
  return c.text(String(counter))
})

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
  console.log(`bench server (@hono/session on hono) on http://127.0.0.1:${port}`)
})
server.keepAliveTimeout = 30_000
const stop = () => {
  server.close()
  server.closeAllConnections()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
