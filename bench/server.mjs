#!/usr/bin/env node
// Serves the three benchmark routes on 127.0.0.1 so any harness can drive them:
//   GET /login → 200 + Set-Cookie (creates {user_id: 42, name: 'alice', roles: ['admin','dev'], counter: 0})
//   GET /read  → 200 with the body `alice`, or 401 without a valid session
//   GET /write → 200 with the new counter (counter += 1)
// Usage: npm run bench:server -- --port 3001 --backend cookie|memory|sqlite|redis|postgres|plain
//   (PORT from the environment when --port is absent; REDIS_URL / DATABASE_URL for those stores,
//   which write under the prefix `tessera-bench:` and to the table `tessera_bench_sessions`).
//   --redis-client ioredis|node-redis picks the Redis client (default ioredis).
//   --max-sessions N caps the memory store (default 100 000; the runner raises it so that its NEW
//   load never evicts the sessions it reads).
//   --preload N --cookies-file PATH (store backends): before listening, insert N sessions straight
//   through the store API (records as /login makes them, IDs signed with the manager's own key
//   ring) and write their cookies to PATH, one `name=value` a line: a million sessions in seconds
//   instead of a million logins over HTTP.
// Stores are set up as docs/stores.md recommends (Redis client without an offline queue, a pg Pool
// with a connection timeout). Profile with `node --cpu-prof bench/server.mjs --backend …`.
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSessionManager } from 'tessera-session'
import { withSessions } from 'tessera-session/adapters/node'
import { preloadSessions } from './preload.mjs'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    backend: { type: 'string', default: 'cookie' },
    'redis-client': { type: 'string', default: 'ioredis' },
    'max-sessions': { type: 'string', default: '100000' },
    preload: { type: 'string', default: '0' },
    'cookies-file': { type: 'string' },
  },
})
const port = Number(values.port ?? process.env.PORT ?? 3001)
const backend = values.backend
const secret = process.env.TESSERA_SECRET ?? 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'

async function makeStore() {
  switch (backend) {
    case 'cookie':
      return { store: undefined, close: async () => {} }
    case 'memory': {
      const { memoryStore } = await import('tessera-session/stores/memory')
      const maxSessions = Number(values['max-sessions'])
      return { store: memoryStore({ maxSessions }), close: async () => {} }
    }
    case 'sqlite': {
      const { default: Database } = await import('better-sqlite3')
      const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'))
      const db = new Database(join(dir, 'sessions.db'))
      const { sqliteStore } = await import('tessera-session/stores/sqlite')
      return {
        store: sqliteStore(db),
        batch: (insert) => db.transaction(insert)(),
        close: async () => {
          db.close()
          rmSync(dir, { recursive: true, force: true })
        },
      }
    }
    case 'redis': {
      const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
      const { redisStore } = await import('tessera-session/stores/redis')
      const options = { prefix: 'tessera-bench:' }
      if (values['redis-client'] === 'node-redis') {
        const { createClient } = await import('redis')
        const client = createClient({ url, disableOfflineQueue: true })
        client.on('error', (err) => console.error('redis:', err.message))
        await client.connect()
        return {
          store: redisStore(client, options),
          close: async () => void (await client.close()),
        }
      }
      const { Redis } = await import('ioredis')
      const client = new Redis(url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: true,
      })
      client.on('error', (err) => console.error('redis:', err.message))
      await client.connect()
      return { store: redisStore(client, options), close: async () => void (await client.quit()) }
    }
    case 'postgres': {
      const { default: pg } = await import('pg')
      const pool = new pg.Pool({
        connectionString: process.env.DATABASE_URL,
        max: 10,
        connectionTimeoutMillis: 1000,
      })
      const { postgresStore } = await import('tessera-session/stores/postgres')
      const store = postgresStore(pool, { tableName: 'tessera_bench_sessions', autoMigrate: false })
      await store.migrate()
      return { store, close: async () => void (await pool.end()) }
    }
    default:
      throw new Error(`unknown backend ${backend}`)
  }
}

function plainHandler(req, res) {
  // The ceiling: the same routes without any session work.
  if (req.url === '/login' || req.url === '/read') res.end('alice')
  else if (req.url === '/write') res.end('1')
  else {
    res.statusCode = 404
    res.end()
  }
}

function sessionHandler(req, res) {
  const session = req.session
  switch (req.url) {
    case '/login':
      // One set() per key, as an app (and the peers' servers) write it.
      session.set('user_id', 42)
      session.set('name', 'alice')
      session.set('roles', ['admin', 'dev'])
      session.set('counter', 0)
      res.end('ok')
      return
    case '/read': {
      const name = session.get('name')
      if (name === undefined) {
        res.statusCode = 401
        res.end()
        return
      }
      res.end(name)
      return
    }
    case '/write': {
      if (!session.has('name')) {
        res.statusCode = 401
        res.end()
        return
      }
      const counter = (session.get('counter') ?? 0) + 1
      session.set('counter', counter)
      res.end(String(counter))
      return
    }
    default:
      res.statusCode = 404
      res.end()
  }
}

let closeStore = async () => {}
let handler
if (backend === 'plain') {
  handler = plainHandler
} else {
  const { store, close, batch } = await makeStore()
  closeStore = close
  const manager = createSessionManager({ secret, ...(store === undefined ? {} : { store }) })
  const preload = Number(values.preload)
  if (preload > 0) {
    if (store === undefined) throw new Error('--preload needs a store backend')
    if (values['cookies-file'] === undefined) throw new Error('--preload needs --cookies-file')
    await preloadSessions({ manager, store, batch, count: preload, file: values['cookies-file'] })
  }
  handler = withSessions(manager, sessionHandler)
}

const server = createServer(handler)
server.keepAliveTimeout = 30_000
server.listen(port, '127.0.0.1', () => {
  console.log(`bench server (${backend}) on http://127.0.0.1:${port}`)
})
const stop = () => {
  server.close()
  server.closeAllConnections()
  closeStore().finally(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
