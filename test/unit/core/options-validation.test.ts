import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConfigError, createSessionManager, type SessionOptions } from '../../../src/index.js'
import { createLoginManager } from '../../../src/auth/index.js'
import { sessions as honoSessions } from '../../../src/adapters/hono/index.js'
import { sessions as nodeSessions } from '../../../src/adapters/node/index.js'
import { closest } from '../../../src/core/validate.js'
import { SECRET_A } from '../../helpers/secrets.js'

/** Options as a user's JavaScript (or a cast) might pass them: the types do not stop typos there. */
const loose = (extra: Record<string, unknown>) => ({ secret: SECRET_A, ...extra }) as SessionOptions

function configError(make: () => unknown): ConfigError {
  try {
    make()
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }
  throw new Error('expected a ConfigError')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('options: unknown keys are refused with a suggestion', () => {
  it('names a misspelled key and the option it most likely meant', () => {
    const err = configError(() => createSessionManager(loose({ idleTimout: 600 })))
    expect(err.message).toContain('"idleTimout"')
    expect(err.message).toContain('Did you mean "idleTimeout"?')
  })

  it.each([
    ['maxAge', 'seconds'],
    ['resave', 'nothing to set'],
    ['saveUninitialized', 'never stores or sends an empty session'],
    ['rolling', 'refreshEachRequest'],
    ['name', 'cookie.name'],
    ['proxy', 'trustProxy'],
  ])("translates express-session's %s into tessera's way", (key, hint) => {
    const err = configError(() => createSessionManager(loose({ [key]: 1 })))
    expect(err.message).toContain(`"${key}"`)
    expect(err.message).toContain(hint)
  })

  it('checks cookie options too, case slips included', () => {
    const err = configError(() => createSessionManager(loose({ cookie: { samesite: 'strict' } })))
    expect(err.message).toContain('cookie has no option "samesite"')
    expect(err.message).toContain('Did you mean "sameSite"?')
    const maxAge = configError(() => createSessionManager(loose({ cookie: { maxAge: 1000 } })))
    expect(maxAge.message).toContain('permanentLifetime')
  })

  it('lists the valid options when nothing is close', () => {
    const err = configError(() => createSessionManager(loose({ zzzzzzzz: true })))
    expect(err.message).not.toContain('Did you mean')
    expect(err.message).toContain('Options: secret, store, format, cookie')
  })

  it('suggests only near misses', () => {
    expect(closest('idleTimout', ['idleTimeout', 'absoluteTimeout'])).toBe('idleTimeout')
    expect(closest('absolutTimeuot', ['idleTimeout', 'absoluteTimeout'])).toBe('absoluteTimeout')
    expect(closest('SECRET', ['secret'])).toBe('secret')
    expect(closest('store', ['secret', 'format'])).toBeUndefined()
  })
})

describe('options: wrong types are type errors, not range errors', () => {
  it('calls a string duration a string', () => {
    const err = configError(() => createSessionManager(loose({ idleTimeout: '1800' })))
    expect(err.message).toBe('idleTimeout must be a number of seconds, not the string "1800".')
  })

  it.each([
    [{ refreshEachRequest: 'yes' }, 'refreshEachRequest must be true or false'],
    [
      { trustProxy: 'loopback' },
      'trustProxy must be true or false or a whole number or a function',
    ],
    [{ trustProxy: -1 }, 'trustProxy must be'],
    [{ format: 'json' }, "format must be 'tessera' or 'flask', not the string \"json\""],
    [{ cookie: { sameSite: 'Lax' } }, "cookie.sameSite must be 'lax' or 'strict' or 'none'"],
    [{ cookie: { secure: 'yes' } }, "cookie.secure must be true or false or 'auto'"],
    [{ cookie: 'session' }, 'cookie must be an object'],
    [{ maxDataSize: 1.5 }, 'maxDataSize must be a whole number'],
    [{ limits: 'none' }, "limits must be 'recommended' or 'relaxed'"],
  ])('refuses %j', (extra, message) => {
    expect(configError(() => createSessionManager(loose(extra))).message).toContain(message)
  })

  it('accepts a hop count and a predicate for trustProxy', () => {
    expect(createSessionManager(loose({ trustProxy: 2 })).options.trustProxy).toBe(2)
    const isProxy = (address: string) => address === '10.0.0.1'
    expect(createSessionManager(loose({ trustProxy: isProxy })).options.trustProxy).toBe(isProxy)
  })
})

describe("lifetimes: the recommended ranges, and limits: 'relaxed' to leave them", () => {
  it('refuses a long idle timeout by default and says how to allow it', () => {
    const err = configError(() => createSessionManager(loose({ idleTimeout: 8 * 3600 })))
    expect(err.message).toContain('idleTimeout must be from 300 to 3600 seconds')
    expect(err.message).toContain("limits: 'relaxed'")
  })

  it('allows it with the opt-in, and warns once naming the recommendation it leaves', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const manager = createSessionManager(
      loose({ idleTimeout: 8 * 3600, absoluteTimeout: 90 * 86_400, limits: 'relaxed' }),
    )
    expect(manager.options.idleTimeoutMs).toBe(8 * 3600 * 1000)
    expect(manager.options.absoluteTimeoutMs).toBe(90 * 86_400 * 1000)
    const relaxed = warn.mock.calls.filter(
      ([, options]) => (options as { code?: string }).code === 'TESSERA_RELAXED_LIMIT',
    )
    expect(relaxed.map(([message]) => String(message))).toEqual([
      expect.stringContaining('idleTimeout is 28800 s, outside the recommended 300–3600 s'),
      expect.stringContaining('absoluteTimeout is 7776000 s, outside the recommended 3600–86400 s'),
    ])
  })

  it('does not warn for values inside the recommended range', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    createSessionManager(loose({ idleTimeout: 900, limits: 'relaxed' }))
    expect(warn).not.toHaveBeenCalled()
  })

  it('still has a ceiling when relaxed', () => {
    const err = configError(() =>
      createSessionManager(loose({ idleTimeout: 31 * 86_400, limits: 'relaxed' })),
    )
    expect(err.message).toContain('idleTimeout must be from 60 to 2592000 seconds')
  })

  it("lets a login manager remember for 90 days under the session manager's opt-in", () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const loadUser = () => undefined
    const strict = createSessionManager(loose({}))
    expect(
      configError(() =>
        createLoginManager({ sessions: strict, loadUser, rememberFor: 90 * 86_400 }),
      ).message,
    ).toContain("limits: 'relaxed'")
    const relaxed = createSessionManager(loose({ limits: 'relaxed' }))
    expect(() =>
      createLoginManager({ sessions: relaxed, loadUser, rememberFor: 90 * 86_400 }),
    ).not.toThrow()
  })
})

