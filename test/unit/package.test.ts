// Imports every public subpath through the package's own name, as a user would, so the exports map
// and the built files are exercised (npm test builds first).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>
}

describe('package exports', () => {
  const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json')
  it.each(subpaths)('tessera%s imports and exports something', async (subpath) => {
    const specifier = subpath === '.' ? 'tessera-session' : `tessera-session${subpath.slice(1)}`
    const mod = (await import(specifier)) as Record<string, unknown>
    expect(Object.keys(mod).length).toBeGreaterThan(0)
  })

  it('importing tessera alone loads no database driver or framework', async () => {
    await import('tessera-session')
    const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache)
    for (const name of ['better-sqlite3', 'ioredis', 'pg', 'express', 'fastify']) {
      expect(loaded.some((p) => p.includes(`/node_modules/${name}/`))).toBe(false)
    }
  })

  it('the root entry exposes the session API and the errors namespace', async () => {
    const mod = await import('tessera-session')
    expect(typeof mod.createSessionManager).toBe('function')
    expect(typeof mod.Session).toBe('function')
    expect(mod.errors.ConfigError).toBe(mod.ConfigError)
  })
})
