// One measurement for `npm run bench`: a warm-up, then `duration` seconds of GET `path` from the
// chosen load generator (wrk by default, bench/wrk.mjs; `fast` is bench/load.mjs; `autocannon`),
// with the server's CPU time per request read from /proc. Also the rounds loop (every unit once
// per round, the order reversed on odd rounds) and medians over rounds.
// Not run on its own: bench/run.mjs, scale.mjs and memory.mjs import it.
import { runAutocannon, runLoad } from './load.mjs'
import { runWrk, wrkBinary } from './wrk.mjs'

export const WORKLOADS = [
  { name: 'READ', path: '/read', cookies: true },
  { name: 'WRITE', path: '/write', cookies: true },
  { name: 'NEW', path: '/login', cookies: false },
]

const LOADERS = { wrk: runWrk, fast: runLoad, autocannon: runAutocannon }

/** The loader function for `name`; exits with a hint when wrk is asked for and missing. */
export function pickLoader(name) {
  const loader = LOADERS[name]
  if (loader === undefined) throw new Error(`unknown loader ${name} (wrk, fast, autocannon)`)
  if (name === 'wrk' && wrkBinary() === undefined) {
    console.error('wrk is not installed: apt-get install wrk')
    process.exit(1)
  }
  return loader
}

/**
 * Warm up for `warmup` seconds, then measure `seconds`. Returns { rps, cpuMicros, p99Ms, requests,
 * errors }, where `errors` counts every answer that was not a 200 (and socket errors).
 */
export async function measure(loader, { server, path, cookies, connections, seconds, warmup }) {
  const base = { url: server.url, path, cookies, connections }
  if (warmup > 0) await loader({ ...base, seconds: warmup })
  const result = await loader({ ...base, seconds, pid: server.pid })
  let errors = 0
  for (const [status, count] of result.statuses) if (status !== '200') errors += count
  return {
    rps: result.rps,
    cpuMicros: result.cpuMicros,
    p99Ms: result.p99Ms,
    requests: result.requests,
    errors,
  }
}

/** `units` in round order: as given on even rounds, reversed on odd ones. */
export function roundOrder(units, round) {
  return round % 2 === 0 ? units : [...units].reverse()
}

export function median(values) {
  const list = values.filter((v) => typeof v === 'number' && Number.isFinite(v))
  if (list.length === 0) return undefined
  list.sort((a, b) => a - b)
  const mid = list.length >> 1
  return list.length % 2 === 1 ? list[mid] : (list[mid - 1] + list[mid]) / 2
}

/** Rounded to `digits` decimals; undefined stays undefined. */
export function round(value, digits = 0) {
  if (value === undefined) return undefined
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}
