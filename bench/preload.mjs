// `bench/server.mjs --preload N --cookies-file PATH`: fills a store with N sessions through the store
// API, without HTTP, and writes their cookies (`name=<id>.<tag>`, one a line) for the runner to read.
// Each record is what GET /login stores (same data, deadlines from the manager's resolved options);
// each ID is 32 random bytes, signed with the manager's own `session-id` keys (createIdSigner) and
// stored under storeKey(id), exactly as the manager does, so the server accepts every cookie.
// Used by `npm run bench -- --scale` for the 10k / 100k / 1M-session curves.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { createIdSigner } from '../dist/core/store-session.js'
import { storeKey } from '../dist/stores/store-key.js'

// Inserts go in chunks: one transaction each for SQLite, one awaited burst of pipelined commands
// for Redis, and one write of cookie lines.
const CHUNK = 10_000

/** The record GET /login would create at `now`. */
function recordAt(options, now) {
  return {
    data: { user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 0 },
    userId: null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + Math.min(options.idleTimeoutMs, options.absoluteTimeoutMs),
    absoluteExpiresAt: now + options.absoluteTimeoutMs,
    userAgent: null,
    ip: '127.0.0.1',
  }
}

/**
 * Insert `count` sessions into `store` and write their cookies to `file`. `batch(fn)`, when given,
 * runs a synchronous chunk of inserts in one transaction (SQLite).
 */
export async function preloadSessions({ manager, store, batch, count, file }) {
  const signer = createIdSigner(manager.keyRing.keys('session-id'))
  const name = manager.cookieFor({ encrypted: false, host: '127.0.0.1' }).name
  const out = createWriteStream(file)
  const started = Date.now()
  // A store sets itself up on first use (SQLite's pragmas cannot change inside a transaction).
  await store.get(storeKey('set-up'))
  for (let done = 0; done < count;) {
    const size = Math.min(CHUNK, count - done)
    const lines = []
    const pending = []
    const insert = () => {
      for (let i = 0; i < size; i++) {
        const id = randomBytes(32).toString('base64url')
        const created = store.create(storeKey(id), recordAt(manager.options, Date.now()))
        if (created instanceof Promise) pending.push(created)
        lines.push(`${name}=${signer.sign(id)}`)
      }
    }
    if (batch === undefined) insert()
    else batch(insert)
    await Promise.all(pending)
    done += size
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  console.error(`  preloaded ${count} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
