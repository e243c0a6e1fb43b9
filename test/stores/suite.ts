/**
 * The conformance suite every session store passes (CL-78, docs/stores.md). Each backend's test file
 * calls `describeStore` with a factory and adds only what is specific to it. The factory is called
 * before every test and must return a store with nothing in it (a fresh database, table or prefix).
 */
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { storeKey } from '../../src/stores/store-key.js'
import type { SessionRecord, SessionStore } from '../../src/stores/store.js'
import { type FakeClock, newKey, newUser, type StoreCapabilities } from './suite-helpers.js'
import { describeUserTests, type SuiteContext } from './suite-users.js'

export { type FakeClock, newKey, newUser, type StoreCapabilities } from './suite-helpers.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * Define the conformance tests for one store. `makeStore` gets the suite's fake clock (pass
 * `clock.now` as the store's `now`); backends whose expiry runs on the server (Redis) say so in
 * `capabilities`.
 */
export function describeStore(
  name: string,
  makeStore: (clock: FakeClock) => SessionStore | Promise<SessionStore>,
  capabilities: StoreCapabilities = {},
): void {
  describe(`${name} store (conformance)`, () => {
    let store: SessionStore
    let clock: FakeClock
    let t0: number

    beforeEach(async () => {
      // Starts at the real time, so backends with server-side TTLs get sensible deadlines.
      let now = Date.now()
      t0 = now
      clock = { now: () => now, advance: (ms) => void (now += ms) }
      store = await makeStore(clock)
    })
    afterEach(async () => {
      await store.close()
    })

    function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
      const at = clock.now()
      return {
        data: { user: 'alice', roles: ['admin', 'dev'], counter: 1 },
        userId: null,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + 30 * MINUTE,
        absoluteExpiresAt: at + 12 * HOUR,
        userAgent: 'Firefox 128 on Linux',
        ip: '203.0.113.7',
        ...overrides,
      }
    }
    const context: SuiteContext = {
      get store() {
        return store
      },
      get clock() {
        return clock
      },
      get t0() {
        return t0
      },
      record,
    }

    it('CL-4 keeps a record under the opaque store key, not under the session ID', async () => {
      const id = randomBytes(32).toString('base64url')
      const key = storeKey(id)
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
      const rec = record({ userId: newUser() })
      await store.create(key, rec)
      expect(await store.get(key)).toEqual(rec)
      expect(await store.get(id)).toBeUndefined()
      expect((await store.listByUser(rec.userId!)).map((s) => s.key)).toEqual([key])
    })

    it('returns undefined for a key it never stored', async () => {
      expect(await store.get(newKey())).toBeUndefined()
    })

    it('round-trips every kind of JSON value and awkward key names', async () => {
      const key = newKey()
      const data = {
        '': 'empty name',
        'a.b': 1,
        'a"b': 2,
        "it's": 3,
        '$.x': 4,
        'x,{y}\\z': 6,
        NULL: 7,
        'd:userId': 5,
        userId: 'not the owner',
        'ümlaut 🎉': 'ok',
        nil: null,
        yes: true,
        no: false,
        zero: 0,
        float: -1.5,
        big: 1e300,
        text: 'line\nbreak, "quotes", \\ and 🎉',
        nested: { list: [1, 'two', { three: [3] }], empty: {}, none: [] },
        large: 'x'.repeat(64 * 1024),
      }
      await store.create(key, record({ data, userAgent: null, ip: null }))
      const got = await store.get(key)
      expect(got?.data).toEqual(data)
      expect(got?.userAgent).toBeNull()
      expect(got?.ip).toBeNull()
      const awkward = ['', 'a.b', 'a"b', "it's", '$.x', 'x,{y}\\z', 'NULL', 'd:userId', 'userId']
      await store.update(key, { delete: awkward, set: { 'a"b': 'again' } }, got!.expiresAt)
      const { large: _large, ...after } = (await store.get(key))?.data ?? {}
      expect(Object.keys(after).sort()).toEqual(
        ['a"b', 'ümlaut 🎉', 'nil', 'yes', 'no', 'zero', 'float', 'big', 'text', 'nested'].sort(),
      )
      expect(after['a"b']).toBe('again')
    })

    it('creating an existing key replaces the whole record', async () => {
      const key = newKey()
      const first = newUser()
      const second = newUser()
      await store.create(key, record({ data: { a: 1 }, userId: first }))
      const replacement = record({ data: { b: 2 }, userId: second, ip: null })
      await store.create(key, replacement)
      expect(await store.get(key)).toEqual(replacement)
      expect(await store.listByUser(first)).toEqual([])
      expect((await store.listByUser(second)).map((s) => s.key)).toEqual([key])
    })

    it('never aliases the objects it is given or returns', async () => {
      const key = newKey()
      const rec = record({ data: { nested: { n: 1 }, list: [1] } })
      await store.create(key, rec)
      ;(rec.data.nested as { n: number }).n = 99
      const got = await store.get(key)
      ;(got!.data.list as number[]).push(2)
      got!.data.extra = true
      const value = { deep: { n: 1 } }
      await store.update(key, { set: { value } }, rec.expiresAt)
      value.deep.n = 99
      expect((await store.get(key))?.data).toEqual({
        nested: { n: 1 },
        list: [1],
        value: { deep: { n: 1 } },
      })
    })

    it('applies a patch as clear, then delete, then set', async () => {
      const key = newKey()
      const rec = record({ data: { a: 1, b: 2, c: 3 } })
      await store.create(key, rec)
      await store.update(key, { delete: ['b', 'missing'] }, rec.expiresAt)
      expect((await store.get(key))?.data).toEqual({ a: 1, c: 3 })
      await store.update(key, { delete: ['a'], set: { a: 'again', d: { x: [1] } } }, rec.expiresAt)
      expect((await store.get(key))?.data).toEqual({ a: 'again', c: 3, d: { x: [1] } })
      await store.update(key, { clear: true, delete: ['z'], set: { only: null } }, rec.expiresAt)
      expect((await store.get(key))?.data).toEqual({ only: null })
      await store.update(key, { clear: true }, rec.expiresAt)
      expect((await store.get(key))?.data).toEqual({})
    })

    it('changes the user, last-seen time and deadline with a patch, and keeps what it leaves out', async () => {
      const key = newKey()
      const user = newUser()
      const rec = record()
      await store.create(key, rec)
      await store.update(key, { userId: user, lastSeenAt: t0 + 5 }, t0 + 40 * MINUTE)
      expect(await store.get(key)).toEqual({
        ...rec,
        userId: user,
        lastSeenAt: t0 + 5,
        expiresAt: t0 + 40 * MINUTE,
      })
      await store.update(key, { set: { k: 1 } }, t0 + 41 * MINUTE)
      expect(await store.get(key)).toMatchObject({
        userId: user,
        lastSeenAt: t0 + 5,
        expiresAt: t0 + 41 * MINUTE,
      })
      await store.update(key, { userId: null }, t0 + 41 * MINUTE)
      expect((await store.get(key))?.userId).toBeNull()
      expect(await store.listByUser(user)).toEqual([])
    })

    it('touch moves only the deadline and the last-seen time', async () => {
      const key = newKey()
      const rec = record()
      await store.create(key, rec)
      await store.touch(key, t0 + 45 * MINUTE, t0 + 9)
      expect(await store.get(key)).toEqual({
        ...rec,
        expiresAt: t0 + 45 * MINUTE,
        lastSeenAt: t0 + 9,
      })
      await store.touch(key, t0 + 50 * MINUTE)
      expect(await store.get(key)).toEqual({
        ...rec,
        expiresAt: t0 + 50 * MINUTE,
        lastSeenAt: t0 + 9,
      })
    })

    it('CL-27 never moves a deadline past the absolute deadline', async () => {
      const key = newKey()
      const rec = record({ absoluteExpiresAt: t0 + HOUR })
      await store.create(key, rec)
      await store.touch(key, t0 + 2 * HOUR)
      expect((await store.get(key))?.expiresAt).toBe(t0 + HOUR)
      await store.update(key, { set: { a: 1 } }, t0 + 3 * HOUR)
      expect((await store.get(key))?.expiresAt).toBe(t0 + HOUR)
      clock.advance(HOUR)
      expect(await store.get(key)).toBeUndefined()
    })

    it('CL-76 keeps all 100 keys set by 100 concurrent updates of one session', async () => {
      const key = newKey()
      const rec = record({ data: { base: true } })
      await store.create(key, rec)
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) =>
          store.update(key, { set: { [`k${i}`]: i } }, rec.expiresAt),
        ),
      )
      const data = (await store.get(key))?.data ?? {}
      expect(Object.keys(data)).toHaveLength(101)
      for (let i = 0; i < 100; i += 1) expect(data[`k${i}`]).toBe(i)
    })

    it('CL-76 lets concurrent updates of different sessions proceed independently', async () => {
      const keys = Array.from({ length: 20 }, newKey)
      const rec = record({ data: {} })
      await Promise.all(keys.map(async (key) => store.create(key, rec)))
      await Promise.all(
        keys.map(async (key, i) => store.update(key, { set: { mine: key, i } }, rec.expiresAt)),
      )
      for (const [i, key] of keys.entries())
        expect((await store.get(key))?.data).toEqual({ mine: key, i })
    })

    it('CL-76 counts every one of 50 concurrent increments of one key', async () => {
      const key = newKey()
      const rec = record({ data: { base: true } })
      await store.create(key, rec)
      await Promise.all(
        Array.from({ length: 50 }, async () =>
          store.update(key, { increment: { n: 1 } }, rec.expiresAt),
        ),
      )
      expect((await store.get(key))?.data).toEqual({ base: true, n: 50 })
    })

    it('CL-76 applies an increment after the set of the same patch', async () => {
      const key = newKey()
      const rec = record({ data: { n: 3, other: 2, gone: 7 } })
      await store.create(key, rec)
      await store.update(
        key,
        { delete: ['gone'], set: { n: 10 }, increment: { n: 5, other: -3, gone: 1 } },
        rec.expiresAt,
      )
      expect((await store.get(key))?.data).toEqual({ n: 15, other: -1, gone: 1 })
      await store.update(key, { clear: true, increment: { n: 2 } }, rec.expiresAt)
      expect((await store.get(key))?.data).toEqual({ n: 2 })
    })

    it('CL-76 counts a missing or non-numeric value as 0 and adds as JavaScript does', async () => {
      const key = newKey()
      const data = {
        text: '12',
        list: [1],
        obj: { n: 1 },
        nil: null,
        yes: true,
        f: 0.1,
        big: 2 ** 52,
      }
      const rec = record({ data })
      await store.create(key, rec)
      const increment = { text: 2, list: 1, obj: 1, nil: 1, yes: 1, f: 0.2, big: 1, fresh: -4.5 }
      await store.update(key, { increment }, rec.expiresAt)
      expect((await store.get(key))?.data).toEqual({
        text: 2,
        list: 1,
        obj: 1,
        nil: 1,
        yes: 1,
        f: 0.1 + 0.2, // 0.30000000000000004: the same double in every store
        big: 2 ** 52 + 1,
        fresh: -4.5,
      })
    })

    it('CL-77 an update with only an increment does nothing when the key is missing', async () => {
      const key = newKey()
      await store.update(key, { increment: { n: 1 } }, t0 + HOUR)
      expect(await store.get(key)).toBeUndefined()
      const expired = newKey()
      await store.create(expired, record({ data: { n: 1 }, expiresAt: t0 + MINUTE }))
      clock.advance(MINUTE)
      await store.update(expired, { increment: { n: 1 } }, clock.now() + HOUR)
      expect(await store.get(expired)).toBeUndefined()
    })

    it('CL-77 an update or touch after destroy does not bring the session back', async () => {
      const key = newKey()
      const user = newUser()
      const rec = record({ userId: user })
      await store.create(key, rec)
      await store.destroy(key)
      await store.update(key, { set: { late: true }, userId: user }, t0 + HOUR)
      await store.touch(key, t0 + HOUR, t0 + 1)
      expect(await store.get(key)).toBeUndefined()
      expect(await store.listByUser(user)).toEqual([])
      await store.destroy(key) // destroying twice is harmless
    })

    it('CL-77 an update or touch of an expired session does not revive it', async () => {
      const key = newKey()
      await store.create(key, record({ expiresAt: t0 + MINUTE }))
      clock.advance(MINUTE + 1)
      await store.update(key, { set: { late: true } }, clock.now() + 30 * MINUTE)
      await store.touch(key, clock.now() + 30 * MINUTE)
      expect(await store.get(key)).toBeUndefined()
    })

    it('CL-77 an update of only the last-seen time or the user does not revive an expired session', async () => {
      const key = newKey()
      const user = newUser()
      await store.create(key, record({ expiresAt: t0 + MINUTE }))
      clock.advance(MINUTE + 1)
      await store.update(key, { lastSeenAt: clock.now(), userId: user }, clock.now() + 30 * MINUTE)
      await store.update(key, { lastSeenAt: clock.now() }, clock.now() + 30 * MINUTE)
      expect(await store.get(key)).toBeUndefined()
      expect(await store.listByUser(user)).toEqual([])
    })

    it('CL-28 never returns a record at or past its deadline, even before a purge', async () => {
      const key = newKey()
      const rec = record({ expiresAt: t0 + MINUTE })
      await store.create(key, rec)
      clock.advance(MINUTE - 1)
      expect(await store.get(key)).toEqual(rec)
      clock.advance(1)
      expect(await store.get(key)).toBeUndefined()
    })

    describeUserTests(context, capabilities)

    it('can be closed more than once', async () => {
      await store.close()
      await store.close()
      expect(store.name).toBe(name)
    })
  })
}
