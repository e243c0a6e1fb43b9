#!/usr/bin/env node
// Heap measurements for `npm run bench -- --memory`, in one process (run by bench/memory.mjs as
// `node --expose-gc --max-semi-space-size=64 bench/heap.mjs --sessions N --requests K`; prints JSON):
// - bytes of heap per idle memory-store session: heapUsed after a full GC, before and after N
//   sessions created through the manager (the same calls the adapters make) into memoryStore;
// - bytes allocated per sealed-cookie request (READ, WRITE, NEW through the manager): heapUsed
//   growth over K requests run between two GCs, in a young generation large enough that no
//   collection runs in between (checked with a `gc` performance observer; K is halved otherwise).
import { PerformanceObserver, performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createSessionManager } from 'tessera-session'
import { memoryStore } from 'tessera-session/stores/memory'
import { cookieHeader } from './sessions.mjs'

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '2000' },
  },
})
const secret = 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'
const REQUEST = { cookieHeader: undefined, encrypted: false, host: '127.0.0.1', ip: '127.0.0.1' }
const gc = globalThis.gc
if (typeof gc !== 'function') throw new Error('run with node --expose-gc')

const collections = []
new PerformanceObserver((list) => collections.push(...list.getEntries())).observe({
  entryTypes: ['gc'],
})

function heapAfterGc() {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** Log in: a handle, the payload set, committed. Returns the Cookie header to send back. */
function login(manager) {
  const handle = manager.begin(REQUEST)
  handle.load()
  handle.session.set('user_id', 42)
  handle.session.set('name', 'alice')
  handle.session.set('roles', ['admin', 'dev'])
  handle.session.set('counter', 0)
  return cookieHeader(handle.commit().cookies)
}

function idleStoreSessionBytes(count) {
  const store = memoryStore({ maxSessions: count + 1, warnInProduction: false })
  const manager = createSessionManager({ secret, store })
  login(manager) // first-call allocations (lazy modules, caches) are not a session's
  const before = heapAfterGc()
  for (let i = 0; i < count; i++) login(manager)
  const after = heapAfterGc()
  if (store.size !== count + 1)
    throw new Error(`memory store holds ${store.size}, not ${count + 1}`)
  return (after - before) / count
}

const REQUESTS = {
  READ: (manager, cookie) => {
    const handle = manager.begin({ ...REQUEST, cookieHeader: cookie })
    if (handle.session.get('name') !== 'alice') throw new Error('READ: no session')
    handle.commit()
  },
  WRITE: (manager, cookie) => {
    const handle = manager.begin({ ...REQUEST, cookieHeader: cookie })
    handle.session.set('counter', (handle.session.get('counter') ?? 0) + 1)
    if (handle.commit().cookies.length !== 1) throw new Error('WRITE: no cookie')
  },
  NEW: (manager) => login(manager),
}

/** Bytes allocated per request of `kind`, over `count` requests with no GC in between. */
async function allocatedPerRequest(manager, cookies, kind, count) {
  for (let i = 0; i < 1000; i++) REQUESTS[kind](manager, cookies[i % cookies.length]) // warm up
  for (let n = count; n >= 50; n = Math.floor(n / 2)) {
    const before = heapAfterGc()
    const start = performance.now()
    for (let i = 0; i < n; i++) REQUESTS[kind](manager, cookies[i % cookies.length])
    const grown = process.memoryUsage().heapUsed - before
    await new Promise((resolve) => setImmediate(resolve)) // let the observer see collections
    if (!collections.some((entry) => entry.startTime >= start))
      return { bytes: grown / n, requests: n }
  }
  throw new Error(`${kind}: a collection ran during every window`)
}

const sessions = Number(values.sessions)
const requests = Number(values.requests)
const idle = idleStoreSessionBytes(sessions)
const cookieManager = createSessionManager({ secret })
const cookies = Array.from({ length: 1000 }, () => login(cookieManager))
const perRequest = {}
for (const kind of Object.keys(REQUESTS)) {
  perRequest[kind] = await allocatedPerRequest(cookieManager, cookies, kind, requests)
}
console.log(
  JSON.stringify({
    memoryStoreSessionBytes: Math.round(idle),
    memoryStoreSessions: sessions,
    sealedCookieRequestBytes: Object.fromEntries(
      Object.entries(perRequest).map(([kind, r]) => [
        kind,
        { bytes: Math.round(r.bytes), requests: r.requests },
      ]),
    ),
  }),
)
