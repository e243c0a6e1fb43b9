// `npm run bench -- --drivers`: the drivers' own CPU per round trip (bench/driver-probe.mjs, run
// on the servers' core), and, when the HTTP figures are there, issue #12's subtraction: each
// store's server CPU per READ minus the memory store's, beside the driver's cost for one call.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { pinned } from './services.mjs'

const PROBE = fileURLToPath(new URL('./driver-probe.mjs', import.meta.url))

/** Run the probe with the services' URLs; resolves to { sqlite, redis?, postgres? }. */
export function runDrivers(env, calls = 50_000) {
  const [command, args] = pinned('0', process.execPath, [PROBE, '--calls', String(calls)])
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`driver probe exited with ${code}`)),
    )
  })
}

/** Rows of the subtraction: store READ CPU − memory READ CPU, against the driver's own cost. */
export function subtraction(summary, drivers) {
  const read = (server) =>
    summary?.find((s) => s.server === server && s.workload === 'READ')?.cpuMicros
  const memory = read('memory')
  return ['sqlite', 'redis', 'postgres']
    .filter((store) => drivers[store] !== undefined)
    .map((store) => {
      const cpu = read(store)
      const extra = cpu === undefined || memory === undefined ? undefined : cpu - memory
      const driver = drivers[store].cpuMicros
      return {
        store,
        readCpuMicros: cpu,
        memoryReadCpuMicros: memory,
        extraMicros: extra,
        driverMicros: driver,
        withinDriverCost: extra === undefined ? undefined : extra <= driver,
      }
    })
}
