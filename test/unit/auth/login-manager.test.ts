import { describe, expect, it, vi } from 'vitest'
import {
  createLoginManager,
  LOGIN_DEFAULTS,
  type LoginManagerOptions,
} from '../../../src/auth/login-manager.js'
import {
  createSessionManager,
  type SessionEvent,
  type SessionManager,
  type SessionOptions,
} from '../../../src/index.js'
import { sealCookie } from '../../../src/codec/index.js'
import { encodeFlaskCookie } from '../../../src/codec/flask/index.js'
import { readReserved, stateOf } from '../../../src/core/session.js'
import { memoryRevocations, memoryStore } from '../../../src/stores/memory/index.js'
import type { AuthEvent } from '../../../src/auth/events.js'
import type { RevocationStore } from '../../../src/auth/revocation.js'
import { hashText, type SignInRecord } from '../../../src/auth/sign-in.js'
import { cookieJar, request, type Jar } from '../../helpers/jar.js'
import { DAY, fakeClock, HOUR, MINUTE, SECOND } from '../../helpers/clock.js'
import { SECRET_A } from '../../helpers/secrets.js'

interface User {
  id: string
  name: string
}
const USERS = new Map<string, User>([
  ['1', { id: '1', name: 'alice' }],
  ['2', { id: '2', name: 'bob' }],
])

function setup(
  mode: 'cookie' | 'store',
  extra: Partial<LoginManagerOptions<User>> = {},
  sessionExtra: Partial<SessionOptions<object>> = {},
) {
  const clock = fakeClock()
  const store = mode === 'store' ? memoryStore({ now: clock }) : undefined
  const sessions: SessionManager = createSessionManager({
    secret: SECRET_A,
    now: clock,
    ...(store === undefined ? {} : { store }),
    ...sessionExtra,
  })
  const loadUser = vi.fn((id: string) => USERS.get(id))
  const events: AuthEvent[] = []
  const revocations = recordingRevocations(clock)
  const auth = createLoginManager<User>({
    sessions,
    loadUser,
    revocations,
    onEvent: (e) => events.push(e),
    ...extra,
  })
  const whoami = async (jar: Jar, ua?: string) =>
    (
      await request(
        sessions,
        jar,
        (h) => auth.currentUser(h.session),
        ua === undefined ? {} : { userAgent: ua },
      )
    ).value?.name
  const login = async (jar: Jar, user: User, remember = false, ua?: string) =>
    request(
      sessions,
      jar,
      (h) => auth.login(h.session, user, { remember }),
      ua === undefined ? {} : { userAgent: ua },
    )
  return { clock, store, sessions, auth, loadUser, events, revocations, whoami, login }
}

/** The in-memory revocation store, with its writes recorded. */
function recordingRevocations(now: () => number) {
  const inner = memoryRevocations({ now })
  return {
    revokeSession: vi.fn((handle: string, until: number) => inner.revokeSession(handle, until)),
    revokeUser: vi.fn((userId: string, before: number, until: number) =>
      inner.revokeUser(userId, before, until),
    ),
    isRevoked: (handle: string, userId: string, stamp: number) =>
      inner.isRevoked(handle, userId, stamp),
    close: () => inner.close(),
  } satisfies RevocationStore
}

/** A reserved key of the session a jar carries, as the login manager reads it. */
async function reservedOf(sessions: SessionManager, jar: Jar, key: string): Promise<unknown> {
  return (await request(sessions, jar, (h) => readReserved(stateOf(h.session), key))).value
}

const recordOf = async (sessions: SessionManager, jar: Jar) =>
  (await reservedOf(sessions, jar, '_auth')) as SignInRecord | undefined

/** A jar with a copy of another's cookies (a stolen cookie). */
function copyOf(jar: Jar): Jar {
  const copied = cookieJar()
  for (const [name, value] of jar.cookies) copied.cookies.set(name, value)
  return copied
}

/** A Flask session cookie signed at `at` under SECRET_A: Flask-Login signed someone in. */
function flaskCookie(at: number, data: Record<string, string | boolean>): Jar {
  const jar = cookieJar()
  jar.cookies.set('session', encodeFlaskCookie(data, { secret: SECRET_A, now: at }))
  return jar
}

/** What a ConfigError with exactly this message matches. */
const configError = (message: string) =>
  expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message }) as unknown

const alice = USERS.get('1')!

