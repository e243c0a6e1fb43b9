/**
 * Sealed-cookie revocation is checked when the session is loaded, for all of its data, not only
 * when the app asks for the current user (issue 14): a copied cookie of a session that was logged
 * out, revoked, or whose user's sessions were all ended opens as a new, empty session.
 */
import { describe, expect, it } from 'vitest'
import { createLoginManager } from '../../../src/auth/login-manager.js'
import type { RevocationStore } from '../../../src/auth/revocation.js'
import { memoryRevocations } from '../../../src/stores/memory/index.js'
import { createSessionManager, type SessionEvent } from '../../../src/index.js'
import { StoreUnavailableError } from '../../../src/errors.js'
import { cookieJar, request, type Jar } from '../../helpers/jar.js'
import { fakeClock, MINUTE } from '../../helpers/clock.js'
import { SECRET_A } from '../../helpers/secrets.js'

interface User {
  id: string
  name: string
}
const alice: User = { id: '1', name: 'alice' }

/** A revocation store that answers asynchronously and counts its reads. */
function countingStore(inner: RevocationStore): RevocationStore & { reads: number } {
  const counting = {
    reads: 0,
    revokeSession: (handle: string, until: number) => inner.revokeSession(handle, until),
    revokeUser: (userId: string, before: number, until: number) =>
      inner.revokeUser(userId, before, until),
    async isRevoked(handle: string, userId: string, stamp: number) {
      counting.reads++
      return inner.isRevoked(handle, userId, stamp)
    },
    close: () => inner.close(),
  }
  return counting
}

function setup(revocations?: (now: () => number) => RevocationStore) {
  const clock = fakeClock()
  const events: SessionEvent[] = []
  const sessions = createSessionManager({
    secret: SECRET_A,
    now: clock,
    hooks: { onEvent: (e) => events.push(e) },
  })
  const store = revocations?.(clock)
  const auth = createLoginManager<User>({
    sessions,
    loadUser: (id) => (id === alice.id ? alice : undefined),
    ...(store === undefined ? {} : { revocations: store }),
  })
  const signIn = async (jar: Jar) => {
    await request(sessions, jar, (h) => auth.login(h.session, alice))
    await request(sessions, jar, (h) => h.session.set('cart', ['book']))
  }
  const copy = (jar: Jar): Jar => {
    const copied = cookieJar()
    for (const [name, value] of jar.cookies) copied.cookies.set(name, value)
    return copied
  }
  const read = (jar: Jar) =>
    request(sessions, jar, (h) => ({ cart: h.session.get('cart'), isNew: h.session.isNew }))
  return { clock, sessions, auth, events, store, signIn, copy, read }
}

