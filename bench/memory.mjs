// `npm run bench -- --memory`: heap per idle memory-store session and per sealed-cookie request
// (bench/heap.mjs in a child process with --expose-gc), then a soak: each workload driven for
// `--soak-seconds` (300 by default) against each `--soak-servers` server (cookie and memory by
// default; the memory store capped at 100 000 sessions), the server's RSS sampled every 10 s,
// reported as first / last / max.
// Not run on its own: bench/run.mjs imports it.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startServer } from './servers.mjs'
import { createSessions } from './sessions.mjs'
import { WORKLOADS, measure, round } from './measure.mjs'

const HEAP = fileURLToPath(new URL('./heap.mjs', import.meta.url))
const SAMPLE_MS = 10_000
const SOAK_MAX_SESSIONS = 100_000

function heapFigures(sessions, requests) {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-semi-space-size=64',
      HEAP,
      '--sessions',
      String(sessions),
      '--requests',
      String(requests),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  if (child.status !== 0) throw new Error(`bench/heap.mjs exited with ${child.status}`)
  return JSON.parse(child.stdout)
}

/** RSS of `server` every SAMPLE_MS while `work` runs, and once at its end. */
async function sampled(server, work) {
  const samples = [await server.rssBytes()]
  const timer = setInterval(() => {
    void server.rssBytes().then((rss) => samples.push(rss))
  }, SAMPLE_MS)
  try {
    const result = await work()
    samples.push(await server.rssBytes())
    return { result, samples: samples.filter((s) => s !== undefined) }
  } finally {
    clearInterval(timer)
  }
}

const mib = (bytes) => round(bytes / 1048576, 1)

async function soak(names, seconds, loader, settings) {
  const rows = []
  for (const name of names) {
    // The memory store at its default-like cap: NEW then reaches the steady state of a full
    // store (one eviction per login) instead of growing for the whole soak.
    const extraArgs = name === 'memory' ? ['--max-sessions', String(SOAK_MAX_SESSIONS)] : []
    const server = await startServer(name, { env: settings.env, extraArgs })
    try {
      const cookies = await createSessions(server.url, settings.sessions)
      for (const workload of WORKLOADS) {
        const { result, samples } = await sampled(server, () =>
          measure(loader, {
            server,
            path: workload.path,
            cookies: workload.cookies ? cookies : [],
            connections: settings.connections,
            seconds,
            warmup: 0,
          }),
        )
        rows.push({
          server: name,
          workload: workload.name,
          seconds,
          rps: round(result.rps),
          errors: result.errors,
          rssFirstMiB: mib(samples[0]),
          rssLastMiB: mib(samples.at(-1)),
          rssMaxMiB: mib(Math.max(...samples)),
          rssSamplesMiB: samples.map(mib),
        })
        const row = rows.at(-1)
        console.error(
          `  soak ${name} ${workload.name}: RSS ${row.rssFirstMiB} → ${row.rssLastMiB} MiB (max ${row.rssMaxMiB})`,
        )
      }
    } finally {
      await server.stop()
    }
  }
  return rows
}

/** The `--memory` section of latest.json. */
export async function runMemory(options, loader, settings) {
  const heap = heapFigures(options.heapSessions, options.heapRequests)
  console.error(`  heap: ${heap.memoryStoreSessionBytes} B per idle memory-store session`)
  return {
    date: new Date().toISOString(),
    heap,
    soak: await soak(options.servers, options.soakSeconds, loader, settings),
  }
}