for (const mode of ['cookie', 'store'] as const) {
  describe(`login manager (${mode} sessions)`, () => {
    it('CL-22 regenerates the session on login and keeps no pre-login auth state', async () => {
      const { login, sessions } = setup(mode)
      const jar = cookieJar()
      await request(sessions, jar, (h) => h.session.set('cart', ['book']))
      const before = jar.header()
      await login(jar, alice)
      expect(jar.header()).not.toBe(before)
      const { value } = await request(sessions, jar, (h) => h.session.get('cart'))
      expect(value).toEqual(['book'])
      if (mode === 'store') {
        const stale = cookieJar()
        stale.cookies.set('session', before!.split('=')[1]!)
        expect((await request(sessions, stale, (h) => h.session.get('cart'))).value).toBeUndefined()
      }
    })

    it('loads the current user lazily, at most once per request', async () => {
      const { login, sessions, auth, loadUser } = setup(mode)
      const jar = cookieJar()
      await login(jar, alice)
      loadUser.mockClear()
      await request(sessions, jar, async (h) => {
        await auth.currentUser(h.session)
        await auth.currentUser(h.session)
      })
      expect(loadUser).toHaveBeenCalledTimes(1)
      await request(sessions, jar, () => undefined)
      expect(loadUser).toHaveBeenCalledTimes(1)
    })

    it(`CL-24 CL-25 refuses a copied cookie after logout (${mode})`, async () => {
      const { login, sessions, auth, whoami } = setup(mode)
      const jar = cookieJar()
      await login(jar, alice)
      const copy = cookieJar()
      for (const [k, v] of jar.cookies) copy.cookies.set(k, v)
      expect(await whoami(copy)).toBe('alice')
      await request(sessions, jar, (h) => auth.logout(h.session))
      expect(jar.cookies.size).toBe(0)
      expect(await whoami(copy)).toBeUndefined()
    })

    it('CL-44 revokes the other sessions but keeps this one', async () => {
      const { login, sessions, auth, whoami, clock } = setup(mode)
      const a = cookieJar()
      const b = cookieJar()
      await login(a, alice)
      await login(b, alice)
      clock.advance(1000)
      await request(sessions, a, (h) => auth.revokeOtherSessions(h.session))
      expect(await whoami(a)).toBe('alice')
      expect(await whoami(b)).toBeUndefined()
    })

    it('CL-43 a password change ends the other sessions and regenerates this one', async () => {
      const { login, sessions, auth, whoami, clock } = setup(mode)
      const a = cookieJar()
      const b = cookieJar()
      await login(a, alice)
      await login(b, alice)
      clock.advance(1000)
      const before = a.header()
      await request(sessions, a, (h) => auth.passwordChanged(h.session))
      expect(a.header()).not.toBe(before)
      expect(await whoami(a)).toBe('alice')
      expect(await whoami(b)).toBeUndefined()
    })

    it('remember-me makes the session permanent for 14 days, and not beyond', async () => {
      const { login, whoami, clock } = setup(mode)
      const jar = cookieJar()
      const { result } = await login(jar, alice, true)
      const maxAge = Number(/Max-Age=(\d+)/.exec(result.cookies[0]!)?.[1])
      expect(maxAge).toBeGreaterThan(14 * 24 * 3600 - 120)
      expect(maxAge).toBeLessThanOrEqual(14 * 24 * 3600)
      for (let day = 1; day <= 13; day++) {
        clock.advance(DAY)
        expect(await whoami(jar)).toBe('alice')
      }
      clock.advance(DAY + 1000)
      expect(await whoami(jar)).toBeUndefined()
    })

    it('a login without remember-me is a browser-session cookie', async () => {
      const { login } = setup(mode)
      const { result } = await login(cookieJar(), alice)
      expect(result.cookies[0]).not.toMatch(/Max-Age|Expires/)
    })

    it('CL-45 a login is fresh for 10 minutes; confirm() makes it fresh again with a new ID', async () => {
      const { login, sessions, auth, clock } = setup(mode)
      const jar = cookieJar()
      await login(jar, alice)
      expect((await request(sessions, jar, (h) => auth.isFresh(h.session))).value).toBe(true)
      clock.advance(11 * MINUTE)
      expect((await request(sessions, jar, (h) => auth.isFresh(h.session))).value).toBe(false)
      const before = jar.header()
      await request(sessions, jar, (h) => auth.confirm(h.session))
      expect(jar.header()).not.toBe(before)
      expect((await request(sessions, jar, (h) => auth.isFresh(h.session))).value).toBe(true)
    })

    it('CL-27 only a full login restarts the absolute timeout', async () => {
      const { login, whoami, clock } = setup(mode)
      const active = cookieJar()
      const renewed = cookieJar()
      await login(active, alice)
      await login(renewed, alice)
      // Active every 25 minutes (inside the 30-minute idle timeout) for 11 hours.
      for (let t = 0; t < 11 * 60; t += 25) {
        clock.advance(25 * MINUTE)
        expect(await whoami(active)).toBe('alice')
        expect(await whoami(renewed)).toBe('alice')
      }
      await login(renewed, alice)
      for (let t = 0; t < 2 * 60; t += 25) {
        clock.advance(25 * MINUTE)
        await whoami(active)
        expect(await whoami(renewed)).toBe('alice')
      }
      expect(await whoami(active)).toBeUndefined()
    })

    it('ends the session when the user no longer exists', async () => {
      const { login, whoami } = setup(mode)
      const jar = cookieJar()
      await login(jar, { id: '99', name: 'ghost' })
      expect(await whoami(jar)).toBeUndefined()
    })

    it('session protection "strong" ends a session whose User-Agent changed', async () => {
      const { login, whoami } = setup(mode, { sessionProtection: 'strong' })
      const jar = cookieJar()
      await login(jar, alice, false, 'Firefox/1')
      expect(await whoami(jar, 'Firefox/1')).toBe('alice')
      expect(await whoami(jar, 'curl/8')).toBeUndefined()
      expect(await whoami(jar, 'Firefox/1')).toBeUndefined()
    })

    it('CL-48 emits audit events without secrets', async () => {
      const { login, sessions, auth, events } = setup(mode)
      const jar = cookieJar()
      await login(jar, alice)
      auth.loginFailed('mallory', '10.0.0.1')
      await request(sessions, jar, (h) => auth.logout(h.session))
      expect(events.map((e) => e.type)).toEqual(['login', 'login-failed', 'logout'])
      const text = JSON.stringify(events)
      for (const value of jar.cookies.values()) expect(text).not.toContain(value)
      expect(events[0]?.userId).toBe('1')
    })

    it('lists the active sessions with the current one marked and opaque handles', async () => {
      const { login, sessions, auth } = setup(mode)
      const a = cookieJar()
      const b = cookieJar()
      await login(a, alice, false, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0')
      await login(b, alice, false, 'Mozilla/5.0 (Macintosh; Mac OS X 14) Safari/605')
      const { value } = await request(sessions, a, (h) => auth.listSessions(h.session), {
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0',
      })
      const rows = value
      expect(rows.length).toBe(mode === 'store' ? 2 : 1)
      expect(rows.filter((r) => r.current)).toHaveLength(1)
      expect(rows.find((r) => r.current)?.device).toBe('Firefox on Linux')
      for (const row of rows) {
        expect(row.handle).toMatch(/^[A-Za-z0-9_-]{22}$/)
        for (const cookie of [...a.cookies.values(), ...b.cookies.values()]) {
          expect(cookie).not.toContain(row.handle)
        }
      }
    })
  })
}

describe('login manager, server-side only', () => {
  it('CL-46 revokes one session by its handle', async () => {
    const { login, sessions, auth, whoami } = setup('store')
    const a = cookieJar()
    const b = cookieJar()
    await login(a, alice)
    await login(b, alice)
    const rows = (await request(sessions, a, (h) => auth.listSessions(h.session))).value
    const other = rows.find((r) => !r.current)!
    const { value } = await request(sessions, a, (h) => auth.revokeSession(h.session, other.handle))
    expect(value).toBe(true)
    expect(await whoami(b)).toBeUndefined()
    expect(await whoami(a)).toBe('alice')
    expect((await request(sessions, a, (h) => auth.revokeSession(h.session, 'nope'))).value).toBe(
      false,
    )
  })

  it('CL-33 keeps at most maxSessionsPerUser sessions, ending the oldest', async () => {
    const { login, whoami, clock } = setup('store', { maxSessionsPerUser: 2 })
    const jars = [cookieJar(), cookieJar(), cookieJar()]
    for (const jar of jars) {
      await login(jar, alice)
      clock.advance(1000)
    }
    expect(await whoami(jars[0]!)).toBeUndefined()
    expect(await whoami(jars[1]!)).toBe('alice')
    expect(await whoami(jars[2]!)).toBe('alice')
  })

  it('CL-47 revokeAllSessions ends every session of a user', async () => {
    const { login, auth, whoami } = setup('store')
    const a = cookieJar()
    await login(a, alice)
    expect(await auth.revokeAllSessions('1')).toBe(1)
    expect(await whoami(a)).toBeUndefined()
  })
})

describe('login manager, sealed cookies only', () => {
  it('CL-47 revokeAllSessions refuses every existing cookie of the user', async () => {
    const { login, auth, whoami, clock } = setup('cookie')
    const a = cookieJar()
    await login(a, alice)
    clock.advance(10)
    await auth.revokeAllSessions('1')
    expect(await whoami(a)).toBeUndefined()
  })

  it('CL-25 refuses a copied remember-me cookie after logout once more than absoluteTimeout has passed', async () => {
    const { login, sessions, auth, whoami, clock } = setup('cookie')
    const jar = cookieJar()
    await login(jar, alice, true)
    // A fresh copy for every try: a refused cookie is deleted from the jar that sent it.
    const saved = [...jar.cookies]
    const copy = () => {
      const stolen = cookieJar()
      for (const [k, v] of saved) stolen.cookies.set(k, v)
      return stolen
    }
    expect(await whoami(copy())).toBe('alice')
    await request(sessions, jar, (h) => auth.logout(h.session))
    expect(await whoami(copy())).toBeUndefined()
    clock.advance(sessions.options.absoluteTimeoutMs + HOUR)
    expect(await whoami(copy())).toBeUndefined()
    clock.advance(12 * DAY) // still inside the 14-day remember-me lifetime
    expect(await whoami(copy())).toBeUndefined()
  })

  it('CL-69 treats a sealed session with badly typed sign-in fields as anonymous', async () => {
    const clock = fakeClock()
    const { sessions, auth } = setup('cookie')
    const jar = cookieJar()
    jar.cookies.set(
      'session',
      sealCookie(
        { _user_id: 1, _auth: { at: 'yesterday', v: 0, sid: 'x' } },
        { secret: SECRET_A, cookieName: 'session', now: clock() },
      ),
    )
    const { value } = await request(sessions, jar, (h) => auth.currentUser(h.session))
    expect(value).toBeUndefined()
  })
})

describe('createLoginManager options', () => {
  const sessions = createSessionManager({ secret: SECRET_A })
  const loadUser = (id: string) => USERS.get(id)
  /** Options as an app without types might pass them. */
  const make = (options: Record<string, unknown>) => () => {
    const given: LoginManagerOptions<User> = { sessions, loadUser, ...options }
    return createLoginManager<User>(given)
  }

  it('refuses a missing `sessions`, or one that is not a session manager', () => {
    const message = 'createLoginManager needs `sessions`: the app’s session manager.'
    expect(make({ sessions: undefined })).toThrow(configError(message))
    expect(make({ sessions: {} })).toThrow(configError(message))
    expect(make({ sessions: { begin: 'no' } })).toThrow(configError(message))
  })

  it("refuses Flask-Login's sessionProtection 'basic', saying what tessera has instead", () => {
    expect(make({ sessionProtection: 'basic' })).toThrow(
      configError(
        "sessionProtection 'basic' is Flask-Login's mode that only marks a session non-fresh; " +
          "tessera has 'strong' (a changed User-Agent ends the session) or false (the default).",
      ),
    )
  })

  it("accepts sessionProtection 'strong' or false and refuses anything else", () => {
    expect(make({ sessionProtection: 'strong' })).not.toThrow()
    expect(make({ sessionProtection: false })).not.toThrow()
    expect(make({ sessionProtection: true })).toThrow(
      configError("sessionProtection must be 'strong' or false, not true."),
    )
  })

  it.each([
    ['remember_cookie_duration', 'Use rememberFor, in seconds.'],
    ['REMEMBER_COOKIE_DURATION', 'Use rememberFor, in seconds.'],
    ['user_loader', 'Use loadUser.'],
    ['userLoader', 'Use loadUser.'],
    ['session_protection', "Use sessionProtection: 'strong' or false."],
  ])("names tessera's option for Flask-Login's %s", (name, hint) => {
    expect(make({ [name]: 1 })).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INVALID',
        message: expect.stringContaining(`"${name}". `) as unknown,
      }),
    )
    expect(make({ [name]: 1 })).toThrow(`${hint} Options: sessions, loadUser,`)
  })

  it('has the documented defaults, in seconds', () => {
    expect(LOGIN_DEFAULTS).toEqual({
      freshFor: 600,
      rememberFor: 1_209_600,
      maxRememberFor: 2_592_000,
      maxSessionsPerUser: 20,
    })
  })

  it('exposes freshFor in milliseconds', () => {
    expect(make({})().freshForMs).toBe(600_000)
    expect(make({ freshFor: 120 })().freshForMs).toBe(120_000)
  })
})

