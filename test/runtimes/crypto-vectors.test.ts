/**
 * One cookie format on every runtime: Node, Bun, Deno and workerd each seal the same sessions
 * (sealed-codec format, once with the AEAD the runtime picked and once with every implementation
 * that works there, and the Flask format), every runtime opens every other runtime's values to the
 * same data, and every runtime refuses the same tampered values with a typed error. Runs the built
 * package (`npm run build`): Bun and Deno run test/runtimes/fixtures/vectors-cli.mjs, workerd
 * serves test/runtimes/fixtures/vectors-worker.mjs.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireRuntime, ROOT, runScript, type Runtime } from './runtimes.js'
import { startWorker, type RunningWorker } from './workerd.js'

type Name = 'node' | Runtime

interface Sealed {
  runtime: Name
  aead: string
  available: string[]
  knownAnswer: Record<string, boolean>
  byAead: Record<string, string[]>
  sealed: string[]
  flask: string[]
}

interface OpenInput {
  sealed: string[]
  flask: string[]
  tamperedSealed: string[]
  tamperedFlask: string[]
}

interface Opened {
  runtime: Name
  sealed: { data?: unknown; error?: string }[]
  flask: { data?: unknown; error?: string }[]
  tamperedSealed: string[]
  tamperedFlask: string[]
}

type Request = { op: 'seal' } | { op: 'open'; input: OpenInput }

interface Vectors {
  SESSIONS: Record<string, unknown>[]
  handle(runtime: Name, request: Request): unknown
}

const BUILT = existsSync(resolve(ROOT, 'dist/codec/aead.js'))
const CLI = 'test/runtimes/fixtures/vectors-cli.mjs'
const present: Record<Runtime, boolean> = {
  bun: requireRuntime('bun'),
  deno: requireRuntime('deno'),
  workerd: requireRuntime('workerd'),
}
const RUNTIMES: Name[] = [
  'node',
  ...(['bun', 'deno', 'workerd'] as const).filter((r) => present[r]),
]

let vectors: Vectors
let worker: RunningWorker | undefined

async function ask(runtime: Name, request: Request): Promise<unknown> {
  if (runtime === 'node') return vectors.handle('node', request)
  if (runtime === 'workerd') {
    if (worker === undefined) throw new Error('workerd is not running')
    const response = await fetch(worker.url, {
      method: 'POST',
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(20_000),
    })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`workerd answered ${response.status}: ${text}`)
    return JSON.parse(text) as unknown
  }
  return runScript(runtime, CLI, request)
}

/** Replace the character at `at` with another base64url character. */
function flip(value: string, at: number): string {
  const index = at < 0 ? value.length + at : at
  const char = value[index] === 'A' ? 'B' : 'A'
  return value.slice(0, index) + char + value.slice(index + 1)
}

/** Altered copies of a sealed value: key id, nonce, ciphertext, tag, and one character short. */
function tamperSealed(value: string): string[] {
  return [flip(value, 5), flip(value, 20), flip(value, 40), flip(value, -4), value.slice(0, -1)]
}

/** Altered copies of a Flask value: payload, timestamp and signature. */
function tamperFlask(value: string): string[] {
  const [payload = '', timestamp = ''] = value.split('.').filter((part) => part !== '')
  const at = value.indexOf(timestamp, value.indexOf(payload) + payload.length)
  return [flip(value, Math.floor(payload.length / 2) + 1), flip(value, at + 2), flip(value, -5)]
}

