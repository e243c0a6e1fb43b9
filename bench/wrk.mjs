// The default load generator of `npm run bench`: wrk (C, one thread, pinned to core 1 when taskset
// exists), so the client is never what is measured. Each request carries the next cookie from the
// list, prepared once in wrk's Lua `init` so a request costs wrk a table lookup, not a format.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cpuMillis } from './load.mjs'
import { hasTaskset } from './services.mjs'

const SCRIPT = `
local requests = {}
local count = 0
local at = 0
init = function(args)
  local path = args[1]
  if args[2] ~= nil then
    for line in io.lines(args[2]) do
      count = count + 1
      requests[count] = wrk.format("GET", path, { ["Cookie"] = line })
    end
  end
  if count == 0 then
    count = 1
    requests[1] = wrk.format("GET", path)
  end
end
request = function()
  at = at % count + 1
  return requests[at]
end
`

let found
/** The wrk binary, or undefined (with the reason printed once) when it is not installed. */
export function wrkBinary() {
  if (found === undefined) {
    const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' })
    found = probe.error === undefined ? 'wrk' : null
  }
  return found ?? undefined
}

/**
 * GET `path` for `seconds` over `connections` keep-alive connections with wrk, cycling through
 * `cookies`. Returns { rps, requests, statuses, cpuMicros } like the other loaders; `statuses`
 * counts 200 and everything else together as `non-2xx` (wrk reports no more).
 */
export async function runWrk({ url, path, cookies = [], connections = 50, seconds = 5, pid }) {
  const binary = wrkBinary()
  if (binary === undefined) throw new Error('wrk is not installed: apt-get install wrk')
  const dir = mkdtempSync(join(tmpdir(), 'tessera-wrk-'))
  try {
    const script = join(dir, 'cookies.lua')
    writeFileSync(script, SCRIPT)
    const args = [
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      script,
      url,
      '--',
      path,
    ]
    if (cookies.length > 0) {
      const list = join(dir, 'cookies.txt')
      writeFileSync(list, cookies.join('\n') + '\n')
      args.push(list)
    }
    const [command, argv] = hasTaskset()
      ? ['taskset', ['-c', '1', binary, ...args]]
      : [binary, args]
    const cpuBefore = pid === undefined ? undefined : cpuMillis(pid)
    const output = await new Promise((resolve, reject) => {
      const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
      let text = ''
      child.stdout.on('data', (d) => (text += d))
      child.stderr.on('data', (d) => (text += d))
      child.on('error', reject)
      child.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`)),
      )
    })
    const cpuAfter = pid === undefined ? undefined : cpuMillis(pid)
    return parseWrk(output, cpuBefore, cpuAfter)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const UNIT_MS = { us: 0.001, ms: 1, s: 1000 }

function parseWrk(text, cpuBefore, cpuAfter) {
  const total = /(\d+) requests in ([\d.]+)(\w+)/.exec(text)
  const rate = /Requests\/sec:\s*([\d.]+)/.exec(text)
  if (total === null || rate === null) throw new Error(`unexpected wrk output:\n${text}`)
  const requests = Number(total[1])
  const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0)
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text)
  const statuses = new Map([['200', requests - bad]])
  if (bad > 0) statuses.set('non-2xx', bad)
  if (errors !== null && errors.slice(1).some((n) => Number(n) > 0)) {
    statuses.set(
      'socket-errors',
      errors.slice(1).reduce((a, n) => a + Number(n), 0),
    )
  }
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(text)
  const cpuMicros =
    cpuBefore === undefined || cpuAfter === undefined || requests === 0
      ? undefined
      : ((cpuAfter - cpuBefore) * 1000) / requests
  return {
    rps: Number(rate[1]),
    requests,
    statuses,
    cpuMicros,
    p99Ms: p99 === null ? undefined : Number(p99[1]) * UNIT_MS[p99[2]],
  }
}