for (const mode of ['cookie', 'store'] as const) {
  describe(`login manager details (${mode} sessions)`, () => {
    const client = { ip: '192.0.2.1', userAgent: 'Firefox/133.0' }

    it('CL-48 emits exactly the login, login-failed and logout events', async () => {
      const { clock, sessions, auth, events } = setup(mode)
      const jar = cookieJar()
      const signedInAt = clock()
      await request(sessions, jar, (h) => auth.login(h.session, alice), client)
      const record = (await recordOf(sessions, jar))!
      auth.loginFailed('mallory', '10.0.0.1')
      clock.advance(SECOND)
      const { value: key } = await request(
        sessions,
        jar,
        async (h) => {
          const storeKey = stateOf(h.session).storeKey
          await auth.logout(h.session)
          return storeKey
        },
        client,
      )
      // Every event of one sign-in names it by its login handle, in both modes: a server-side
      // session's store key changes at login, so it would not match the login event.
      expect(key === undefined).toBe(mode === 'cookie')
      expect(events).toStrictEqual([
        {
          type: 'login',
          userId: '1',
          at: signedInAt,
          ip: '192.0.2.1',
          sessionHash: hashText(record.sid).slice(0, 12),
        },
        {
          type: 'login-failed',
          userId: 'mallory',
          at: signedInAt,
          ip: '10.0.0.1',
          sessionHash: undefined,
        },
        {
          type: 'logout',
          userId: '1',
          at: signedInAt + SECOND,
          ip: '192.0.2.1',
          sessionHash: hashText(record.sid).slice(0, 12),
        },
      ])
    })

    it('CL-44 revokeOtherSessions reports how many sessions it ended in its event', async () => {
      const { clock, sessions, auth, events, login } = setup(mode)
      const jars = [cookieJar(), cookieJar(), cookieJar()]
      for (const jar of jars) await login(jar, alice)
      clock.advance(SECOND)
      events.length = 0
      const { value } = await request(
        sessions,
        jars[0]!,
        async (h) => {
          const state = stateOf(h.session)
          const id = (readReserved(state, '_auth') as SignInRecord).sid
          return { count: await auth.revokeOtherSessions(h.session), id }
        },
        client,
      )
      const count = mode === 'store' ? 2 : 0
      expect(value.count).toBe(count)
      expect(events).toStrictEqual([
        {
          type: 'sessions-revoked',
          userId: '1',
          at: clock(),
          ip: '192.0.2.1',
          sessionHash: hashText(value.id).slice(0, 12),
          count,
        },
      ])
    })

    it('refuses a userId(user) that is empty or not a string, naming the option', async () => {
      const message = 'userId(user) must return a non-empty string.'
      for (const userId of [() => '', () => 7 as unknown as string]) {
        const { sessions, auth } = setup(mode, { userId })
        await expect(
          request(sessions, cookieJar(), (h) => auth.login(h.session, alice)),
        ).rejects.toThrow(configError(message))
      }
    })

    it.each([
      ['the empty string', ''],
      ['null', null],
      ['a boolean', true],
      ['undefined', undefined],
      ['an object', { generation: 1 }],
    ])('refuses a credentialVersion(user) that returns %s', async (_, version) => {
      const { sessions, auth } = setup(mode, { credentialVersion: () => version as string })
      await expect(
        request(sessions, cookieJar(), (h) => auth.login(h.session, alice)),
      ).rejects.toThrow(
        configError('credentialVersion(user) must return a non-empty string or a number.'),
      )
    })

    it('accepts a credentialVersion(user) of 0', async () => {
      const { login, whoami } = setup(mode, { credentialVersion: () => 0 })
      const jar = cookieJar()
      expect((await login(jar, alice)).value).toBe(true)
      expect(await whoami(jar)).toBe('alice')
    })

    it('a login recorded with a credential version holds for a login manager without credentialVersion', async () => {
      const { sessions, login } = setup(mode, { credentialVersion: () => 'v1' })
      const jar = cookieJar()
      await login(jar, alice)
      const plain = createLoginManager<User>({ sessions, loadUser: (id) => USERS.get(id) })
      const { value } = await request(sessions, jar, (h) => plain.currentUser(h.session))
      expect(value?.name).toBe('alice')
    })

    it('without credentialVersion, login does not load the user again', async () => {
      const { sessions, auth, loadUser } = setup(mode)
      const ghost = { id: '99', name: 'ghost' }
      const { value } = await request(sessions, cookieJar(), (h) => auth.login(h.session, ghost))
      expect(value).toBe(true)
      expect(loadUser).not.toHaveBeenCalled()
    })

    it('without credentialVersion, passwordChanged does not load the user again', async () => {
      const { sessions, auth, loadUser, login, events, whoami } = setup(mode)
      const jar = cookieJar()
      await login(jar, alice)
      loadUser.mockClear()
      await request(sessions, jar, (h) => auth.passwordChanged(h.session))
      expect(loadUser).not.toHaveBeenCalled()
      expect(events.map((e) => e.type)).toEqual(['login', 'sessions-revoked', 'password-changed'])
      expect(await whoami(jar)).toBe('alice')
    })

    it('records a User-Agent hash only with sessionProtection strong', async () => {
      const plain = setup(mode)
      const jar = cookieJar()
      await plain.login(jar, alice, false, 'Firefox/133.0')
      expect(await recordOf(plain.sessions, jar)).not.toHaveProperty('ua')
      const strong = setup(mode, { sessionProtection: 'strong' })
      const bound = cookieJar()
      await strong.login(bound, alice, false, 'Firefox/133.0')
      expect((await recordOf(strong.sessions, bound))?.ua).toBe(hashText('Firefox/133.0'))
    })

    it('only a remember-me login is capped at rememberFor', async () => {
      const { clock, sessions, login } = setup(mode)
      const browser = cookieJar()
      await login(browser, alice)
      expect(await reservedOf(sessions, browser, '_until')).toBeUndefined()
      const remembered = cookieJar()
      const t = clock()
      await login(remembered, alice, true)
      expect(await reservedOf(sessions, remembered, '_until')).toBe(t + 14 * DAY)
    })

    it('a new login drops what the previous login recorded, such as its remember-me cap', async () => {
      const { sessions, login, whoami } = setup(mode)
      const jar = cookieJar()
      await login(jar, alice, true)
      await login(jar, USERS.get('2')!)
      expect(await reservedOf(sessions, jar, '_until')).toBeUndefined()
      expect(await whoami(jar)).toBe('bob')
    })

    it('isFresh is false for an anonymous session', async () => {
      const { sessions, auth } = setup(mode)
      const { value } = await request(sessions, cookieJar(), (h) => auth.isFresh(h.session))
      expect(value).toBe(false)
    })

    it('CL-45 a login is fresh at exactly freshFor seconds, and not a millisecond later', async () => {
      const { clock, sessions, auth, login } = setup(mode, { freshFor: 120 })
      const jar = cookieJar()
      await login(jar, alice)
      const fresh = async () => (await request(sessions, jar, (h) => auth.isFresh(h.session))).value
      clock.advance(120 * SECOND)
      expect(await fresh()).toBe(true)
      clock.advance(1)
      expect(await fresh()).toBe(false)
    })

    it('CL-23 confirm() restarts the absolute timeout', async () => {
      const { sessions, auth, login, whoami, clock } = setup(mode)
      const active = cookieJar()
      const confirmed = cookieJar()
      await login(active, alice)
      await login(confirmed, alice)
      for (let t = 0; t < 11 * 60; t += 25) {
        clock.advance(25 * MINUTE)
        expect(await whoami(active)).toBe('alice')
        expect(await whoami(confirmed)).toBe('alice')
      }
      await request(sessions, confirmed, (h) => auth.confirm(h.session))
      for (let t = 0; t < 2 * 60; t += 25) {
        clock.advance(25 * MINUTE)
        await whoami(active)
        expect(await whoami(confirmed)).toBe('alice')
      }
      expect(await whoami(active)).toBeUndefined()
    })
  })
}

