/**
 * The behaviour every throttle store shares, run against each backend by
 * `throttle.test.ts`, plus the login policy on top of each store.
 */
import { randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'

import { createThrottle } from '../../src/auth/throttle.js'
import type { ThrottleStore } from '../../src/auth/throttle-store.js'
import { NEVER } from '../../src/stores/kit/throttle.js'

const T0 = Date.UTC(2030, 0, 1)
const MINUTE = 60_000

/** A fresh key, so backends shared across tests never see each other's counters. */
export const newKey = (): string => `test:${randomBytes(8).toString('hex')}`

/** Registers the store contract's tests; `make` returns a store for the current test. */
export function describeThrottleStore(make: () => ThrottleStore | Promise<ThrottleStore>): void {
  it('starts a counter at 1 and adds one per hit, keeping its start time', async () => {
    const store = await make()
    const key = newKey()
    expect(await store.hit(key, MINUTE, T0)).toEqual({
      count: 1,
      firstAt: T0,
      lastAt: T0,
      expiresAt: T0 + MINUTE,
    })
    expect(await store.hit(key, MINUTE, T0 + 10)).toEqual({
      count: 2,
      firstAt: T0,
      lastAt: T0 + 10,
      expiresAt: T0 + 10 + MINUTE,
    })
    expect(await store.get(key, T0 + 20)).toMatchObject({ count: 2, firstAt: T0, lastAt: T0 + 10 })
    expect(await store.get(newKey(), T0)).toBeUndefined()
  })

  it('slides: hits less than the TTL apart keep adding up, a quiet TTL starts over', async () => {
    const store = await make()
    const key = newKey()
    for (let i = 0; i < 5; i += 1) await store.hit(key, MINUTE, T0 + i * (MINUTE - 1))
    const at = T0 + 4 * (MINUTE - 1)
    expect(await store.get(key, at + MINUTE - 1)).toMatchObject({ count: 5 })
    expect(await store.get(key, at + MINUTE)).toBeUndefined()
    expect(await store.hit(key, MINUTE, at + MINUTE)).toMatchObject({
      count: 1,
      firstAt: at + MINUTE,
    })
  })

  it('keeps a counter with an infinite TTL until it is reset', async () => {
    const store = await make()
    const key = newKey()
    expect(await store.hit(key, Infinity, T0)).toMatchObject({ count: 1, expiresAt: NEVER })
    expect(await store.get(key, T0 + 100 * 365 * 86_400_000)).toMatchObject({ count: 1 })
    await store.reset(key)
    expect(await store.get(key, T0)).toBeUndefined()
  })

  it('resets one counter without touching another', async () => {
    const store = await make()
    const [a, b] = [newKey(), newKey()]
    await store.hit(a, MINUTE, T0)
    await store.hit(b, MINUTE, T0)
    await store.reset(a)
    await store.reset(newKey()) // resetting a missing key is fine
    expect(await store.get(a, T0)).toBeUndefined()
    expect(await store.get(b, T0)).toMatchObject({ count: 1 })
  })

  it('never loses a count when many hits land at once', async () => {
    const store = await make()
    const key = newKey()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => Promise.resolve(store.hit(key, MINUTE, T0))),
    )
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    )
    expect(await store.get(key, T0)).toMatchObject({ count: 50 })
  })

  it('purges lapsed counters when it supports purging', async () => {
    const store = await make()
    if (store.purgeExpired === undefined) return
    const [lapsing, lasting] = [newKey(), newKey()]
    await store.hit(lapsing, MINUTE, T0)
    await store.hit(lasting, Infinity, T0)
    expect(await store.purgeExpired(T0 + MINUTE)).toBeGreaterThanOrEqual(1)
    expect(await store.get(lasting, T0 + MINUTE)).toMatchObject({ count: 1 })
    expect(await store.hit(lapsing, MINUTE, T0 + MINUTE)).toMatchObject({ count: 1 })
  })

  it('CL-39 carries the login policy: delays, the per-IP cap and the account lock', async () => {
    let now = T0
    const throttle = createThrottle({
      store: await make(),
      now: () => now,
      keyPrefix: `${newKey()}:`,
    })
    const alice = { account: 'alice', ip: '203.0.113.7' }
    for (let i = 0; i < 5; i += 1) await throttle.fail(alice)
    await expect(throttle.check(alice)).rejects.toMatchObject({ retryAfter: 1 })
    now += 1000
    await throttle.check(alice)
    for (let i = 0; i < 25; i += 1) await throttle.fail({ account: `user${i}`, ip: alice.ip })
    await expect(throttle.check({ account: 'bob', ip: alice.ip })).rejects.toMatchObject({
      retryAfter: 600,
    })
    await throttle.check({ account: 'bob', ip: '198.51.100.1' })
  })
}
