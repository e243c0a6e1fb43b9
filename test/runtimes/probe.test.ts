/**
 * What each runtime's node: compatibility offers tessera (docs/decisions.md §24): the probe in
 * probe.mjs runs on Node, Bun, Deno (no FFI permission, as a server would run) and workerd
 * (nodejs_compat), and the matrix is printed. Every runtime must have what the codecs use with no
 * fallback (HKDF, HMAC, hashes, constant-time compare, randomness, zlib, Buffer); the AEAD needs
 * only one of its three implementations, which crypto-vectors.test.ts checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireRuntime, runScript, type Runtime } from './runtimes.js'
import { startWorker, type RunningWorker } from './workerd.js'

type Matrix = Record<string, string>

const REQUIRED = [
  'hkdfSync',
  'createHmac',
  'createHash',
  'timingSafeEqual',
  'randomFillSync',
  'getRandomValues',
  'zlib',
  'globalBuffer',
  'base64url',
]
const others = (['bun', 'deno', 'workerd'] as const).filter((r: Runtime) => requireRuntime(r))

describe('runtime feature probe', () => {
  const results = new Map<string, Matrix>()
  let worker: RunningWorker | undefined

  beforeAll(async () => {
    const probe = './probe.mjs' // plain JS, shared with the other runtimes
    const local = (await import(probe)) as { probe(): Matrix }
    results.set('node', local.probe())
    for (const runtime of others) {
      if (runtime === 'workerd') {
        worker = await startWorker({ entry: 'test/runtimes/fixtures/probe-worker.mjs' })
        const response = await fetch(worker.url, { signal: AbortSignal.timeout(20_000) })
        results.set(runtime, (await response.json()) as Matrix)
      } else {
        results.set(runtime, (await runScript(runtime, 'test/runtimes/probe.mjs', null)) as Matrix)
      }
    }
    const features = Object.keys(results.get('node') ?? {})
    const width = Math.max(...features.map((f) => f.length))
    const rows = features.map(
      (feature) =>
        `${feature.padEnd(width)}  ${[...results].map(([r, m]) => `${r}=${m[feature] ?? '?'}`).join('  ')}`,
    )
    console.log(`[runtimes] feature matrix\n${rows.join('\n')}`)
  }, 60_000)

  afterAll(async () => {
    await worker?.stop()
  })

  it('finds everything the codecs use without a fallback on every runtime', () => {
    expect([...results.keys()]).toEqual(['node', ...others])
    for (const [runtime, matrix] of results) {
      for (const feature of REQUIRED) expect(matrix[feature], `${runtime} ${feature}`).toBe('ok')
    }
  })
})