describe('login manager lifecycle hooks', () => {
  for (const includeUserId of [true, false]) {
    const user = includeUserId ? { userId: '1' } : {}

    it(`reports a revoked login refused on load as refused (revoked)${includeUserId ? ', with the user id' : ''}`, async () => {
      const hooked: SessionEvent[] = []
      const { clock, sessions, auth, login } = setup(
        'cookie',
        {},
        { hooks: { onEvent: (e) => hooked.push(e), includeUserId } },
      )
      const jar = cookieJar()
      await login(jar, alice)
      const copied = copyOf(jar)
      await request(sessions, jar, (h) => auth.logout(h.session))
      clock.advance(SECOND)
      hooked.length = 0
      const { value } = await request(sessions, copied, (h) => auth.currentUser(h.session))
      expect(value).toBeUndefined()
      expect(hooked.filter((e) => e.type === 'refused')).toStrictEqual([
        { type: 'refused', mode: 'cookie', at: clock(), reason: 'revoked', ...user },
      ])
    })

    it(`reports each revocation as revoked, with its scope and count${includeUserId ? ' and the user id' : ''}`, async () => {
      const hooked: SessionEvent[] = []
      const { clock, sessions, auth, login } = setup(
        'store',
        {},
        { hooks: { onEvent: (e) => hooked.push(e), includeUserId } },
      )
      const [a, b, c] = [cookieJar(), cookieJar(), cookieJar()]
      for (const jar of [a, b, c]) await login(jar, alice)
      await request(sessions, b, () => undefined)
      const rows = (await request(sessions, a, (h) => auth.listSessions(h.session))).value
      const handleOfB = rows.find((r) => !r.current)!.handle
      await request(sessions, a, (h) => auth.revokeSession(h.session, handleOfB))
      await request(sessions, a, (h) => auth.revokeOtherSessions(h.session))
      expect(await auth.revokeAllSessions('1')).toBe(1)
      const at = clock()
      expect(hooked.filter((e) => e.type === 'revoked')).toStrictEqual([
        { type: 'revoked', mode: 'store', at, scope: 'session', count: 1, ...user },
        { type: 'revoked', mode: 'store', at, scope: 'others', count: 1, ...user },
        { type: 'revoked', mode: 'store', at, scope: 'user', count: 1, ...user },
      ])
    })
  }

  it('an asynchronous revocation store: a login it keeps loads with no refusal reported', async () => {
    const hooked: SessionEvent[] = []
    const clock = fakeClock()
    const inner = memoryRevocations({ now: clock })
    const revocations: RevocationStore = {
      revokeSession: (handle, until) => inner.revokeSession(handle, until),
      revokeUser: (userId, before, until) => inner.revokeUser(userId, before, until),
      isRevoked: async (handle, userId, stamp) => inner.isRevoked(handle, userId, stamp),
      close: () => inner.close(),
    }
    const sessions = createSessionManager({
      secret: SECRET_A,
      now: clock,
      hooks: { onEvent: (e) => hooked.push(e) },
    })
    const auth = createLoginManager<User>({
      sessions,
      loadUser: (id) => USERS.get(id),
      revocations,
    })
    const jar = cookieJar()
    await request(sessions, jar, (h) => auth.login(h.session, alice))
    const copied = copyOf(jar)
    const { value } = await request(sessions, jar, (h) => auth.currentUser(h.session))
    expect(value?.name).toBe('alice')
    expect(hooked.filter((e) => e.type === 'refused')).toEqual([])
    await request(sessions, jar, (h) => auth.logout(h.session))
    hooked.length = 0
    const after = await request(sessions, copied, (h) => auth.currentUser(h.session))
    expect(after.value).toBeUndefined()
    expect(hooked.filter((e) => e.type === 'refused')).toStrictEqual([
      { type: 'refused', mode: 'cookie', at: clock(), reason: 'revoked' },
    ])
  })
})

