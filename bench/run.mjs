#!/usr/bin/env node
// `npm run bench`: the benchmark harness (issue #12). It installs bench/node_modules (the peers)
// when missing and builds first (the `prebench` script), then:
// 1. codec micro benchmarks (bench/micro.mjs): seal + open per AEAD (libsodium, node:crypto,
//    @noble/ciphers);
// 2. HTTP (bench/http.mjs): every server of bench/servers.mjs (plain node:http, the two limit
//    references, tessera's sealed cookie and stores, the peers, the framework ceilings), each in
//    its own process on core 0, the load generator (wrk by default) and Redis/PostgreSQL on core 1;
//    `--sessions` distinct sessions per server created first; `--rounds` rounds of READ / WRITE /
//    NEW per server, the order of servers reversed on odd rounds, a warm-up before each
//    measurement; medians over rounds and same-round ratios to plain and to the limit reference.
// Prints Markdown tables, writes bench/results/latest.json, and with --readme the README table.
// `--scale` (bench/scale.mjs) and `--memory` (bench/memory.mjs) run those modes instead of 1–2.
//
//   npm run bench -- [--loader wrk|fast|autocannon] [--servers plain,cookie,…] [--rounds 3]
//     [--duration 5] [--warmup 1] [--sessions 10000] [--connections 50] [--skip-micro]
//     [--skip-http] [--readme]
//   npm run bench -- --scale [--scale-servers cookie,memory] [--scale-connections 10,50,200,1000]
//     [--scale-stores memory,sqlite,redis] [--scale-sizes 10000,100000,1000000]
//   npm run bench -- --drivers   (with the HTTP run: the drivers' own CPU per call and the
//     subtraction store READ − memory READ against it; bench/drivers.mjs)
//   npm run bench -- --memory [--heap-sessions 100000] [--heap-requests 2000]
//     [--soak-servers cookie,memory] [--soak-seconds 300]
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { runDrivers, subtraction } from './drivers.mjs'
import { runHttp } from './http.mjs'
import { pickLoader } from './measure.mjs'
import { runMemory } from './memory.mjs'
import { runCookieScan, runMicro } from './micro.mjs'
import {
  httpTable,
  memoryTables,
  microTable,
  cookieScanTable,
  scaleTables,
  summaryTable,
  writeReadme,
  writeResults,
} from './report.mjs'
import { runScale } from './scale.mjs'
import { SERVERS } from './servers.mjs'
import { hasTaskset, startNeeded } from './services.mjs'

const SECRET = 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'
const list = (text) => text.split(',').filter(Boolean)
const numbers = (text) => list(text).map(Number)

const { values } = parseArgs({
  options: {
    loader: { type: 'string', default: 'wrk' },
    servers: { type: 'string', default: Object.keys(SERVERS).join(',') },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    sessions: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '50' },
    'skip-micro': { type: 'boolean', default: false },
    'skip-http': { type: 'boolean', default: false },
    readme: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    'scale-servers': { type: 'string', default: 'cookie,memory' },
    'scale-connections': { type: 'string', default: '10,50,200,1000' },
    'scale-stores': { type: 'string', default: 'memory,sqlite,redis' },
    'scale-sizes': { type: 'string', default: '10000,100000,1000000' },
    memory: { type: 'boolean', default: false },
    drivers: { type: 'boolean', default: false },
    'heap-sessions': { type: 'string', default: '100000' },
    'heap-requests': { type: 'string', default: '2000' },
    'soak-servers': { type: 'string', default: 'cookie,memory' },
    'soak-seconds': { type: 'string', default: '300' },
  },
})

const settings = {
  loader: values.loader,
  rounds: Number(values.rounds),
  duration: Number(values.duration),
  warmup: Number(values.warmup),
  sessions: Number(values.sessions),
  connections: Number(values.connections),
}
const extraModes = values.scale || values.memory

function checkServers(names) {
  const unknown = names.filter((n) => !(n in SERVERS))
  if (unknown.length > 0) {
    throw new Error(
      `unknown servers: ${unknown.join(', ')} (known: ${Object.keys(SERVERS).join(', ')})`,
    )
  }
  return names
}

/** Every server name this run will start, for the services they need. */
function serversOfRun() {
  const names = []
  if (!extraModes && !values['skip-http']) names.push(...list(values.servers))
  if (values.scale) names.push(...list(values['scale-servers']), ...list(values['scale-stores']))
  if (values.memory) names.push(...list(values['soak-servers']))
  if (values.drivers) names.push('redis', 'postgres')
  return checkServers(names)
}