describe('sealed-cookie revocation on load', () => {
  it('CL-25 a copied cookie of a logged-out session opens empty: none of its data reads, and the cookie is deleted', async () => {
    const { sessions, auth, signIn, copy, read } = setup()
    const jar = cookieJar()
    await signIn(jar)
    const copied = copy(jar)
    expect((await read(copied)).value).toEqual({ cart: ['book'], isNew: false })
    await request(sessions, jar, (h) => auth.logout(h.session))
    const { value, result } = await read(copied)
    expect(value).toEqual({ cart: undefined, isNew: true })
    expect(result.cookies.some((c) => /^session=;/.test(c) && /Max-Age=0/.test(c))).toBe(true)
  })

  it('CL-44 after revokeOtherSessions the other sessions lose all their data on load, this one keeps it', async () => {
    const { clock, sessions, auth, signIn, read } = setup()
    const mine = cookieJar()
    const other = cookieJar()
    await signIn(mine)
    await signIn(other)
    clock.advance(1000)
    await request(sessions, mine, (h) => auth.revokeOtherSessions(h.session))
    expect((await read(other)).value).toEqual({ cart: undefined, isNew: true })
    expect((await read(mine)).value).toEqual({ cart: ['book'], isNew: false })
  })

  it('CL-47 revokeAllSessions refuses every cookie of the user on load', async () => {
    const { clock, auth, signIn, read } = setup()
    const jar = cookieJar()
    await signIn(jar)
    clock.advance(1000)
    await auth.revokeAllSessions(alice.id)
    expect((await read(jar)).value).toEqual({ cart: undefined, isNew: true })
  })

  it('CL-25 session.destroy() of a signed-in sealed session revokes it: a copy made before is refused', async () => {
    const { sessions, signIn, copy, read } = setup()
    const jar = cookieJar()
    await signIn(jar)
    const copied = copy(jar)
    await request(sessions, jar, (h) => h.session.destroy())
    expect(jar.cookies.size).toBe(0)
    expect((await read(copied)).value).toEqual({ cart: undefined, isNew: true })
  })

  it('emits refused (revoked) when a revoked session is loaded', async () => {
    const { sessions, auth, signIn, copy, read, events } = setup()
    const jar = cookieJar()
    await signIn(jar)
    const copied = copy(jar)
    await request(sessions, jar, (h) => auth.logout(h.session))
    events.length = 0
    await read(copied)
    expect(events.some((e) => e.type === 'refused' && e.reason === 'revoked')).toBe(true)
  })

  it('asks an asynchronous revocation store once per signed-in request, before the handler, and never for an anonymous one', async () => {
    let counting: ReturnType<typeof countingStore> | undefined
    const { sessions, auth, signIn, read } = setup((now) => {
      counting = countingStore(memoryRevocations({ now }))
      return counting
    })
    const anonymous = cookieJar()
    await request(sessions, anonymous, (h) => h.session.set('theme', 'dark'))
    counting!.reads = 0
    await request(sessions, anonymous, (h) => h.session.get('theme'))
    expect(counting!.reads).toBe(0)

    const jar = cookieJar()
    await signIn(jar)
    counting!.reads = 0
    const { value } = await request(sessions, jar, async (h) => {
      const before = counting!.reads
      const user = await auth.currentUser(h.session)
      return { before, user: user?.name }
    })
    expect(value).toEqual({ before: 1, user: 'alice' })
    expect(counting!.reads).toBe(1)
    expect((await read(jar)).value.cart).toEqual(['book'])
  })

  it('CL-25 a revocation store that cannot answer fails the load with StoreUnavailableError, never accepting the cookie', async () => {
    let down = false
    const { sessions, signIn } = setup((now) => {
      const inner = memoryRevocations({ now })
      return {
        revokeSession: (h, u) => inner.revokeSession(h, u),
        revokeUser: (id, b, u) => inner.revokeUser(id, b, u),
        isRevoked: async (h, id, s) => {
          if (down) throw new StoreUnavailableError('revocations down')
          return inner.isRevoked(h, id, s)
        },
        close: () => inner.close(),
      }
    })
    const jar = cookieJar()
    await signIn(jar)
    down = true
    const handle = sessions.begin({
      cookieHeader: jar.header(),
      encrypted: false,
      host: 'localhost',
    })
    await expect(Promise.resolve(handle.load())).rejects.toBeInstanceOf(StoreUnavailableError)
  })

  it('does not refuse a session whose login outlived an unrelated revocation', async () => {
    const { clock, sessions, auth, signIn, read } = setup()
    const first = cookieJar()
    await signIn(first)
    await request(sessions, first, (h) => auth.logout(h.session))
    clock.advance(MINUTE)
    const second = cookieJar()
    await signIn(second)
    expect((await read(second)).value).toEqual({ cart: ['book'], isNew: false })
  })

  it("session protection 'strong' revokes the sealed login it ends: the original browser is signed out too", async () => {
    const clock = fakeClock()
    const sessions = createSessionManager({ secret: SECRET_A, now: clock })
    const auth = createLoginManager<User>({
      sessions,
      loadUser: (id) => (id === alice.id ? alice : undefined),
      sessionProtection: 'strong',
    })
    const jar = cookieJar()
    const mine = { userAgent: 'Firefox/140' }
    await request(sessions, jar, (h) => auth.login(h.session, alice), mine)
    const stolen = cookieJar()
    for (const [name, value] of jar.cookies) stolen.cookies.set(name, value)
    const elsewhere = await request(sessions, stolen, (h) => auth.currentUser(h.session), {
      userAgent: 'curl/8',
    })
    expect(elsewhere.value).toBeUndefined()
    const back = await request(sessions, jar, (h) => auth.currentUser(h.session), mine)
    expect(back.value).toBeUndefined()
  })
})