describe('login manager, revocation checks within a request (sealed cookies)', () => {
  it('with a session manager it cannot attach its load check to, currentUser still refuses a revoked login', async () => {
    const hooked: SessionEvent[] = []
    const clock = fakeClock()
    const sessions = createSessionManager({
      secret: SECRET_A,
      now: clock,
      hooks: { onEvent: (e) => hooked.push(e), includeUserId: true },
    })
    // A copy of the manager: the same sessions, but no slot for the login manager's load check.
    const wrapped: SessionManager = { ...sessions }
    const auth = createLoginManager<User>({ sessions: wrapped, loadUser: (id) => USERS.get(id) })
    const jar = cookieJar()
    await request(wrapped, jar, (h) => auth.login(h.session, alice))
    const copied = copyOf(jar)
    await request(wrapped, jar, (h) => auth.logout(h.session))
    hooked.length = 0
    const { value, result } = await request(wrapped, copied, async (h) => {
      const user = await auth.currentUser(h.session)
      return { user, data: h.session.keys() }
    })
    expect(value).toEqual({ user: undefined, data: [] })
    expect(result.cookies.some((c) => /^session=;/.test(c))).toBe(true)
    expect(hooked.filter((e) => e.type === 'refused')).toStrictEqual([
      { type: 'refused', mode: 'cookie', at: clock(), reason: 'revoked', userId: '1' },
    ])
  })

  it('currentUser asks the revocations again once the login’s stamp changed since the load check', async () => {
    const { clock, sessions, auth, login } = setup('cookie')
    const jar = cookieJar()
    await login(jar, alice)
    clock.advance(SECOND)
    const { value } = await request(sessions, jar, async (h) => {
      // Every login of the user up to now is revoked, then this one is stamped anew (now).
      await auth.revokeAllSessions('1')
      await auth.revokeOtherSessions(h.session)
      return auth.currentUser(h.session)
    })
    expect(value).toBeUndefined()
  })

  it('currentUser asks the revocations again once the login got a handle since the load check', async () => {
    const { clock, sessions, auth } = setup('cookie', {}, { format: 'flask' })
    const jar = flaskCookie(clock(), { _user_id: '1', _fresh: true })
    clock.advance(SECOND)
    const { value } = await request(sessions, jar, async (h) => {
      // Every login of the user up to now is revoked; confirm() gives the Flask-Login sign-in a handle.
      await auth.revokeAllSessions('1')
      await auth.confirm(h.session)
      return auth.currentUser(h.session)
    })
    expect(value).toBeUndefined()
  })

  it('keeps a logout’s revocation for rememberFor when that is the longest a session can live', async () => {
    const { clock, sessions, auth, login, revocations } = setup(
      'cookie',
      { rememberFor: 20 * 24 * 3600 },
      { permanentLifetime: 7 * 24 * 3600 },
    )
    const jar = cookieJar()
    await login(jar, alice, true)
    const { sid } = (await recordOf(sessions, jar))!
    await request(sessions, jar, (h) => auth.logout(h.session))
    expect(revocations.revokeSession.mock.calls).toEqual([[sid, clock() + 20 * DAY]])
  })

  it('confirm() keeps the login’s handle: logging out afterwards still refuses a copy made before', async () => {
    const { sessions, auth, login, whoami } = setup('cookie')
    const jar = cookieJar()
    await login(jar, alice)
    const copied = copyOf(jar)
    await request(sessions, jar, (h) => auth.confirm(h.session))
    await request(sessions, jar, (h) => auth.logout(h.session))
    expect(await whoami(copied)).toBeUndefined()
  })
})

