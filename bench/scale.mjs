// `npm run bench -- --scale`: how throughput, p99 and server CPU move (1) with the number of
// connections (10, 50, 200, 1000 by default; --scale-connections) for the sealed cookie and the
// memory store (--scale-servers), all three workloads; and (2) with the number of sessions held
// (10k, 100k, 1M by default; --scale-sizes) in the memory, SQLite and Redis stores
// (--scale-stores), READ over a random sample of `--sessions` of them. Stores are filled by
// `bench/server.mjs --preload N` through the store API; each size gets a fresh server (and a fresh
// Redis). Not run on its own: bench/run.mjs imports it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from './servers.mjs'
import { createSessions, sampleCookieFile } from './sessions.mjs'
import { startRedis } from './services.mjs'
import { WORKLOADS, measure, median, round, roundOrder } from './measure.mjs'

const summary = (list) => ({
  rps: round(median(list.map((m) => m.rps))),
  cpuMicros: round(median(list.map((m) => m.cpuMicros)), 1),
  p99Ms: round(median(list.map((m) => m.p99Ms)), 2),
  errors: list.reduce((sum, m) => sum + m.errors, 0),
})

/** Throughput and p99 per server × workload × connection count. */
async function connectionCurve(names, connectionCounts, loader, settings) {
  const servers = []
  try {
    for (const name of names) {
      const server = await startServer(name, { env: settings.env })
      servers.push(server)
      server.cookies = await createSessions(server.url, settings.sessions)
    }
    const units = servers.flatMap((server) =>
      connectionCounts.map((connections) => ({ server, connections })),
    )
    const measurements = []
    for (let r = 0; r < settings.rounds; r++) {
      for (const { server, connections } of roundOrder(units, r)) {
        for (const workload of WORKLOADS) {
          const result = await measure(loader, {
            server,
            path: workload.path,
            cookies: workload.cookies ? server.cookies : [],
            connections,
            seconds: settings.duration,
            warmup: settings.warmup,
          })
          measurements.push({
            server: server.name,
            workload: workload.name,
            connections,
            ...result,
          })
          console.error(
            `  scale ${server.name} ${workload.name} c=${connections}: ${Math.round(result.rps)} req/s, ` +
              `p99 ${result.p99Ms ?? '?'} ms`,
          )
        }
      }
    }
    return units.flatMap(({ server, connections }) =>
      WORKLOADS.map(({ name: workload }) => ({
        server: server.name,
        workload,
        connections,
        ...summary(
          measurements.filter(
            (m) =>
              m.server === server.name && m.workload === workload && m.connections === connections,
          ),
        ),
      })),
    )
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
}

/** A server for `store` holding `size` preloaded sessions, and the cookies to read them with. */
async function preloaded(store, size, settings, dir) {
  const file = join(dir, `${store}-${size}.txt`)
  const redis =
    store === 'redis' && !process.env.REDIS_URL ? await startRedis({ cpus: '1' }) : undefined
  const env = redis === undefined ? settings.env : { ...settings.env, REDIS_URL: redis.url }
  try {
    const server = await startServer(store, {
      env,
      extraArgs: ['--preload', String(size), '--cookies-file', file],
      nodeOptions: ['--max-old-space-size=8192'],
    })
    const cookies = sampleCookieFile(file, settings.sessions)
    return { server, cookies, stop: async () => (await server.stop(), await redis?.stop()) }
  } catch (error) {
    await redis?.stop()
    throw error
  }
}

/** READ throughput, p99 and CPU per store × number of sessions held. */
async function sizeCurve(stores, sizes, loader, settings) {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-scale-'))
  const rows = []
  try {
    for (const store of stores) {
      for (const size of sizes) {
        let started
        try {
          started = await preloaded(store, size, settings, dir)
        } catch (error) {
          console.error(`  [skip] ${store} with ${size} sessions: ${error.message}`)
          rows.push({ store, sessions: size, workload: 'READ', error: error.message })
          continue
        }
        const { server, cookies, stop } = started
        try {
          const list = []
          for (let r = 0; r < settings.rounds; r++) {
            list.push(
              await measure(loader, {
                server,
                path: '/read',
                cookies,
                connections: settings.connections,
                seconds: settings.duration,
                warmup: settings.warmup,
              }),
            )
          }
          const rssBytes = await server.rssBytes()
          rows.push({ store, sessions: size, workload: 'READ', ...summary(list), rssBytes })
          console.error(`  scale ${store} ${size} sessions READ: ${rows.at(-1).rps} req/s`)
        } finally {
          await stop()
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

/** The `--scale` section of latest.json. */
export async function runScale(options, loader, settings) {
  return {
    date: new Date().toISOString(),
    connections: await connectionCurve(options.servers, options.connections, loader, settings),
    sessions: await sizeCurve(options.stores, options.sizes, loader, settings),
  }
}
