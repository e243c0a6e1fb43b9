#!/usr/bin/env node
// The comparison point for `npm run bench`: express-session serving the same three routes as
// bench/server.mjs, with the same payload, so the two are measured by the same load generator.
//   GET /login → 200 + Set-Cookie (creates {user_id: 42, name: 'alice', roles: ['admin','dev'], counter: 0})
//   GET /read  → 200 with the body `alice`, or 401 without a valid session
//   GET /write → 200 with the new counter (counter += 1)
//
// Usage: node bench/peers/express-session-server.mjs --port 3002 --store memory|redis|pg [--app node|express]
//   --store memory: express-session's own MemoryStore; --store redis: connect-redis 9 on a node-redis
//   v5 client (REDIS_URL). --app node (default) mounts express-session on plain node:http, as
//   bench/server.mjs mounts tessera, so the figures compare the session layers alone; --app express
//   serves the routes with express 5, the way most apps run express-session.
// express-session runs as its README recommends: resave false, saveUninitialized false.
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import session from 'express-session'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    store: { type: 'string', default: 'memory' },
    app: { type: 'string', default: 'node' },
  },
})
const port = Number(values.port ?? process.env.PORT ?? 3002)
const secret = process.env.TESSERA_SECRET ?? 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'

async function makeStore() {
  switch (values.store) {
    case 'memory':
      return { store: new session.MemoryStore(), close: async () => {} }
    case 'redis': {
      const { createClient } = await import('redis')
      const { RedisStore } = await import('connect-redis')
      const client = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' })
      client.on('error', (err) => console.error('redis:', err.message))
      await client.connect()
      return {
        store: new RedisStore({ client, prefix: 'bench-peer:' }),
        close: async () => void (await client.close()),
      }
    }
    case 'pg': {
      const { default: pg } = await import('pg')
      const { default: connectPgSimple } = await import('connect-pg-simple')
      const PgStore = connectPgSimple(session)
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
      return {
        store: new PgStore({ pool, tableName: 'bench_peer_sessions', createTableIfMissing: true }),
        close: async () => void (await pool.end()),
      }
    }
    default:
      throw new Error(`unknown store ${values.store}`)
  }
}

const { store, close } = await makeStore()
const sessions = session({
  secret,
  store,
  resave: false,
  saveUninitialized: false,
  cookie: { httpOnly: true, sameSite: 'lax' },
})

function route(path, req, res) {
  const s = req.session
  switch (path) {
    case '/login':
      Object.assign(s, { user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 0 })
      res.end('ok')
      return
    case '/read':
      if (s.name === undefined) {
        res.statusCode = 401
        res.end()
        return
      }
      res.end(s.name)
      return
    case '/write':
      if (s.name === undefined) {
        res.statusCode = 401
        res.end()
        return
      }
      s.counter = (s.counter ?? 0) + 1
      res.end(String(s.counter))
      return
    default:
      res.statusCode = 404
      res.end()
  }
}

let handler
if (values.app === 'express') {
  const { default: express } = await import('express')
  const app = express()
  app.disable('x-powered-by')
  app.use(sessions)
  app.get(['/login', '/read', '/write'], (req, res) => route(req.path, req, res))
  handler = app
} else {
  handler = (req, res) =>
    sessions(req, res, (err) => {
      if (err) {
        res.statusCode = 500
        res.end()
        return
      }
      route(req.url, req, res)
    })
}

const server = createServer(handler)
server.keepAliveTimeout = 30_000
server.listen(port, '127.0.0.1', () => {
  console.log(
    `bench server (express-session ${values.store} on ${values.app}) on http://127.0.0.1:${port}`,
  )
})
const stop = () => {
  server.close()
  server.closeAllConnections()
  close().finally(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
