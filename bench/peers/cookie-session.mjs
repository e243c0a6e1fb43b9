#!/usr/bin/env node
// A comparison point for `npm run bench`: cookie-session (the session data itself in a cookie,
// signed with Keygrip, not encrypted) serving the same three routes as bench/server.mjs with the
// same payload. This is cookie-session without express: its connect-style middleware is called
// as `(req, res, next)` on plain node:http, as bench/server.mjs mounts tessera, so the figures
// compare the session layers alone.
//   GET /login → 200 + Set-Cookie (creates {user_id: 42, name: 'alice', roles: ['admin','dev'], counter: 0})
//   GET /read  → 200 with the body `alice`, or 401 without a valid session
//   GET /write → 200 with the new counter (counter += 1); the response carries the re-signed cookie
//
// Usage: node bench/peers/cookie-session.mjs --port 3006
// Configured as the README shows: `keys` (the bench secret), `maxAge` 24 hours, plus
// `sameSite: 'lax'` (its default is none at all); httpOnly and signed are on by default. Keygrip
// signs with HMAC-SHA1 by default, and each session travels as two cookies, `session` (base64
// JSON) and `session.sig`, so a client must send both. `secure` stays at its default, off on a
// plain-HTTP connection: the bench speaks plain HTTP to 127.0.0.1, and `secure: true` there
// makes the cookies module refuse to set the cookie.
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import cookieSession from 'cookie-session'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const port = Number(values.port ?? process.env.PORT ?? 3006)
const secret = process.env.TESSERA_SECRET ?? 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'

const sessions = cookieSession({
  name: 'session',
  keys: [secret],
  maxAge: 24 * 60 * 60 * 1000,
  sameSite: 'lax',
})

function status(res, code) {
  res.statusCode = code
  res.end()
}

function route(req, res) {
  const s = req.session
  switch (req.url) {
    case '/login':
      Object.assign(s, { user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 0 })
      res.end('ok')
      return
    case '/read':
      if (s.name === undefined) return status(res, 401)
      res.end(s.name)
      return
    case '/write':
      if (s.name === undefined) return status(res, 401)
      s.counter = (s.counter ?? 0) + 1
      res.end(String(s.counter))
      return
    default:
      status(res, 404)
  }
}

const server = createServer((req, res) =>
  sessions(req, res, (err) => {
    if (err) return status(res, 500)
    route(req, res)
  }),
)
server.keepAliveTimeout = 30_000
server.listen(port, '127.0.0.1', () => {
  console.log(`bench server (cookie-session on node) on http://127.0.0.1:${port}`)
})
const stop = () => {
  server.close()
  server.closeAllConnections()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
