/**
 * The Workers KV revocation store on Node, against an in-process stand-in for a KV namespace
 * binding that keeps KV's rules (values expire after `expirationTtl` seconds, which must be at
 * least 60; every call is asynchronous). The store under workerd, through a real KV binding:
 * test/runtimes/kv-revocations.test.ts.
 */
import { setImmediate as tick } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'

import { kvRevocations, type KvNamespaceLike } from '../../src/stores/kv/revocations.js'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { fakeClock, type FakeClock, HOUR, MINUTE } from '../helpers/clock.js'
import { describeRevocationStore, newId } from './revocation-suite.js'

interface FakeKv extends KvNamespaceLike {
  readonly entries: Map<string, { value: string; expiresAt: number }>
  readonly ttls: Map<string, number>
  failing: boolean
}

/** A KV namespace in memory on `clock`, with KV's 60-second minimum TTL. */
function fakeKv(clock: FakeClock): FakeKv {
  const entries = new Map<string, { value: string; expiresAt: number }>()
  const ttls = new Map<string, number>()
  const kv: FakeKv = {
    entries,
    ttls,
    failing: false,
    async get(key) {
      await tick()
      if (kv.failing) throw new Error('KV GET failed: 500 Internal Server Error')
      const entry = entries.get(key)
      return entry === undefined || entry.expiresAt <= clock() ? null : entry.value
    },
    async put(key, value, { expirationTtl }) {
      await tick()
      if (kv.failing) throw new Error('KV PUT failed: 500 Internal Server Error')
      if (!(expirationTtl >= 60)) throw new Error('KV PUT failed: 400 Invalid expiration_ttl')
      entries.set(key, { value, expiresAt: clock() + expirationTtl * 1000 })
      ttls.set(key, expirationTtl)
    },
  }
  return kv
}

const T0 = Date.UTC(2030, 0, 1)

describe('Workers KV revocation store', () => {
  // KV expires keys itself: there is no purge to call.
  describeRevocationStore((clock) => kvRevocations(fakeKv(clock), { now: clock }), {
    purges: false,
  })

  it('writes the documented keys with a TTL that covers `until`, never under 60 s', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock, prefix: 'app:' })
    const [handle, user] = [newId('h'), newId('u')]
    await store.revokeSession(handle, T0 + HOUR)
    await store.revokeUser(user, T0 - 5, T0 + 10_000)
    expect(kv.entries.get(`app:h:${handle}`)?.value).toBe(String(T0 + HOUR))
    expect(kv.ttls.get(`app:h:${handle}`)).toBe(3600)
    expect(kv.entries.get(`app:u:${user}`)?.value).toBe(`${T0 - 5}:${T0 + 10_000}`)
    expect(kv.ttls.get(`app:u:${user}`)).toBe(60)
    expect(store.getClient()).toBe(kv)
  })

  it('keeps a revocation that KV has not expired yet, however long its TTL ran', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    const handle = newId('h')
    await store.revokeSession(handle, T0 + 10_000) // 10 s, stored for KV's minimum of 60 s
    clock.set(T0 + 10_000 - 1)
    expect(await store.isRevoked(handle, newId('u'), T0)).toBe(true)
    clock.set(T0 + 10_000)
    expect(await store.isRevoked(handle, newId('u'), T0)).toBe(false)
    clock.set(T0 + MINUTE)
    expect(kv.entries.size).toBe(1) // still in KV, but moot
    expect(await kv.get(`tessera:revoked:h:${handle}`)).toBeNull()
  })

  it('CL-72 reports a failing KV as StoreUnavailableError, so the request fails closed', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    kv.failing = true
    await expect(store.isRevoked(newId('h'), newId('u'), T0)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    )
    await expect(store.revokeSession(newId('h'), T0 + HOUR)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    )
    await expect(store.revokeUser(newId('u'), T0, T0 + HOUR)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    )
    // A failed write does not block the next one to the same key.
    kv.failing = false
    const user = newId('u')
    await store.revokeUser(user, T0, T0 + HOUR)
    expect(await store.isRevoked(newId('h'), user, T0 - 1)).toBe(true)
  })

  it('CL-73 gives up on a KV that never answers after timeoutMs with StoreUnavailableError', async () => {
    const hung: KvNamespaceLike = {
      get: () => new Promise(() => undefined),
      put: () => new Promise(() => undefined),
    }
    const store = kvRevocations(hung, { timeoutMs: 20 })
    await expect(store.isRevoked('h', 'u', Date.now())).rejects.toThrow(/did not answer in 20 ms/)
    await expect(store.revokeSession('h', Date.now() + HOUR)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    )
  })

  it('refuses a missing binding and a bad timeoutMs with ConfigError', () => {
    const kv = fakeKv(fakeClock(T0))
    expect(() => kvRevocations(undefined as unknown as KvNamespaceLike)).toThrow(ConfigError)
    expect(() => kvRevocations({ get: kv.get } as unknown as KvNamespaceLike)).toThrow(ConfigError)
    expect(() => kvRevocations(kv, { timeoutMs: 0 })).toThrow(ConfigError)
  })
})
