#!/usr/bin/env node
// The cost of lifecycle hooks on the request path (docs/decisions.md §27): one READ (open a sealed
// cookie, read a key) and one WRITE (open, set a key, seal) through the session manager, with no
// `hooks` option, with a listener that does nothing, and with the OpenTelemetry hooks on a no-op
// meter (the API with no SDK registered). Rounds alternate between the variants so drifts of a
// shared machine hit all of them alike; the table gives the median ns per operation.
// `--baseline <dir>` adds a build of the code before hooks existed (e.g. `git archive` of an older
// commit, built with tsc), to check that "no hooks" costs what no hooks at all did.
//
//   npm run bench:hooks -- [--dist dist] [--baseline dir] [--rounds 15] [--ops 20000]
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    baseline: { type: 'string' },
    only: { type: 'string' },
    rounds: { type: 'string', default: '15' },
    ops: { type: 'string', default: '20000' },
  },
})
const rounds = Number(values.rounds)
const ops = Number(values.ops)
const secret = 'p9Hq1fS3kWm8ZrT2vXy6LbN4cJd0QeAu7GiO5sVwRtY'

// Each variant loads its own copy of the build (`--dist` may list several, comma-separated: one
// per variant, reused when fewer), so the JIT sees one shape of options per module, as in an app,
// and one variant's listener cannot make another's call sites polymorphic.
const dists = values.dist.split(',')
const load = async (dir) => {
  const href = pathToFileURL(resolve(dir)).href
  const core = await import(`${href}/index.js`)
  const otel = await import(`${href}/otel/index.js`).catch(() => undefined)
  return { createSessionManager: core.createSessionManager, otelHooks: otel?.otelHooks }
}
const distFor = (i) => dists[Math.min(i, dists.length - 1)]
const variants = [
  ['no hooks', () => undefined, await load(distFor(0))],
  ['empty listener', () => ({ onEvent: () => {} }), await load(distFor(1))],
  ['otel (no-op meter)', (m) => m.otelHooks(), await load(distFor(2))],
]
if (values.baseline !== undefined) {
  variants.unshift(['before hooks', () => undefined, await load(values.baseline)])
}

function cookieOf(manager) {
  const handle = manager.begin({ cookieHeader: undefined, encrypted: false, host: 'localhost' })
  handle.session.set('user', 'alice')
  handle.session.set('visits', 1)
  const [line] = handle.commit().cookies
  return line.split(';')[0]
}

// `--only <name>` runs one variant in this process: shared code then sees one shape of options,
// as in an app, instead of call sites made polymorphic by the other variants.
const chosen = values.only === undefined ? variants : variants.filter(([n]) => n === values.only)
const cases = chosen.map(([name, hooksOf, lib]) => {
  const hooks = hooksOf(lib)
  const manager = lib.createSessionManager({ secret, ...(hooks === undefined ? {} : { hooks }) })
  const cookieHeader = cookieOf(manager)
  const info = { cookieHeader, encrypted: false, host: 'localhost' }
  return {
    name,
    read() {
      const handle = manager.begin(info)
      handle.session.get('visits')
      return handle.commit()
    },
    write() {
      const handle = manager.begin(info)
      handle.session.increment('visits')
      return handle.commit()
    },
  }
})

const samples = new Map(
  cases.flatMap((c) => [
    [`${c.name} READ`, []],
    [`${c.name} WRITE`, []],
  ]),
)
let sink = 0
for (let round = 0; round < rounds + 2; round++) {
  // Rotate the order each round: no variant always runs first or right after the same one.
  const order = cases.map((_, i) => cases[(i + round) % cases.length])
  for (const c of order) {
    for (const op of ['read', 'write']) {
      const started = process.hrtime.bigint()
      for (let i = 0; i < ops; i++) sink += c[op]().cookies.length
      const ns = Number(process.hrtime.bigint() - started) / ops
      if (round >= 2) samples.get(`${c.name} ${op.toUpperCase()}`).push(ns) // two warm-up rounds
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const base =
  values.only !== undefined
    ? undefined
    : {
        READ: median(samples.get('no hooks READ')),
        WRITE: median(samples.get('no hooks WRITE')),
      }
console.log(`node ${process.version}, ${rounds} rounds × ${ops} ops (sink ${sink > 0})`)
for (const [name, xs] of samples) {
  const op = name.endsWith('READ') ? 'READ' : 'WRITE'
  const m = median(xs)
  const delta = base === undefined ? '' : ((m / base[op] - 1) * 100).toFixed(1)
  console.log(`${name.padEnd(28)} ${m.toFixed(0).padStart(7)} ns/op  ${delta.padStart(6)} %`)
}
