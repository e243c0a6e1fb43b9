/**
 * The behaviour every revocation store shares, run against each backend by
 * `revocations.test.ts` and `kv-revocations.test.ts`. Time is a fake clock handed to the store (`now`): every backend
 * judges `until` with the app's clock, Redis included (its real TTLs are tested on their own).
 */
import { randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'

import type { RevocationStore } from '../../src/auth/revocation.js'
import { fakeClock, type FakeClock, HOUR, MINUTE } from '../helpers/clock.js'

/** A store with a `purgeExpired` (the SQL backends). */
type Purging = RevocationStore & { purgeExpired(): number | Promise<number> }

export interface RevocationSuiteOptions {
  /** A second revocation of a handle with an earlier `until` leaves the later one. @default true */
  keepsLongestHandle?: boolean
  /** The store has `purgeExpired()`. @default true */
  purges?: boolean
}

/** A fresh handle or user id, so backends shared across tests never see each other's rows. */
export const newId = (label: string): string => `${label}-${randomBytes(8).toString('base64url')}`

/**
 * Registers the revocation store contract's tests. `make` returns a store on the given clock
 * (which starts at 2030-01-01) with tables or keys of its own, so counts are exact.
 */
export function describeRevocationStore(
  make: (clock: FakeClock) => RevocationStore | Promise<RevocationStore>,
  options: RevocationSuiteOptions = {},
): void {
  const T0 = Date.UTC(2030, 0, 1)
  const setup = async () => {
    const clock = fakeClock(T0)
    const store = await make(clock)
    return { clock, store, handle: newId('h'), user: newId('u') }
  }

  it('CL-25 refuses a revoked handle until `until`, then lets it pass', async () => {
    const { clock, store, handle, user } = await setup()
    expect(await store.isRevoked(handle, user, T0 - MINUTE)).toBe(false)
    await store.revokeSession(handle, T0 + HOUR)
    expect(await store.isRevoked(handle, user, T0 - MINUTE)).toBe(true)
    // The handle alone decides: any user and any stamp.
    expect(await store.isRevoked(handle, newId('u'), T0 + MINUTE)).toBe(true)
    clock.set(T0 + HOUR - 1)
    expect(await store.isRevoked(handle, user, T0 - MINUTE)).toBe(true)
    clock.set(T0 + HOUR)
    expect(await store.isRevoked(handle, user, T0 - MINUTE)).toBe(false)
  })

  it('CL-44 refuses a user’s sessions stamped before `before` and accepts later ones', async () => {
    const { clock, store, user } = await setup()
    await store.revokeUser(user, T0, T0 + HOUR)
    expect(await store.isRevoked(newId('h'), user, T0 - 1)).toBe(true)
    expect(await store.isRevoked(newId('h'), user, T0 - 30 * 86_400_000)).toBe(true)
    expect(await store.isRevoked(newId('h'), user, T0)).toBe(false)
    expect(await store.isRevoked(newId('h'), user, T0 + 1)).toBe(false)
    clock.set(T0 + HOUR - 1)
    expect(await store.isRevoked(newId('h'), user, T0 - 1)).toBe(true)
    clock.set(T0 + HOUR)
    expect(await store.isRevoked(newId('h'), user, T0 - 1)).toBe(false)
  })

  it('never moves `before` backwards nor shortens a user’s `until`', async () => {
    const { clock, store, user } = await setup()
    await store.revokeUser(user, T0 + 100, T0 + HOUR)
    await store.revokeUser(user, T0 + 50, T0 + MINUTE) // an older, shorter call arriving late
    expect(await store.isRevoked(newId('h'), user, T0 + 75)).toBe(true)
    clock.set(T0 + MINUTE + 1)
    expect(await store.isRevoked(newId('h'), user, T0 + 99)).toBe(true)
    expect(await store.isRevoked(newId('h'), user, T0 + 100)).toBe(false)
    // A later "valid from" moves forward and carries the longer `until` with it.
    await store.revokeUser(user, T0 + 200, T0 + MINUTE + 2)
    expect(await store.isRevoked(newId('h'), user, T0 + 150)).toBe(true)
    clock.set(T0 + HOUR - 1)
    expect(await store.isRevoked(newId('h'), user, T0 + 199)).toBe(true)
    expect(await store.isRevoked(newId('h'), user, T0 + 200)).toBe(false)
  })

  it.skipIf(options.keepsLongestHandle === false)(
    'never shortens a handle’s revocation',
    async () => {
      const { clock, store, handle, user } = await setup()
      await store.revokeSession(handle, T0 + HOUR)
      await store.revokeSession(handle, T0 + MINUTE)
      clock.set(T0 + MINUTE + 1)
      expect(await store.isRevoked(handle, user, T0)).toBe(true)
      await store.revokeSession(handle, T0 + 2 * HOUR)
      clock.set(T0 + HOUR + 1)
      expect(await store.isRevoked(handle, user, T0)).toBe(true)
    },
  )

  it('leaves other handles and other users alone', async () => {
    const { store, handle, user } = await setup()
    const [otherHandle, otherUser] = [newId('h'), newId('u')]
    await store.revokeSession(handle, T0 + HOUR)
    await store.revokeUser(user, T0, T0 + HOUR)
    expect(await store.isRevoked(otherHandle, otherUser, T0 - 1)).toBe(false)
    expect(await store.isRevoked(otherHandle, user, T0 - 1)).toBe(true)
    expect(await store.isRevoked(otherHandle, user, T0)).toBe(false)
    // Ids that share a prefix, or hold separators, are still different ids.
    expect(await store.isRevoked(`${handle}x`, `${user}:x`, T0 - 1)).toBe(false)
    expect(await store.isRevoked(handle.slice(0, -1), user.slice(0, -1), T0 - 1)).toBe(false)
  })

  it('keeps ids with separators, braces, quotes and non-ASCII text apart', async () => {
    const { store } = await setup()
    const base = newId('u')
    const odd = [`${base}:a`, `${base}{a}`, `${base}'; DROP TABLE x; --`, `${base}ü😀`, `${base} `]
    await store.revokeUser(odd[0]!, T0, T0 + HOUR)
    await store.revokeSession(odd[2]!, T0 + HOUR)
    expect(await store.isRevoked(newId('h'), odd[0]!, T0 - 1)).toBe(true)
    expect(await store.isRevoked(odd[2]!, base, T0 - 1)).toBe(true)
    for (const id of [base, ...odd.slice(1)]) {
      expect(await store.isRevoked(`${id}h`, id, T0 - 1)).toBe(false)
    }
  })

  it('keeps the latest `before` when many revocations of one user race', async () => {
    const { store, user } = await setup()
    const befores = Array.from({ length: 30 }, (_, i) => T0 + ((i * 7919) % 1000))
    await Promise.all(
      befores.map((before, i) => Promise.resolve(store.revokeUser(user, before, T0 + HOUR + i))),
    )
    const latest = Math.max(...befores)
    expect(await store.isRevoked(newId('h'), user, latest - 1)).toBe(true)
    expect(await store.isRevoked(newId('h'), user, latest)).toBe(false)
  })

  it('ignores a revocation whose `until` has already passed', async () => {
    const { store, handle, user } = await setup()
    await store.revokeSession(handle, T0 - 1)
    await store.revokeUser(user, T0 - MINUTE, T0)
    expect(await store.isRevoked(handle, user, T0 - HOUR)).toBe(false)
  })

  it.skipIf(options.purges === false)(
    'CL-28 purges expired revocations, keeps live ones',
    async () => {
      const { clock, store, handle, user } = await setup()
      const purging = store as Purging
      const [lasting, lastingUser] = [newId('h'), newId('u')]
      await store.revokeSession(handle, T0 + MINUTE)
      await store.revokeUser(user, T0, T0 + MINUTE)
      await store.revokeSession(lasting, T0 + HOUR)
      await store.revokeUser(lastingUser, T0, T0 + HOUR)
      clock.set(T0 + MINUTE - 1)
      expect(await purging.purgeExpired()).toBe(0)
      clock.set(T0 + MINUTE)
      expect(await purging.purgeExpired()).toBe(2)
      expect(await purging.purgeExpired()).toBe(0)
      expect(await store.isRevoked(lasting, user, T0 - 1)).toBe(true)
      expect(await store.isRevoked(newId('h'), lastingUser, T0 - 1)).toBe(true)
      // A purged handle can be revoked again.
      await store.revokeSession(handle, T0 + HOUR)
      expect(await store.isRevoked(handle, newId('u'), T0)).toBe(true)
    },
  )
}
