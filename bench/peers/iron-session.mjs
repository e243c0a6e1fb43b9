#!/usr/bin/env node
// A comparison point for `npm run bench`: iron-session 8 (stateless, @hapi/iron seals through
// iron-webcrypto) on plain node:http with getIronSession(req, res, options), as bench/server.mjs
// mounts tessera, serving the same three routes with the same payload.
//   GET /login → 200 + Set-Cookie (creates {user_id: 42, name: 'alice', roles: ['admin','dev'], counter: 0})
//   GET /read  → 200 with the body `alice`, or 401 without a valid session
//   GET /write → 200 with the new counter (counter += 1); the response carries the re-sealed cookie
//
// Usage: node bench/peers/iron-session.mjs --port 3005
// Configured as the README says: the two required options (`password`, at least 32 characters,
// and `cookieName`), everything else left to its defaults (ttl 14 days, cookie httpOnly, sameSite
// lax, path /, maxAge ttl − 60 s) except `secure: false`, which the README asks for on plain HTTP
// and the bench needs on http://127.0.0.1.
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import { getIronSession } from 'iron-session'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const port = Number(values.port ?? process.env.PORT ?? 3005)
const secret = process.env.TESSERA_SECRET ?? 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'

const sessionOptions = {
  password: secret,
  cookieName: 'session',
  cookieOptions: { secure: false },
}

/**
 * The request's session, or undefined when its cookie is malformed: iron-session answers `{}` for
 * a bad MAC, an expired seal or a wrong component count, but rethrows other unseal errors
 * ("Wrong mac prefix", "Invalid expiration", …), which the app must treat as no session.
 */
async function loadSession(req, res) {
  try {
    return await getIronSession(req, res, sessionOptions)
  } catch {
    return undefined
  }
}

function status(res, code) {
  res.statusCode = code
  res.end()
}

async function route(req, res) {
  switch (req.url) {
    case '/login': {
      // Login starts afresh: a malformed cookie is ignored rather than failing the login.
      const session =
        (await loadSession(req, res)) ??
        (await getIronSession({ headers: {} }, res, sessionOptions))
      Object.assign(session, { user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 0 })
      await session.save()
      res.end('ok')
      return
    }
    case '/read': {
      const session = await loadSession(req, res)
      if (session?.name === undefined) return status(res, 401)
      res.end(session.name)
      return
    }
    case '/write': {
      const session = await loadSession(req, res)
      if (session?.name === undefined) return status(res, 401)
      session.counter = (session.counter ?? 0) + 1
      await session.save()
      res.end(String(session.counter))
      return
    }
    default:
      status(res, 404)
  }
}

const server = createServer((req, res) => {
  route(req, res).catch(() => {
    if (!res.headersSent) status(res, 500)
    else res.destroy()
  })
})
server.keepAliveTimeout = 30_000
server.listen(port, '127.0.0.1', () => {
  console.log(`bench server (iron-session on node) on http://127.0.0.1:${port}`)
})
const stop = () => {
  server.close()
  server.closeAllConnections()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
