import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  DEFAULTS,
  lifetime,
  resolveOptions,
  type SessionOptions,
} from '../../../src/core/options.js'
import { ConfigError } from '../../../src/index.js'
import { memoryStore } from '../../../src/stores/memory/index.js'
import { SECRET_A } from '../../helpers/secrets.js'

const resolve = (extra: Record<string, unknown>) => resolveOptions({ secret: SECRET_A, ...extra })

/** The messages of the process warnings with `code` emitted while `make` runs. */
function warnings(code: string, make: () => unknown): string[] {
  const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
  make()
  const messages = warn.mock.calls
    .filter(([, options]) => (options as { code?: string } | undefined)?.code === code)
    .map(([message]) => String(message))
  warn.mockRestore()
  return messages
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('resolveOptions: secure defaults', () => {
  it('resolves to the documented defaults', () => {
    const options = resolve({})
    expect(options.cookie).toEqual({
      name: 'session',
      prefix: 'host',
      path: '/',
      domain: undefined,
      secure: 'auto',
      httpOnly: true,
      sameSite: 'lax',
      partitioned: false,
      maxChunks: 1,
    })
    expect(options.idleTimeoutMs).toBe(DEFAULTS.idleTimeout * 1000)
    expect(options.absoluteTimeoutMs).toBe(DEFAULTS.absoluteTimeout * 1000)
    expect(options.permanentLifetimeMs).toBe(31 * 86_400_000)
    expect(options.refreshEachRequest).toBe(true)
    expect(options.trustProxy).toBe(false)
    expect(options.format).toBe('tessera')
    expect(options.limits).toBe('recommended')
    expect(options.maxDataSize).toBe(65_536)
    expect(options.now).toBe(Date.now)
    expect(Object.isFrozen(options)).toBe(true)
  })

  it('refuses a missing options object', () => {
    expect(() => resolveOptions(undefined as unknown as SessionOptions)).toThrow(ConfigError)
    expect(() => resolveOptions(null as unknown as SessionOptions)).toThrow(
      /needs an options object/,
    )
  })
})

describe('resolveOptions: lifetime bounds are inclusive', () => {
  it('accepts the ends of the recommended idle range and refuses one second past them', () => {
    expect(resolve({ idleTimeout: 300 }).idleTimeoutMs).toBe(300_000)
    expect(resolve({ idleTimeout: 3600, absoluteTimeout: 3600 }).idleTimeoutMs).toBe(3_600_000)
    expect(() => resolve({ idleTimeout: 299 })).toThrow(/from 300 to 3600/)
    expect(() => resolve({ idleTimeout: 3601 })).toThrow(/from 300 to 3600/)
  })

  it("suggests limits: 'relaxed' only when it would allow the value", () => {
    expect(() => resolve({ idleTimeout: 3601 })).toThrow(/limits: 'relaxed'/)
    let message = ''
    try {
      resolve({ idleTimeout: 30 * 86_400 + 1 })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toContain('from 300 to 3600')
    expect(message).not.toContain('relaxed')
    try {
      resolve({ idleTimeout: 10 })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).not.toContain('relaxed')
  })

  it('accepts the ends of the relaxed range, refuses past them, and warns only outside the recommended one', () => {
    expect(
      warnings('TESSERA_RELAXED_LIMIT', () => lifetime('idleTimeout', 60, 'relaxed')),
    ).toHaveLength(1)
    expect(lifetime('idleTimeout', 30 * 86_400, 'relaxed')).toBe(30 * 86_400)
    expect(() => lifetime('idleTimeout', 59, 'relaxed')).toThrow(ConfigError)
    expect(() => lifetime('idleTimeout', 30 * 86_400 + 1, 'relaxed')).toThrow(ConfigError)
    expect(
      warnings('TESSERA_RELAXED_LIMIT', () => lifetime('idleTimeout', 300, 'relaxed')),
    ).toEqual([])
    expect(
      warnings('TESSERA_RELAXED_LIMIT', () => lifetime('idleTimeout', 3600, 'relaxed')),
    ).toEqual([])
    expect(
      warnings('TESSERA_RELAXED_LIMIT', () => lifetime('idleTimeout', 299, 'relaxed')),
    ).toHaveLength(1)
  })

  it('rounds fractional seconds down', () => {
    expect(lifetime('idleTimeout', 300.9, 'recommended')).toBe(300)
    expect(resolve({ permanentLifetime: 60.5 }).permanentLifetimeMs).toBe(60_000)
  })

  it('keeps permanentLifetime between 60 seconds and 400 days', () => {
    expect(resolve({ permanentLifetime: 60 }).permanentLifetimeMs).toBe(60_000)
    expect(resolve({ permanentLifetime: 400 * 86_400 }).permanentLifetimeMs).toBe(400 * 86_400_000)
    expect(() => resolve({ permanentLifetime: 59 })).toThrow(/permanentLifetime must be from 60/)
    expect(() => resolve({ permanentLifetime: 400 * 86_400 + 1 })).toThrow(ConfigError)
  })

  it('allows idleTimeout equal to absoluteTimeout, not longer', () => {
    expect(() => resolve({ idleTimeout: 3600, absoluteTimeout: 3600 })).not.toThrow()
    expect(() => resolve({ idleTimeout: 7200, absoluteTimeout: 3600, limits: 'relaxed' })).toThrow(
      /idleTimeout cannot be longer than absoluteTimeout/,
    )
  })

  it('needs at least 1024 bytes of maxDataSize', () => {
    expect(resolve({ maxDataSize: 1024 }).maxDataSize).toBe(1024)
    expect(() => resolve({ maxDataSize: 1023 })).toThrow(/at least 1024 bytes/)
  })
})

describe('resolveOptions: cookie rules', () => {
  it('falls back to __Secure- for a Domain or a narrower Path, and refuses __Host- there', () => {
    expect(resolve({ cookie: { domain: 'example.com' } }).cookie.prefix).toBe('secure')
    expect(resolve({ cookie: { path: '/app' } }).cookie.prefix).toBe('secure')
    expect(resolve({ cookie: { path: '/' } }).cookie.prefix).toBe('host')
    expect(() => resolve({ cookie: { path: '/app', prefix: 'host' } })).toThrow(/__Host-/)
    expect(() => resolve({ cookie: { domain: 'example.com', prefix: 'host' } })).toThrow(/__Host-/)
  })

  it('refuses a cookie name that already carries a prefix, in any case', () => {
    expect(() => resolve({ cookie: { name: '__Host-s' } })).toThrow(/already has a prefix/)
    expect(() => resolve({ cookie: { name: '__secure-s' } })).toThrow(/already has a prefix/)
    expect(resolve({ cookie: { name: 'Host-s' } }).cookie.name).toBe('Host-s')
  })

  it('refuses SameSite=None with Secure turned off, allows it with auto', () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    expect(() => resolve({ cookie: { sameSite: 'none', secure: false } })).toThrow(/SameSite=None/)
    expect(resolve({ cookie: { sameSite: 'none' } }).cookie.sameSite).toBe('none')
  })

  it('warns once for each unsafe setting asked for, and not for the safe ones', () => {
    expect(warnings('TESSERA_UNSAFE_OPTION', () => resolve({ cookie: { secure: true } }))).toEqual(
      [],
    )
    const messages = warnings('TESSERA_UNSAFE_OPTION', () =>
      resolve({ cookie: { secure: false, httpOnly: false, prefix: 'none' } }),
    )
    expect(messages).toEqual([
      expect.stringContaining('cookie.secure is false'),
      expect.stringContaining('cookie.httpOnly is false'),
      expect.stringContaining("cookie.prefix is 'none'"),
    ])
    expect(
      warnings('TESSERA_UNSAFE_OPTION', () => resolve({ cookie: { sameSite: 'none' } })),
    ).toEqual([expect.stringContaining("cookie.sameSite is 'none'")])
  })
})

describe('resolveOptions: store and format', () => {
  it("refuses format: 'flask' with a store, and a store without get()", () => {
    expect(() => resolve({ format: 'flask', store: memoryStore() })).toThrow(/format: 'flask'/)
    expect(() => resolve({ store: { create: () => undefined } })).toThrow(/SessionStore interface/)
    const store = memoryStore()
    expect(resolve({ store }).store).toBe(store)
    expect(resolve({ format: 'flask' }).format).toBe('flask')
  })
})
