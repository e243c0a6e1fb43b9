import { describe, expect, it, vi } from 'vitest'
import { createLoginManager } from '../../../src/auth/login-manager.js'
import type { AuthEvent } from '../../../src/auth/events.js'
import type { RevocationStore } from '../../../src/auth/revocation.js'
import { createSessionManager, type SessionManager } from '../../../src/index.js'
import { memoryRevocations, memoryStore } from '../../../src/stores/memory/index.js'
import { cookieJar, request, type Jar } from '../../helpers/jar.js'
import { DAY, fakeClock, MINUTE } from '../../helpers/clock.js'
import { SECRET_A } from '../../helpers/secrets.js'

interface User {
  id: string
  name: string
}
const alice: User = { id: '1', name: 'alice' }
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
const CLIENT = { userAgent: FIREFOX, ip: '192.0.2.1' }

function setup(mode: 'cookie' | 'store') {
  const clock = fakeClock()
  const store = mode === 'store' ? memoryStore({ now: clock }) : undefined
  const sessions: SessionManager = createSessionManager({
    secret: SECRET_A,
    now: clock,
    ...(store === undefined ? {} : { store }),
  })
  const inner = memoryRevocations({ now: clock })
  const revocations: RevocationStore = {
    revokeSession: vi.fn((handle: string, until: number) => inner.revokeSession(handle, until)),
    revokeUser: vi.fn((userId: string, before: number, until: number) =>
      inner.revokeUser(userId, before, until),
    ),
    isRevoked: (handle, userId, stamp) => inner.isRevoked(handle, userId, stamp),
    close: () => inner.close(),
  }
  const events: AuthEvent[] = []
  const auth = createLoginManager<User>({
    sessions,
    loadUser: (id) => (id === alice.id ? alice : undefined),
    revocations,
    onEvent: (e) => events.push(e),
  })
  const login = (jar: Jar) => request(sessions, jar, (h) => auth.login(h.session, alice), CLIENT)
  const whoami = async (jar: Jar) =>
    (await request(sessions, jar, (h) => auth.currentUser(h.session), CLIENT)).value?.name
  const rows = async (jar: Jar) =>
    (await request(sessions, jar, (h) => auth.listSessions(h.session), CLIENT)).value
  const copy = (jar: Jar): Jar => {
    const copied = cookieJar()
    for (const [name, value] of jar.cookies) copied.cookies.set(name, value)
    return copied
  }
  return { clock, sessions, auth, events, revocations, login, whoami, rows, copy }
}

describe('active sessions, sealed cookies', () => {
  it('lists the cookie’s own login as the one current row', async () => {
    const { clock, login, rows } = setup('cookie')
    const jar = cookieJar()
    const signedInAt = clock()
    await login(jar)
    clock.advance(MINUTE)
    expect(await rows(jar)).toEqual([
      {
        handle: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) as unknown,
        device: 'Firefox on Linux',
        userAgent: FIREFOX,
        ip: '192.0.2.1',
        createdAt: signedInAt,
        lastSeenAt: signedInAt + MINUTE,
        current: true,
      },
    ])
  })

  it('CL-46 revokeSession with the cookie’s own handle logs it out: a copy is refused too', async () => {
    const { sessions, auth, login, whoami, rows, copy, events } = setup('cookie')
    const jar = cookieJar()
    await login(jar)
    const [row] = await rows(jar)
    const copied = copy(jar)
    const { value } = await request(sessions, jar, (h) =>
      auth.revokeSession(h.session, row!.handle),
    )
    expect(value).toBe(true)
    expect(jar.cookies.size).toBe(0)
    expect(await whoami(copied)).toBeUndefined()
    expect(events.map((e) => e.type)).toEqual(['login', 'logout'])
  })

  it('CL-46 revokeSession with another handle answers false and signs nothing out', async () => {
    const { sessions, auth, login, whoami, rows, events, revocations } = setup('cookie')
    const a = cookieJar()
    const b = cookieJar()
    await login(a)
    await login(b)
    const [other] = await rows(b)
    const { value } = await request(sessions, a, (h) =>
      auth.revokeSession(h.session, other!.handle),
    )
    expect(value).toBe(false)
    expect(await whoami(a)).toBe('alice')
    expect(await whoami(b)).toBe('alice')
    expect(events.map((e) => e.type)).toEqual(['login', 'login'])
    expect(revocations.revokeSession).not.toHaveBeenCalled()
  })

  it('CL-47 revokeAllSessions refuses a login made in the same millisecond', async () => {
    const { clock, auth, login, whoami, revocations } = setup('cookie')
    const jar = cookieJar()
    await login(jar)
    expect(await auth.revokeAllSessions('1')).toBe(0)
    // Every login stamped up to now is refused, kept for the longest life (31-day permanentLifetime).
    expect(revocations.revokeUser).toHaveBeenCalledWith('1', clock() + 1, clock() + 31 * DAY)
    expect(await whoami(jar)).toBeUndefined()
  })
})

for (const mode of ['cookie', 'store'] as const) {
  describe(`active sessions (${mode} sessions)`, () => {
    it('an anonymous session has no rows and revokes nothing', async () => {
      const { sessions, auth, login, whoami, rows } = setup(mode)
      const signedIn = cookieJar()
      await login(signedIn)
      const [row] = await rows(signedIn)
      const anonymous = cookieJar()
      expect(await rows(anonymous)).toEqual([])
      const { value } = await request(sessions, anonymous, (h) =>
        auth.revokeSession(h.session, row!.handle),
      )
      expect(value).toBe(false)
      expect(
        (await request(sessions, anonymous, (h) => auth.revokeOtherSessions(h.session))).value,
      ).toBe(0)
      expect(await whoami(signedIn)).toBe('alice')
    })

    it('revokeSession refuses a handle that is not a string', async () => {
      const { sessions, auth, login, whoami } = setup(mode)
      const jar = cookieJar()
      await login(jar)
      const { value } = await request(sessions, jar, (h) =>
        auth.revokeSession(h.session, 42 as unknown as string),
      )
      expect(value).toBe(false)
      expect(await whoami(jar)).toBe('alice')
    })
  })
}

describe('active sessions, server-side sessions', () => {
  it('CL-46 revokeSession with the current session’s handle logs it out', async () => {
    const { sessions, auth, login, whoami, rows, events } = setup('store')
    const a = cookieJar()
    const b = cookieJar()
    await login(a)
    await login(b)
    const mine = (await rows(a)).find((r) => r.current)!
    events.length = 0
    const { value } = await request(sessions, a, (h) => auth.revokeSession(h.session, mine.handle))
    expect(value).toBe(true)
    expect(a.cookies.size).toBe(0)
    expect(events.map((e) => e.type)).toEqual(['logout', 'session-revoked'])
    expect(await whoami(b)).toBe('alice')
    expect((await rows(b)).map((r) => r.current)).toEqual([true])
  })
})
