/**
 * The Workers KV revocation store on Node, against an in-process stand-in for a KV namespace
 * binding that keeps KV's rules (values expire after `expirationTtl` seconds, which must be at
 * least 60; every call is asynchronous). The store under workerd, through a real KV binding:
 * test/runtimes/kv-revocations.test.ts.
 */
import { setImmediate as tick } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'

import { kvRevocations, type KvNamespaceLike } from '../../src/stores/kv/revocations.js'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { fakeClock, type FakeClock, HOUR, MINUTE } from '../helpers/clock.js'
import { describeRevocationStore, newId } from './revocation-suite.js'

interface FakeKv extends KvNamespaceLike {
  readonly entries: Map<string, { value: string; expiresAt: number }>
  readonly ttls: Map<string, number>
  /** Every write, in order, as `key=value`. */
  readonly puts: string[]
  failing: boolean
}

/** A KV namespace in memory on `clock`, with KV's 60-second minimum TTL. */
function fakeKv(clock: FakeClock): FakeKv {
  const entries = new Map<string, { value: string; expiresAt: number }>()
  const ttls = new Map<string, number>()
  const kv: FakeKv = {
    entries,
    ttls,
    puts: [],
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
      kv.puts.push(`${key}=${value}`)
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
    await expect(store.isRevoked('h', 'u', Date.now())).rejects.toThrow(
      'The Workers KV revocation store did not answer in 20 ms.',
    )
    await expect(store.revokeSession('h', Date.now() + HOUR)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    )
  })

  it('refuses a missing binding and a bad timeoutMs with ConfigError', () => {
    const kv = fakeKv(fakeClock(T0))
    const binding = 'kvRevocations(kv) needs a KV namespace binding (env.NAME).'
    expect(() => kvRevocations(undefined as unknown as KvNamespaceLike)).toThrow(ConfigError)
    expect(() => kvRevocations(undefined as unknown as KvNamespaceLike)).toThrow(binding)
    expect(() => kvRevocations({ get: kv.get } as unknown as KvNamespaceLike)).toThrow(binding)
    expect(() => kvRevocations(kv, { timeoutMs: 0 })).toThrow(ConfigError)
    expect(() => kvRevocations(kv, { timeoutMs: 0 })).toThrow(
      'Workers KV revocation store: `timeoutMs` must be a positive integer, got 0.',
    )
  })

  it('names itself in the error of a failing KV', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    kv.failing = true
    await expect(store.isRevoked(newId('h'), newId('u'), T0)).rejects.toThrow(
      'The Workers KV revocation store failed.',
    )
  })

  it('writes under the default prefix `tessera:revoked:`', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    const [handle, user] = [newId('h'), newId('u')]
    await store.revokeSession(handle, T0 + HOUR)
    await store.revokeUser(user, T0, T0 + HOUR)
    expect(kv.puts).toEqual([
      `tessera:revoked:h:${handle}=${T0 + HOUR}`,
      `tessera:revoked:u:${user}=${T0}:${T0 + HOUR}`,
    ])
  })

  it('writes nothing for a revocation already over (`until` at or before now)', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    const [handle, user] = [newId('h'), newId('u')]
    await store.revokeSession(handle, T0)
    await store.revokeSession(handle, T0 - 1)
    await store.revokeUser(user, T0 - MINUTE, T0)
    await store.revokeUser(user, T0 - MINUTE, T0 - 1)
    expect(kv.puts).toEqual([])
  })

  it('writes nothing when a revocation would not lengthen or move forward the stored one', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    const [handle, user] = [newId('h'), newId('u')]
    await store.revokeSession(handle, T0 + HOUR)
    await store.revokeUser(user, T0 + 100, T0 + HOUR)
    clock.set(T0 + MINUTE)
    await store.revokeSession(handle, T0 + HOUR) // the same `until`
    await store.revokeSession(handle, T0 + 2 * MINUTE) // a shorter one
    await store.revokeUser(user, T0 + 100, T0 + HOUR) // the same window
    await store.revokeUser(user, T0 + 50, T0 + 2 * MINUTE) // a narrower one
    expect(kv.puts).toEqual([
      `tessera:revoked:h:${handle}=${T0 + HOUR}`,
      `tessera:revoked:u:${user}=${T0 + 100}:${T0 + HOUR}`,
    ])
    expect(kv.ttls.get(`tessera:revoked:h:${handle}`)).toBe(3600)
  })

  it('keeps the wider window of a user: a longer `until` with an earlier `before` extends it', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    const user = newId('u')
    await store.revokeUser(user, T0 + 100, T0 + MINUTE)
    await store.revokeUser(user, T0 + 50, T0 + HOUR)
    expect(kv.entries.get(`tessera:revoked:u:${user}`)?.value).toBe(`${T0 + 100}:${T0 + HOUR}`)
    expect(kv.ttls.get(`tessera:revoked:u:${user}`)).toBe(3600)
    clock.set(T0 + MINUTE + 1)
    expect(await store.isRevoked(newId('h'), user, T0 + 99)).toBe(true)
    expect(await store.isRevoked(newId('h'), user, T0 + 100)).toBe(false)
  })

  it('lets a user’s cookies pass from `until` on, while KV still holds the value', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    const user = newId('u')
    await store.revokeUser(user, T0, T0 + 10_000) // 10 s, stored for KV's minimum of 60 s
    clock.set(T0 + 10_000 - 1)
    expect(await store.isRevoked(newId('h'), user, T0 - 1)).toBe(true)
    clock.set(T0 + 10_000)
    expect(await kv.get(`tessera:revoked:u:${user}`)).toBe(`${T0}:${T0 + 10_000}`)
    expect(await store.isRevoked(newId('h'), user, T0 - 1)).toBe(false)
  })

  it('reads a malformed user value as no revocation, and overwrites it with the next one', async () => {
    const clock = fakeClock(T0)
    const kv = fakeKv(clock)
    const store = kvRevocations(kv, { now: clock })
    const stored = (value: string) => {
      const user = newId('u')
      kv.entries.set(`tessera:revoked:u:${user}`, { value, expiresAt: T0 + HOUR })
      return user
    }
    // Three numbers, all of them finite: not a `<before>:<until>` pair.
    const three = stored(`${T0 + HOUR}:${T0 + HOUR}:1`)
    expect(await store.isRevoked(newId('h'), three, T0)).toBe(false)
    for (const value of [`x:${T0 + HOUR}`, `${T0 + HOUR}:x`, `${T0 + HOUR}`, '']) {
      const user = stored(value)
      expect(await store.isRevoked(newId('h'), user, T0)).toBe(false)
      await store.revokeUser(user, T0, T0 + HOUR)
      expect(kv.entries.get(`tessera:revoked:u:${user}`)?.value).toBe(`${T0}:${T0 + HOUR}`)
      expect(await store.isRevoked(newId('h'), user, T0 - 1)).toBe(true)
    }
  })

  it('makes a revocation of a key wait for the one still being written to it', async () => {
    const clock = fakeClock(T0)
    const gated = gatedKv(clock)
    const store = kvRevocations(gated.kv, { now: clock })
    const user = newId('u')
    const first = store.revokeUser(user, T0 + 1, T0 + HOUR)
    const second = store.revokeUser(user, T0 + 3, T0 + HOUR)
    await settle(() => gated.pending.length === 1)
    gated.pending.shift()?.()
    await first
    await settle(() => gated.pending.length === 1) // the second is writing
    const third = store.revokeUser(user, T0 + 2, T0 + 2 * HOUR)
    for (let i = 0; i < 5; i += 1) await tick()
    expect(gated.gets).toEqual([`tessera:revoked:u:${user}`, `tessera:revoked:u:${user}`])
    gated.pending.shift()?.()
    await second
    await settle(() => gated.pending.length === 1)
    gated.pending.shift()?.()
    await third
    // Read after the second write, so the later `before` survives the third.
    expect(gated.inner.entries.get(`tessera:revoked:u:${user}`)?.value).toBe(
      `${T0 + 3}:${T0 + 2 * HOUR}`,
    )
    expect(await store.isRevoked(newId('h'), user, T0 + 2)).toBe(true)
  })

  it('keeps nothing per key once its writes are done', async () => {
    // Held keys would grow an isolate's memory with every handle ever revoked. Each key here is a
    // distinct 1 MiB string, so 32 of them held would show as 32 MiB more heap after a collection.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const unused = (): Promise<never> => Promise.reject(new Error('not called'))
    const store = kvRevocations({ get: unused, put: unused }, { now: () => T0 })
    gc()
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < 32; i += 1) {
      // `until` already over: no KV call, only the per-key queue.
      await store.revokeSession(String(i).padEnd(2 ** 20, 'x'), T0)
    }
    await tick()
    gc()
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(8 * 2 ** 20)
  })
})

/** Waits (a few event-loop turns at most) until `done()` holds. */
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i += 1) await tick()
  expect(done()).toBe(true)
}

/** A fake KV whose writes each wait until the test calls the next function in `pending`. */
function gatedKv(clock: FakeClock) {
  const inner = fakeKv(clock)
  const pending: (() => void)[] = []
  const gets: string[] = []
  const kv: KvNamespaceLike = {
    get(key) {
      gets.push(key)
      return inner.get(key)
    },
    async put(key, value, options) {
      await new Promise<void>((resolve) => pending.push(resolve))
      await inner.put(key, value, options)
    },
  }
  return { kv, inner, pending, gets }
}