describe('login manager, Flask-Login sign-ins (format: flask)', () => {
  const flaskSetup = (extra: Partial<LoginManagerOptions<User>> = {}) =>
    setup('cookie', extra, { format: 'flask' })

  it('signs in the user of a session Flask-Login signed in', async () => {
    const { clock, whoami } = flaskSetup()
    expect(await whoami(flaskCookie(clock(), { _user_id: '1' }))).toBe('alice')
  })

  it('a Flask-Login sign-in holds with credentialVersion: it has no recorded version to compare', async () => {
    const { clock, whoami } = flaskSetup({ credentialVersion: () => 3 })
    expect(await whoami(flaskCookie(clock(), { _user_id: '1' }))).toBe('alice')
  })

  it('a Flask-Login sign-in is as fresh as its _fresh says, however old', async () => {
    const { clock, sessions, auth } = flaskSetup()
    const fresh = flaskCookie(clock(), { _user_id: '1', _fresh: true })
    const stale = flaskCookie(clock(), { _user_id: '1', _fresh: false })
    const unmarked = flaskCookie(clock(), { _user_id: '1' })
    clock.advance(11 * MINUTE)
    const isFresh = async (jar: Jar) =>
      (await request(sessions, jar, (h) => auth.isFresh(h.session))).value
    expect(await isFresh(fresh)).toBe(true)
    expect(await isFresh(stale)).toBe(false)
    expect(await isFresh(unmarked)).toBe(false)
  })

  it('confirm() gives a Flask-Login sign-in a handle of its own', async () => {
    const { clock, sessions, auth } = flaskSetup()
    const jar = flaskCookie(clock(), { _user_id: '1' })
    await request(sessions, jar, (h) => auth.confirm(h.session))
    expect((await recordOf(sessions, jar))?.sid).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  it('logging out a Flask-Login sign-in revokes no handle (it has none)', async () => {
    const { clock, sessions, auth, events, revocations } = flaskSetup()
    const jar = flaskCookie(clock(), { _user_id: '1' })
    await request(sessions, jar, (h) => auth.logout(h.session))
    expect(jar.cookies.size).toBe(0)
    expect(revocations.revokeSession).not.toHaveBeenCalled()
    expect(events.map((e) => e.type)).toEqual(['logout'])
  })

  it('destroying a Flask-Login sign-in revokes no handle', async () => {
    const { clock, sessions, revocations } = flaskSetup()
    const jar = flaskCookie(clock(), { _user_id: '1' })
    await request(sessions, jar, (h) => h.session.destroy())
    expect(jar.cookies.size).toBe(0)
    expect(revocations.revokeSession).not.toHaveBeenCalled()
  })

  it('destroying a Flask-Login sign-in emits its logout event', async () => {
    const { clock, sessions, events } = flaskSetup()
    const jar = flaskCookie(clock(), { _user_id: '1' })
    await request(sessions, jar, (h) => h.session.destroy())
    expect(events).toStrictEqual([
      { type: 'logout', userId: '1', at: clock(), ip: undefined, sessionHash: undefined },
    ])
  })

  it('destroying a signed-in session revokes its handle', async () => {
    const { clock, sessions, login, revocations } = flaskSetup()
    const jar = cookieJar()
    await login(jar, alice)
    const { sid } = (await recordOf(sessions, jar))!
    await request(sessions, jar, (h) => h.session.destroy())
    expect(revocations.revokeSession.mock.calls).toEqual([[sid, clock() + 31 * DAY]])
  })
})

describe('login manager, server-side sessions per user', () => {
  it('CL-33 ends the sessions least recently seen, only as many as needed', async () => {
    const { sessions, login, whoami, clock } = setup('store', { maxSessionsPerUser: 3 })
    const [a, b, c, d] = [cookieJar(), cookieJar(), cookieJar(), cookieJar()]
    for (const jar of [a, b, c]) {
      await login(jar, alice)
      clock.advance(SECOND)
    }
    await request(sessions, a, (h) => h.session.set('cart', ['book'])) // a is seen last
    clock.advance(SECOND)
    await login(d, alice)
    expect(await whoami(b)).toBeUndefined()
    expect(await whoami(a)).toBe('alice')
    expect(await whoami(c)).toBe('alice')
    expect(await whoami(d)).toBe('alice')
  })

  it('maxSessionsPerUser: 0 keeps every session', async () => {
    const { login, whoami } = setup('store', { maxSessionsPerUser: 0 })
    const jars = [cookieJar(), cookieJar(), cookieJar()]
    for (const jar of jars) await login(jar, alice)
    for (const jar of jars) expect(await whoami(jar)).toBe('alice')
  })
})