/** Drop (with a printed line) the servers whose Redis or PostgreSQL could not be started. */
function withoutMissing(names, missing) {
  const kept = names.filter((n) => !missing.has(SERVERS[n].needs))
  const dropped = names.filter((n) => !kept.includes(n))
  if (dropped.length > 0) console.error(`  [skip] ${dropped.join(', ')}: no Redis / PostgreSQL`)
  return kept
}

async function main() {
  const loader = pickLoader(values.loader)
  // The runner (session creation; the load itself with `fast` and `autocannon`) keeps to core 1.
  if (hasTaskset()) spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' })
  const names = serversOfRun()
  const services = await startNeeded(new Set(names.map((n) => SERVERS[n].needs).filter(Boolean)))
  const run = { ...settings, env: services.env }
  const meta = { loader: values.loader, rounds: settings.rounds, duration: settings.duration }
  const sections = {}
  try {
    if (!extraModes && !values['skip-micro']) {
      sections.micro = runMicro({ secret: SECRET })
      console.log(`\n${microTable(sections.micro)}`)
      sections.cookieScan = runCookieScan()
      console.log(`\n${cookieScanTable(sections.cookieScan)}`)
    }
    if (!extraModes && !values['skip-http']) {
      const chosen = withoutMissing(checkServers(list(values.servers)), services.missing)
      const http = await runHttp(chosen, loader, run)
      sections.http = { date: new Date().toISOString(), ...meta, ...settingsOf(run), ...http }
      console.log(`\n${httpTable(http.summary)}\n\n${summaryTable(http.summary)}`)
      if (values.readme) writeReadme(readmeBlock(http.summary))
    }
    if (values.drivers) {
      const drivers = await runDrivers(services.env)
      const rows = subtraction(sections.http?.summary, drivers)
      sections.drivers = { ...drivers, subtraction: rows }
      console.log(`\n${driverTable(drivers, rows)}`)
    }
    if (values.scale) {
      const scale = await runScale(
        {
          servers: checkServers(list(values['scale-servers'])),
          connections: numbers(values['scale-connections']),
          stores: withoutMissing(list(values['scale-stores']), services.missing),
          sizes: numbers(values['scale-sizes']),
        },
        loader,
        run,
      )
      sections.scale = { ...meta, ...settingsOf(run), ...scale }
      console.log(`\n${scaleTables(scale)}`)
    }
    if (values.memory) {
      const memory = await runMemory(
        {
          heapSessions: Number(values['heap-sessions']),
          heapRequests: Number(values['heap-requests']),
          servers: checkServers(list(values['soak-servers'])),
          soakSeconds: Number(values['soak-seconds']),
        },
        loader,
        run,
      )
      sections.memory = { ...meta, ...settingsOf(run), ...memory }
      console.log(`\n${memoryTables(memory)}`)
    }
  } finally {
    await services.stop()
  }
  writeResults(sections)
}

function driverTable(drivers, rows) {
  const lines = ['| driver call | CPU µs/call | calls/s |', '|---|---:|---:|']
  for (const [store, d] of Object.entries(drivers)) {
    lines.push(
      `| ${store}: ${d.call} | ${d.cpuMicros.toFixed(1)} | ${Math.round(d.callsPerSecond)} |`,
    )
  }
  if (rows.length > 0) {
    lines.push('', '| store | READ CPU µs | − memory READ | = extra | driver call | within |')
    lines.push('|---|---:|---:|---:|---:|---|')
    const f = (v) => (v === undefined ? '' : v.toFixed(1))
    for (const r of rows) {
      lines.push(
        `| ${r.store} | ${f(r.readCpuMicros)} | ${f(r.memoryReadCpuMicros)} | ${f(r.extraMicros)} | ` +
          `${f(r.driverMicros)} | ${r.withinDriverCost === undefined ? '' : r.withinDriverCost ? 'yes' : 'no'} |`,
      )
    }
  }
  return lines.join('\n')
}

function settingsOf(run) {
  return { sessions: run.sessions, connections: run.connections, warmup: run.warmup }
}

function readmeBlock(summary) {
  const when = new Date().toISOString().slice(0, 10)
  return (
    `Measured ${when} with \`npm run bench\` (${values.loader}, ${settings.connections} connections, ` +
    `median of ${settings.rounds} rounds of ${settings.duration} s; in brackets the ratio to the ` +
    `limit reference of the same kind; CPU is the server's per request):\n\n${summaryTable(summary)}`
  )
}

await main()
process.exit(0)
