/**
 * The conformance tests about users: per-user listing, revocation and purging. Part of
 * `describeStore` (suite.ts), run against every store.
 */
import { expect, it } from 'vitest'
import type { SessionRecord, SessionStore } from '../../src/stores/store.js'
import { newKey, newUser, type FakeClock, type StoreCapabilities } from './suite-helpers.js'

/** What a test reads from the suite: the fresh store and clock of the running test. */
export interface SuiteContext {
  readonly store: SessionStore
  readonly clock: FakeClock
  /** The clock's time when the test started. */
  readonly t0: number
  /** A record for the current time, with `overrides`. */
  record(overrides?: Partial<SessionRecord>): SessionRecord
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** Define the per-user tests inside `describeStore`'s block. */
export function describeUserTests(context: SuiteContext, capabilities: StoreCapabilities): void {
  it('lists only the live sessions of a user, newest last-seen first, without their data', async () => {
    const { store, clock, t0, record } = context
    const user = newUser()
    const [a, b, c, expired, other, anonymous] = Array.from({ length: 6 }, newKey)
    await store.create(
      a!,
      record({ userId: user, lastSeenAt: t0 - 3000, userAgent: 'A', ip: '::1' }),
    )
    await store.create(
      b!,
      record({ userId: user, lastSeenAt: t0 - 1000, userAgent: null, ip: null }),
    )
    await store.create(c!, record({ userId: user, lastSeenAt: t0 - 2000, createdAt: t0 - 5000 }))
    await store.create(expired!, record({ userId: user, expiresAt: t0 + 1000 }))
    await store.create(other!, record({ userId: newUser() }))
    await store.create(anonymous!, record())
    clock.advance(1000)
    const list = await store.listByUser(user)
    expect(list.map((s) => s.key)).toEqual([b, c, a])
    expect(list[2]).toEqual({
      key: a,
      createdAt: t0,
      lastSeenAt: t0 - 3000,
      expiresAt: t0 + 30 * MINUTE,
      absoluteExpiresAt: t0 + 12 * HOUR,
      userAgent: 'A',
      ip: '::1',
    })
    expect(list[0]).toMatchObject({ userAgent: null, ip: null })
    expect(list[1]?.createdAt).toBe(t0 - 5000)
    expect(await store.listByUser(newUser())).toEqual([])
  })

  it('moves a session between users when a patch changes its user id', async () => {
    const { store, t0, record } = context
    const key = newKey()
    const alice = newUser()
    const bob = newUser()
    await store.create(key, record())
    await store.update(key, { userId: alice }, t0 + HOUR)
    expect((await store.listByUser(alice)).map((s) => s.key)).toEqual([key])
    await store.update(key, { userId: bob }, t0 + HOUR)
    expect(await store.listByUser(alice)).toEqual([])
    expect((await store.listByUser(bob)).map((s) => s.key)).toEqual([key])
    expect(await store.destroyByUser(alice)).toBe(0)
    expect(await store.get(key)).toBeDefined()
  })

  it('destroys every session of a user except the one kept, and counts them', async () => {
    const { store, record } = context
    const user = newUser()
    const otherUser = newUser()
    const [a, b, c, other] = Array.from({ length: 4 }, newKey) as [string, string, string, string]
    for (const key of [a, b, c]) await store.create(key, record({ userId: user }))
    await store.create(other, record({ userId: otherUser }))
    expect(await store.destroyByUser(user, b)).toBe(2)
    expect(await store.get(a)).toBeUndefined()
    expect(await store.get(c)).toBeUndefined()
    expect(await store.get(b)).toBeDefined()
    expect((await store.listByUser(user)).map((s) => s.key)).toEqual([b])
    expect(await store.get(other)).toBeDefined()
    expect(await store.destroyByUser(user)).toBe(1)
    expect(await store.get(b)).toBeUndefined()
    expect(await store.destroyByUser(user)).toBe(0)
    expect(await store.destroyByUser(newUser(), a)).toBe(0)
  })

  it('does not count expired sessions among those destroyByUser ended', async () => {
    const { store, clock, t0, record } = context
    const user = newUser()
    await store.create(newKey(), record({ userId: user }))
    await store.create(newKey(), record({ userId: user, expiresAt: t0 + 1000 }))
    clock.advance(1000)
    expect(await store.destroyByUser(user)).toBe(1)
    expect(await store.listByUser(user)).toEqual([])
  })

  it('purges expired records, counts them and keeps the live ones', async () => {
    const { store, clock, t0, record } = context
    const live = newKey()
    const dead = [newKey(), newKey()]
    await store.create(live, record())
    for (const key of dead) await store.create(key, record({ expiresAt: t0 + 1000 }))
    clock.advance(1000)
    const purged = await store.purgeExpired()
    // Redis deletes expired keys itself; the others delete them here.
    expect(purged).toBe(capabilities.nativeTtl === true ? 0 : 2)
    if (capabilities.nativeTtl !== true) expect(await store.purgeExpired()).toBe(0)
    for (const key of dead) expect(await store.get(key)).toBeUndefined()
    expect(await store.get(live)).toBeDefined()
  })
}
