import { describe, expect, it, vi } from 'vitest'
import { createLoginManager, type LoginManagerOptions } from '../../../src/auth/login-manager.js'
import { createSessionManager, type SessionManager } from '../../../src/index.js'
import { sealCookie } from '../../../src/codec/index.js'
import { memoryStore } from '../../../src/stores/memory/index.js'
import type { AuthEvent } from '../../../src/auth/events.js'
import { cookieJar, request, type Jar } from '../../helpers/jar.js'
import { DAY, fakeClock, HOUR, MINUTE } from '../../helpers/clock.js'
import { SECRET_A } from '../../helpers/secrets.js'

interface User {
  id: string
  name: string
}
const USERS = new Map<string, User>([
  ['1', { id: '1', name: 'alice' }],
  ['2', { id: '2', name: 'bob' }],
])

function setup(mode: 'cookie' | 'store', extra: Partial<LoginManagerOptions<User>> = {}) {
  const clock = fakeClock()
  const store = mode === 'store' ? memoryStore({ now: clock }) : undefined
  const sessions: SessionManager = createSessionManager({
    secret: SECRET_A,
    now: clock,
    ...(store === undefined ? {} : { store }),
  })
  const loadUser = vi.fn((id: string) => USERS.get(id))
  const events: AuthEvent[] = []
  const auth = createLoginManager<User>({
    sessions,
    loadUser,
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
  return { clock, store, sessions, auth, loadUser, events, whoami, login }
}

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
