// The HTTP part of `npm run bench`: start every chosen server once (own process, core 0), create
// its sessions once, then `rounds` rounds, each measuring every server × workload (READ, WRITE,
// NEW) with the order of servers reversed on odd rounds; stop everything at the end. Figures are
// medians over rounds; ratios are medians of same-round ratios (to plain node:http, and to the
// server's limit reference), so a slow drift of a shared machine cancels out.
// Not run on its own: bench/run.mjs imports it.
import { LIMITS, SERVERS, startServer } from './servers.mjs'
import { createSessions, dummyCookies } from './sessions.mjs'
import { WORKLOADS, measure, median, round, roundOrder } from './measure.mjs'

/** Start the servers that can start; a server that fails is reported and left out. */
async function startAll(names, { env, sessions }) {
  const running = []
  for (const name of names) {
    try {
      const server = await startServer(name, { env })
      try {
        server.cookies =
          SERVERS[name].sessions === false
            ? dummyCookies(sessions)
            : await createSessions(server.url, sessions)
      } catch (error) {
        await server.stop()
        throw error
      }
      running.push(server)
      const what = SERVERS[name].sessions === false ? 'stand-in cookies' : 'sessions'
      console.error(`  ${name}: up, ${server.cookies.length} ${what}`)
    } catch (error) {
      console.error(`  [skip] ${name}: ${error.message}`)
    }
  }
  return running
}

/** Every server × workload, `rounds` times. Returns the raw measurements. */
async function runRounds(servers, loader, settings) {
  const measurements = []
  for (let r = 0; r < settings.rounds; r++) {
    for (const server of roundOrder(servers, r)) {
      for (const workload of WORKLOADS) {
        const result = await measure(loader, {
          server,
          path: workload.path,
          cookies: workload.cookies ? server.cookies : [],
          connections: settings.connections,
          seconds: settings.duration,
          warmup: settings.warmup,
        })
        measurements.push({ round: r, server: server.name, workload: workload.name, ...result })
        console.error(
          `  round ${r + 1} ${server.name} ${workload.name}: ${Math.round(result.rps)} req/s, ` +
            `${result.cpuMicros?.toFixed(1) ?? '?'} µs/req` +
            (result.errors > 0 ? `, ${result.errors} answers not 200` : ''),
        )
      }
    }
  }
  return measurements
}

/** Median over rounds of `a / b`, where `pick(m)` gives the value compared. */
function sameRoundRatio(own, other, pick) {
  return median(
    own.map((m) => {
      const peer = other.find((o) => o.round === m.round)
      const a = pick(m)
      const b = peer === undefined ? undefined : pick(peer)
      return a === undefined || b === undefined || b === 0 ? undefined : a / b
    }),
  )
}

/** The median of `pick` over rounds, rounded to `digits`. */
const medianOf = (list, pick, digits) => round(median(list.map(pick)), digits)

/** The summary of one server × workload; `of(server)` gives that server's measurements. */
function summaryRow(name, workload, own, of) {
  const limit = LIMITS[SERVERS[name].limit]
  const rps = (m) => m.rps
  const cpu = (m) => m.cpuMicros
  return {
    server: name,
    workload,
    rps: medianOf(own, rps, 0),
    cpuMicros: medianOf(own, cpu, 1),
    p99Ms: medianOf(own, (m) => m.p99Ms, 2),
    errors: own.reduce((sum, m) => sum + m.errors, 0),
    ratioPlain: round(sameRoundRatio(own, of('plain'), rps), 3),
    limit: limit ?? null,
    ratioLimit: limit === undefined ? undefined : round(sameRoundRatio(own, of(limit), rps), 3),
    // The limit's CPU per request over this server's: the req/s ratio each would reach with a
    // core to itself, steadier than req/s when other processes share the core.
    cpuRatioLimit: limit === undefined ? undefined : round(sameRoundRatio(of(limit), own, cpu), 3),
  }
}

/** One summary row per server × workload. */
export function summarise(measurements, names) {
  const rows = []
  for (const name of names) {
    for (const { name: workload } of WORKLOADS) {
      const of = (server) =>
        measurements.filter((m) => m.server === server && m.workload === workload)
      const own = of(name)
      if (own.length > 0) rows.push(summaryRow(name, workload, own, of))
    }
  }
  return rows
}

/** The whole HTTP benchmark: { servers, measurements, summary }. */
export async function runHttp(names, loader, settings) {
  const servers = await startAll(names, settings)
  try {
    const measurements = await runRounds(servers, loader, settings)
    const started = servers.map((s) => s.name)
    return { servers: started, measurements, summary: summarise(measurements, started) }
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
}