describe.runIf(BUILT)('cross-runtime crypto vectors', () => {
  const sealedBy = new Map<Name, Sealed>()

  beforeAll(async () => {
    const fixture = './fixtures/vectors.mjs' // plain JS, shared with the other runtimes
    vectors = (await import(fixture)) as Vectors
    if (present.workerd) {
      worker = await startWorker({
        entry: 'test/runtimes/fixtures/vectors-worker.mjs',
        compatibilityFlags: ['nodejs_compat'],
      })
    }
    for (const runtime of RUNTIMES) {
      const sealed = (await ask(runtime, { op: 'seal' })) as Sealed
      sealedBy.set(runtime, sealed)
      const counts = Object.entries(sealed.byAead).map(([name, v]) => `${name} ${v.length}`)
      console.log(
        `[runtimes] ${runtime}: AEAD ${sealed.aead} (works here: ${sealed.available.join(', ')}); ` +
          `sealed ${sealed.sealed.length} + ${counts.join(' + ')} values, ` +
          `${sealed.flask.length} Flask values`,
      )
    }
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
  })

  it('runs on every runtime with an implementation that passes RFC 8439 §2.8.2', () => {
    expect([...sealedBy.keys()]).toEqual(RUNTIMES)
    for (const sealed of sealedBy.values()) {
      expect(sealed.available).toContain('noble')
      expect(sealed.available).toContain(sealed.aead)
      for (const name of sealed.available) expect(sealed.knownAnswer[name], name).toBe(true)
      // A runtime that has the cipher in node:crypto picks it or libsodium, never noble.
      if (sealed.knownAnswer['node:crypto'] === true) expect(sealed.aead).not.toBe('noble')
    }
  })

  it.each(RUNTIMES)('%s opens every runtime’s values to the same data', async (opener) => {
    const sources = [...sealedBy.values()]
    const input: OpenInput = { sealed: [], flask: [], tamperedSealed: [], tamperedFlask: [] }
    const expected: { label: string; data: unknown }[] = []
    const expectedFlask: { label: string; data: unknown }[] = []
    for (const source of sources) {
      const groups: [string, string[]][] = [
        [`${source.runtime} default`, source.sealed],
        ...Object.entries(source.byAead).map(([name, values]): [string, string[]] => [
          `${source.runtime} ${name}`,
          values,
        ]),
      ]
      for (const [label, values] of groups) {
        values.forEach((value, i) => {
          input.sealed.push(value)
          expected.push({ label: `${label} #${i}`, data: vectors.SESSIONS[i] })
        })
      }
      source.flask.forEach((value, i) => {
        input.flask.push(value)
        expectedFlask.push({ label: `${source.runtime} flask #${i}`, data: vectors.SESSIONS[i] })
      })
      for (const value of source.sealed) input.tamperedSealed.push(...tamperSealed(value))
      for (const value of source.flask) input.tamperedFlask.push(...tamperFlask(value))
    }

    const opened = (await ask(opener, { op: 'open', input })) as Opened
    expect(opened.runtime).toBe(opener)
    expect(opened.sealed).toHaveLength(expected.length)
    opened.sealed.forEach((result, i) =>
      expect(result, expected[i]?.label).toEqual({ data: expected[i]?.data }),
    )
    expect(opened.flask).toHaveLength(expectedFlask.length)
    opened.flask.forEach((result, i) =>
      expect(result, expectedFlask[i]?.label).toEqual({ data: expectedFlask[i]?.data }),
    )
    expect(opened.tamperedSealed).toHaveLength(input.tamperedSealed.length)
    for (const outcome of [...opened.tamperedSealed, ...opened.tamperedFlask]) {
      expect(outcome).toMatch(/^ERR_DECODE_FAILED\/(malformed|tampered|unknown-key)$/)
    }
    expect(opened.tamperedFlask).toHaveLength(input.tamperedFlask.length)
    console.log(
      `[runtimes] ${opener} opened ${opened.sealed.length} sealed and ${opened.flask.length} Flask ` +
        `values from ${sources.map((s) => s.runtime).join(', ')}; refused ` +
        `${opened.tamperedSealed.length + opened.tamperedFlask.length} tampered values`,
    )
  })
})

describe.runIf(!BUILT)('cross-runtime crypto vectors', () => {
  it('needs the built package', () => {
    // The runtimes import dist/, as users' apps do; `npm test` builds first.
    throw new Error('dist/ is missing: run `npm run build` before this test.')
  })
})
