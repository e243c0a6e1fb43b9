/**
 * Issue 11, defect 9: "The default in-memory revocation store forgets".
 *
 * - A full memory store must never forget a revocation that is still in force: only revocations
 *   past their `until` (the sealed cookie's longest life) are moot and may be dropped. When it is
 *   full of live ones it fails closed: it refuses every cookie stamped before the overflow (one
 *   "valid from" time for everybody, so memory stays bounded) and warns
 *   (`TESSERA_MEMORY_REVOCATIONS_FULL`).
 * - Sealed-cookie sessions checked against the in-memory store under `NODE_ENV=production` get one
 *   process warning (`TESSERA_MEMORY_REVOCATIONS`): logout does not survive a restart, nor reach
 *   another process, without a shared store.
 *
 * The demo half of the defect (logout surviving a restart) is test/e2e/demo-sealed-restart.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'

import { createLoginManager } from '../../src/auth/login-manager.js'
import { memoryRevocations } from '../../src/stores/memory/revocations.js'
import { createSessionManager } from '../../src/index.js'
import { fakeClock, HOUR, MINUTE } from '../helpers/clock.js'
import { cookieJar, request, type Jar } from '../helpers/jar.js'
import { SECRET_A } from '../helpers/secrets.js'

const T0 = Date.UTC(2030, 0, 1)

interface User {
  id: string
}

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

/** The codes of the process warnings `spy` saw. */
function codesOf(spy: { mock: { calls: unknown[][] } }): unknown[] {
  return spy.mock.calls.map((call) => {
    const options = call[1] as { code?: string } | string | undefined
    return typeof options === 'object' ? options.code : call[2]
  })
}

describe('defect 9: a full memory revocation store never forgets a live revocation', () => {
  it('defect 9: overfilled with live session revocations, every revoked handle is still refused', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const clock = fakeClock(T0)
    const store = memoryRevocations({ now: clock, maxEntries: 10 })
    // 25 logouts, one a minute, each revoked for a day: every one is live at the end.
    for (let i = 0; i < 25; i++) {
      await store.revokeSession(`h${i}`, clock() + 24 * HOUR)
      clock.advance(MINUTE)
    }
    for (let i = 0; i < 25; i++) {
      // The cookie of handle i was stamped (signed in) before its logout.
      expect(await store.isRevoked(`h${i}`, 'u', T0 + i * MINUTE)).toBe(true)
    }
  })

  it('defect 9: overfilled with live per-user revocations, none of them is forgotten (and the store stays bounded)', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const clock = fakeClock(T0)
    const store = memoryRevocations({ now: clock, maxEntries: 10 })
    for (let i = 0; i < 25; i++) {
      await store.revokeUser(`u${i}`, clock(), clock() + 24 * HOUR)
      clock.advance(MINUTE)
    }
    for (let i = 0; i < 25; i++) {
      expect(await store.isRevoked('other', `u${i}`, T0 + i * MINUTE - 1)).toBe(true)
    }
    // Per-user entries count towards `maxEntries` too: 25 of them overflowed a store of 10.
    expect(codesOf(warn)).toContain('TESSERA_MEMORY_REVOCATIONS_FULL')
  })

  it('defect 9: on overflow it fails closed, as documented: every cookie stamped before it is refused, later ones are not, and it warns', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const clock = fakeClock(T0)
    const store = memoryRevocations({ now: clock, maxEntries: 3 })
    const before = clock() // a cookie signed in before the overflow and never revoked
    clock.advance(MINUTE)
    for (let i = 0; i < 3; i++) await store.revokeSession(`h${i}`, clock() + HOUR)
    expect(await store.isRevoked('untouched', 'u', before)).toBe(false)
    expect(codesOf(warn)).not.toContain('TESSERA_MEMORY_REVOCATIONS_FULL')

    await store.revokeSession('h3', clock() + HOUR) // one more than it holds
    expect(codesOf(warn)).toContain('TESSERA_MEMORY_REVOCATIONS_FULL')
    for (let i = 0; i < 4; i++) expect(await store.isRevoked(`h${i}`, 'u', clock())).toBe(true)
    expect(await store.isRevoked('untouched', 'u', before)).toBe(true)
    // A sign-in after the overflow is unaffected.
    clock.advance(1)
    expect(await store.isRevoked('fresh', 'u', clock())).toBe(false)
    // And the store keeps working normally afterwards.
    await store.revokeSession('fresh', clock() + HOUR)
    expect(await store.isRevoked('fresh', 'u', clock())).toBe(true)
  })

  it('defect 9: only revocations past their lifetime are dropped to make room (no overflow then)', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const clock = fakeClock(T0)
    const store = memoryRevocations({ now: clock, maxEntries: 3 })
    for (let i = 0; i < 3; i++) await store.revokeSession(`old${i}`, clock() + HOUR)
    clock.advance(2 * HOUR) // the old ones are moot now
    const stamp = clock()
    for (let i = 0; i < 3; i++) await store.revokeSession(`new${i}`, clock() + HOUR)
    expect(codesOf(warn)).not.toContain('TESSERA_MEMORY_REVOCATIONS_FULL')
    for (let i = 0; i < 3; i++) expect(await store.isRevoked(`new${i}`, 'u', stamp)).toBe(true)
    expect(await store.isRevoked('untouched', 'u', stamp - 1)).toBe(false)
  })

  it('defect 9: through the login manager, a logged-out cookie stays refused however many logouts follow', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const clock = fakeClock(T0)
    const sessions = createSessionManager({ secret: SECRET_A, now: clock })
    const auth = createLoginManager<User>({
      sessions,
      loadUser: (id) => ({ id }),
      revocations: memoryRevocations({ now: clock, maxEntries: 5 }),
    })
    const whoami = async (jar: Jar) =>
      (await request(sessions, jar, (h) => auth.currentUser(h.session))).value?.id
    const copies: Jar[] = []
    for (let i = 0; i < 12; i++) {
      const jar = cookieJar()
      await request(sessions, jar, (h) => auth.login(h.session, { id: `user${i}` }))
      const copy = cookieJar()
      for (const [name, value] of jar.cookies) copy.cookies.set(name, value)
      copies.push(copy)
      await request(sessions, jar, (h) => auth.logout(h.session))
      clock.advance(MINUTE)
    }
    for (const copy of copies) expect(await whoami(copy)).toBeUndefined()
  })
})
