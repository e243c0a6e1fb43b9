// Output of `npm run bench`: Markdown tables on stdout, bench/results/latest.json (each mode
// replaces its own section and keeps the others), and with `--readme` the summary table between
// the `<!-- bench:start -->` and `<!-- bench:end -->` markers of README.md.
// Not run on its own: bench/run.mjs imports it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, release } from 'node:os'
import { fileURLToPath } from 'node:url'

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url))
const README = fileURLToPath(new URL('../README.md', import.meta.url))
const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'

const cell = (value, digits = 0) =>
  value === undefined || value === null
    ? ''
    : value.toLocaleString('en-US', { maximumFractionDigits: digits })

function table(header, rows) {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'))
  return [header, align, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n')
}

/** CL-64's cookie-header scan: µs per read, and per KiB, as the header grows. */
export function cookieScanTable(rows) {
  return table(
    ['Cookie header (pathological)', 'µs per read', 'µs per KiB'],
    rows.map((r) => [`${r.bytes} bytes`, String(r.us), String(r.usPerKiB)]),
  )
}

/** The codec micro benchmarks as a table. */
export function microTable(micro) {
  return table(
    ['AEAD', 'seal + open ops/s', 'raw AEAD seal + open ops/s'],
    micro.map((m) => [m.aead, cell(m.sealOpen), cell(m.rawAead)]),
  )
}

/** Every server × workload: req/s, CPU, p99 and the ratios. */
export function httpTable(summary) {
  return table(
    [
      'server',
      'workload',
      'req/s',
      'CPU µs/req',
      'p99 ms',
      '÷ plain',
      'limit',
      '÷ limit',
      '÷ limit (CPU)',
    ],
    summary.map((s) => [
      s.errors > 0 ? `${s.server} (${s.errors} answers not 200)` : s.server,
      s.workload,
      cell(s.rps),
      cell(s.cpuMicros, 1),
      cell(s.p99Ms, 2),
      cell(s.ratioPlain, 2),
      s.limit ?? '',
      cell(s.ratioLimit, 2),
      cell(s.cpuRatioLimit, 2),
    ]),
  )
}

/** One row per server: req/s (ratio to its limit) and CPU µs per request, per workload. */
export function summaryTable(summary) {
  const names = [...new Set(summary.map((s) => s.server))]
  const pick = (name, workload) => summary.find((s) => s.server === name && s.workload === workload)
  const show = (s) => {
    if (s === undefined) return ''
    const ratio = s.ratioLimit === undefined ? '' : ` (${cell(s.ratioLimit, 2)})`
    return `${cell(s.rps)}${ratio} · ${cell(s.cpuMicros, 1)} µs`
  }
  return table(
    ['server', 'READ req/s (÷ limit) · CPU/req', 'WRITE', 'NEW'],
    names.map((n) => [n, show(pick(n, 'READ')), show(pick(n, 'WRITE')), show(pick(n, 'NEW'))]),
  )
}

/** The machine the figures come from. */
export function machine() {
  const list = cpus()
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryBytes: totalmem(),
    kernel: release(),
    node: process.version,
  }
}

/** Merge `sections` into bench/results/latest.json (other sections are kept). */
export function writeResults(sections) {
  const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {}
  const kept = Array.isArray(previous) ? {} : previous // the old format was a bare array
  const next = {
    ...kept,
    machine: machine(),
    node: process.version,
    date: new Date().toISOString(),
    ...sections,
  }
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true })
  writeFileSync(RESULTS, JSON.stringify(next, null, 2) + '\n')
  console.log('\nwrote bench/results/latest.json')
}

/** Replace the block between the bench markers of README.md with `markdown`. */
export function writeReadme(markdown) {
  const text = readFileSync(README, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start === -1 || end < start) throw new Error(`README.md has no ${START} … ${END} block`)
  const block = `${START}\n${markdown}\n${END}`
  writeFileSync(README, text.slice(0, start) + block + text.slice(end + END.length))
  console.log('updated the benchmark table in README.md')
}

/** The `--scale` section as two tables: by connections, and by sessions held. */
export function scaleTables(scale) {
  const byConnections = table(
    ['server', 'workload', 'connections', 'req/s', 'p99 ms', 'CPU µs/req'],
    scale.connections.map((s) => [
      s.server,
      s.workload,
      cell(s.connections),
      cell(s.rps),
      cell(s.p99Ms, 2),
      cell(s.cpuMicros, 1),
    ]),
  )
  const bySessions = table(
    ['store', 'sessions held', 'READ req/s', 'p99 ms', 'CPU µs/req', 'RSS MiB'],
    scale.sessions.map((s) =>
      s.error === undefined
        ? [
            s.store,
            cell(s.sessions),
            cell(s.rps),
            cell(s.p99Ms, 2),
            cell(s.cpuMicros, 1),
            cell(s.rssBytes / 1048576, 1),
          ]
        : [s.store, cell(s.sessions), `failed: ${s.error}`, '', '', ''],
    ),
  )
  return `${byConnections}\n\n${bySessions}`
}

/** The `--memory` section as two tables: heap figures, and RSS over the soak. */
export function memoryTables(memory) {
  const { heap } = memory
  const heapRows = [
    [
      `idle memory-store session (over ${cell(heap.memoryStoreSessions)})`,
      cell(heap.memoryStoreSessionBytes),
    ],
    ...Object.entries(heap.sealedCookieRequestBytes).map(([kind, r]) => [
      `allocated per sealed-cookie ${kind} (over ${cell(r.requests)})`,
      cell(r.bytes),
    ]),
  ]
  const soak = table(
    ['server', 'workload', 'seconds', 'req/s', 'RSS first MiB', 'RSS last MiB', 'RSS max MiB'],
    memory.soak.map((s) => [
      s.server,
      s.workload,
      cell(s.seconds),
      cell(s.rps),
      cell(s.rssFirstMiB, 1),
      cell(s.rssLastMiB, 1),
      cell(s.rssMaxMiB, 1),
    ]),
  )
  return `${table(['heap', 'bytes'], heapRows)}\n\n${soak}`
}