describe('login manager options', () => {
  const sessions = createSessionManager({ secret: SECRET_A })
  const base = { sessions, loadUser: () => undefined }
  const login = (extra: Record<string, unknown>) => createLoginManager({ ...base, ...extra })

  it("explains that Flask-Login's 'basic' protection is not a mode here", () => {
    const err = configError(() => login({ sessionProtection: 'basic' }))
    expect(err.message).toContain("'strong'")
    expect(err.message).toContain('false')
  })

  it('refuses unknown keys with a suggestion', () => {
    const err = configError(() => login({ rememberFro: 3600 }))
    expect(err.message).toContain('Did you mean "rememberFor"?')
    expect(configError(() => login({ user_loader: () => 1 })).message).toContain('loadUser')
  })

  it('calls a string duration a string', () => {
    expect(configError(() => login({ freshFor: '600' })).message).toBe(
      'freshFor must be a number of seconds, not the string "600".',
    )
  })
})

describe('adapter options', () => {
  it("checks Hono's session options, knowing its own keys", () => {
    expect(() => honoSessions({ secret: SECRET_A, clientIp: () => '1.2.3.4' })).not.toThrow()
    const err = configError(() =>
      honoSessions({ secret: SECRET_A, clientIP: () => '1.2.3.4' } as SessionOptions),
    )
    expect(err.message).toContain('"clientIP"')
  })

  it("checks the node adapter's options", () => {
    expect(configError(() => nodeSessions(loose({ saveUninitialized: false }))).message).toContain(
      'saveUninitialized',
    )
  })
})
