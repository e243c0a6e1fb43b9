import { createHash } from 'node:crypto'

import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'

import { ipGroup } from '../../../src/auth/ip-group.js'
import { sqliteThrottle } from '../../../src/stores/sqlite/throttle.js'
import { createThrottle, type Throttle, type ThrottleOptions } from '../../../src/auth/throttle.js'
import type { ThrottleEntry, ThrottleStore } from '../../../src/auth/throttle-store.js'
import { memoryThrottle } from '../../../src/stores/memory/throttle.js'
import { ConfigError, StoreUnavailableError, ThrottledError } from '../../../src/errors.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const T0 = Date.UTC(2030, 0, 1)

/** How the throttle names a counter: SHA-256 of the text, base64url. */
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url')

/** The ConfigError `create` throws; fails the test when it throws nothing or something else. */
function configErrorOf(create: () => unknown): string {
  try {
    create()
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).message
  }
  throw new Error('expected a ConfigError, nothing was thrown')
}

const backends: [string, () => ThrottleStore][] = [
  ['memory', () => memoryThrottle()],
  ['sqlite', () => sqliteThrottle(new Database(':memory:'))],
]

/** A throttle on a fake clock. */
function setup(make: () => ThrottleStore, options: Partial<ThrottleOptions> = {}) {
  const clock = { now: T0 }
  const throttle = createThrottle({ store: make(), now: () => clock.now, ...options })
  return { clock, throttle }
}

/** The retryAfter of a refused check, or 0 when the attempt may go ahead. */
async function waitOf(throttle: Throttle, subject: { account: string; ip: string }) {
  try {
    await throttle.check(subject)
    return 0
  } catch (err) {
    if (!(err instanceof ThrottledError)) throw err
    return err.retryAfter
  }
}

describe.each(backends)('login throttle on the %s store', (_name, make) => {
  const alice = { account: 'alice', ip: '203.0.113.7' }

  it('CL-39 lets 5 failures through, then waits 1 s, doubling per failure, capped at 15 min', async () => {
    const { clock, throttle } = setup(make)
    const waits: number[] = []
    for (let i = 0; i < 16; i += 1) {
      waits.push(await waitOf(throttle, alice))
      clock.now += waits.at(-1)! * SECOND
      await throttle.fail(alice)
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900])
  })

  it('CL-39 answers 429-style with ThrottledError and retryAfter, and lets through after it', async () => {
    const { clock, throttle } = setup(make)
    for (let i = 0; i < 7; i += 1) await throttle.fail(alice)
    const err = await throttle.check(alice).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ThrottledError)
    expect(err).toMatchObject({ code: 'ERR_THROTTLED', retryAfter: 4 })
    expect(await throttle.status(alice)).toEqual({ allowed: false, retryAfter: 4 })
    clock.now += 3999
    expect(await waitOf(throttle, alice)).toBe(1)
    clock.now += 1
    expect(await waitOf(throttle, alice)).toBe(0)
  })

  it('CL-39 fail() returns the decision for the next attempt', async () => {
    const { throttle } = setup(make)
    for (let i = 0; i < 4; i += 1)
      expect(await throttle.fail(alice)).toEqual({ allowed: true, retryAfter: 0 })
    expect(await throttle.fail(alice)).toEqual({ allowed: false, retryAfter: 1 })
  })

  it('CL-39 resets the account + IP streak on success', async () => {
    const { clock, throttle } = setup(make)
    for (let i = 0; i < 6; i += 1) await throttle.fail(alice)
    clock.now += 2 * SECOND
    await throttle.succeed(alice)
    for (let i = 0; i < 4; i += 1) await throttle.fail(alice)
    expect(await waitOf(throttle, alice)).toBe(0)
  })

  it('CL-39 delays one account + IP pair without touching the same account from elsewhere', async () => {
    const { throttle } = setup(make)
    for (let i = 0; i < 8; i += 1) await throttle.fail(alice)
    expect(await waitOf(throttle, alice)).toBeGreaterThan(0)
    expect(await waitOf(throttle, { account: 'alice', ip: '198.51.100.9' })).toBe(0)
    expect(await waitOf(throttle, { account: 'bob', ip: alice.ip })).toBe(0)
  })

  it('CL-39 blocks an IP for 10 min after 30 failures across accounts (password spraying)', async () => {
    const { clock, throttle } = setup(make)
    for (let i = 0; i < 30; i += 1) {
      expect(await waitOf(throttle, { account: `user${i}`, ip: alice.ip })).toBe(0)
      await throttle.fail({ account: `user${i}`, ip: alice.ip })
      clock.now += 19 * SECOND
    }
    clock.now -= 19 * SECOND
    expect(await waitOf(throttle, { account: 'someone-new', ip: alice.ip })).toBe(600)
    expect(await waitOf(throttle, { account: 'someone-new', ip: '198.51.100.9' })).toBe(0)
    clock.now += 10 * MINUTE - 1
    expect(await waitOf(throttle, { account: 'someone-new', ip: alice.ip })).toBe(1)
    clock.now += 1
    expect(await waitOf(throttle, { account: 'someone-new', ip: alice.ip })).toBe(0)
  })

  it('CL-39 forgets per-IP failures that are more than 10 min apart', async () => {
    const { clock, throttle } = setup(make)
    for (let i = 0; i < 40; i += 1) {
      await throttle.fail({ account: `user${i}`, ip: alice.ip })
      clock.now += 10 * MINUTE
    }
    expect(await waitOf(throttle, { account: 'someone-new', ip: alice.ip })).toBe(0)
  })

  it('CL-39 counts an IPv6 /64 as one client, and IPv4-mapped addresses as IPv4', async () => {
    const { throttle } = setup(make)
    for (let i = 0; i < 30; i += 1) {
      await throttle.fail({ account: `user${i}`, ip: `2001:db8:1:2::${(i + 1).toString(16)}` })
    }
    expect(await waitOf(throttle, { account: 'x', ip: '2001:db8:1:2:ffff:1:2:3' })).toBe(600)
    expect(await waitOf(throttle, { account: 'x', ip: '2001:db8:1:3::1' })).toBe(0)
    for (let i = 0; i < 30; i += 1)
      await throttle.fail({ account: `v4user${i}`, ip: '::ffff:192.0.2.1' })
    expect(await waitOf(throttle, { account: 'x', ip: '192.0.2.1' })).toBe(600)
  })

  it('CL-39 locks an account after 100 failures from any IPs, for a bounded time or until reset', async () => {
    const { clock, throttle } = setup(make)
    for (let i = 0; i < 100; i += 1) {
      const subject = { account: 'alice', ip: `10.0.${Math.floor(i / 5)}.1` } // 5 per IP: never delayed
      expect(await waitOf(throttle, subject)).toBe(0)
      await throttle.fail(subject)
    }
    const fresh = { account: 'alice', ip: '192.0.2.200' }
    expect(await waitOf(throttle, fresh)).toBe(900)
    expect(await waitOf(throttle, { account: 'bob', ip: fresh.ip })).toBe(0)
    await throttle.reset({ account: 'alice' })
    expect(await waitOf(throttle, fresh)).toBe(0)
    // Issue 11 defect 5: the lock is never for good (escalation: issue-11-defects.test.ts).
    for (let i = 0; i < 100; i += 1)
      await throttle.fail({ account: 'alice', ip: `10.1.${Math.floor(i / 5)}.1` })
    expect(await waitOf(throttle, fresh)).toBe(900)
    clock.now += 15 * MINUTE
    expect(await waitOf(throttle, fresh)).toBe(0)
  })

  it('CL-39 reset() with an IP also clears that pair streak; without one it leaves it', async () => {
    const { throttle } = setup(make)
    for (let i = 0; i < 8; i += 1) await throttle.fail(alice)
    await throttle.reset({ account: 'alice' })
    expect(await waitOf(throttle, alice)).toBeGreaterThan(0)
    await throttle.reset(alice)
    expect(await waitOf(throttle, alice)).toBe(0)
  })

  it('CL-39 can lock for a set time instead, and never allows a cap above 100', async () => {
    const { clock, throttle } = setup(make, { accountMaxFailures: 10, accountLockMs: 60 * MINUTE })
    for (let i = 0; i < 10; i += 1) await throttle.fail({ account: 'alice', ip: `10.1.${i}.1` })
    expect(await waitOf(throttle, { account: 'alice', ip: '192.0.2.1' })).toBe(3600)
    clock.now += 60 * MINUTE
    expect(await waitOf(throttle, { account: 'alice', ip: '192.0.2.1' })).toBe(0)
    expect(() => createThrottle({ store: make(), accountMaxFailures: 101 })).toThrow(ConfigError)
  })

  it('CL-40 counts an unknown user exactly like a known one', async () => {
    const { clock, throttle } = setup(make)
    const trace = async (account: string) => {
      const out: unknown[] = []
      for (let i = 0; i < 12; i += 1) {
        out.push(await throttle.status({ account, ip: '192.0.2.50' }))
        out.push(await throttle.fail({ account, ip: '192.0.2.50' }))
        clock.now += 3 * SECOND
      }
      return out
    }
    const known = await trace('alice')
    clock.now += 11 * MINUTE // let the shared IP counter lapse
    expect(await trace('no-such-user-7f3a')).toEqual(known)
  })

  it('CL-39 keys on the normalized username: case, width and spaces do not dodge it', async () => {
    const { throttle } = setup(make)
    for (const variant of ['Alice', ' alice ', 'ALICE', '\uff41lice', 'alice', 'aLiCe']) {
      await throttle.fail({ account: variant, ip: alice.ip })
    }
    expect(await waitOf(throttle, alice)).toBe(2)
  })

  it('status() records nothing', async () => {
    const { throttle } = setup(make)
    for (let i = 0; i < 50; i += 1) await throttle.status(alice)
    for (let i = 0; i < 4; i += 1) await throttle.fail(alice)
    expect(await waitOf(throttle, alice)).toBe(0)
  })

  it('CL-39 lowercases usernames, so names that only upper-casing would merge stay apart', async () => {
    const { throttle } = setup(make)
    for (let i = 0; i < 6; i += 1) await throttle.fail({ account: 'strasse', ip: alice.ip })
    expect(await waitOf(throttle, { account: 'STRASSE', ip: alice.ip })).toBe(2)
    expect(await waitOf(throttle, { account: 'straße', ip: alice.ip })).toBe(0)
  })

  it('CL-39 keeps an account counter under `a:` and the hash of the normalized name', async () => {
    const store = make()
    const throttle = createThrottle({ store, now: () => T0, keyPrefix: 'app:login:' })
    await throttle.fail({ account: ' ALICE ', ip: alice.ip })
    expect(await store.get(`app:login:a:${sha256('alice')}`, T0)).toMatchObject({ count: 1 })
  })

  it('CL-39 reset() also clears the `lock:` counter that older versions wrote', async () => {
    const store = make()
    const legacy = `tessera:throttle:lock:${sha256('alice')}`
    await store.hit(legacy, Infinity, T0)
    const throttle = createThrottle({ store, now: () => T0 })
    await throttle.reset({ account: 'Alice' })
    expect(await store.get(legacy, T0)).toBeUndefined()
  })

  it('CL-39 keeps an IP blocked for ipBlockMs even when its failures add up in a shorter ipWindowMs', async () => {
    const { clock, throttle } = setup(make, {
      ipMaxFailures: 3,
      ipWindowMs: MINUTE,
      ipBlockMs: 10 * MINUTE,
    })
    for (let i = 0; i < 3; i += 1) await throttle.fail({ account: `user${i}`, ip: alice.ip })
    clock.now += 5 * MINUTE
    expect(await waitOf(throttle, { account: 'someone-new', ip: alice.ip })).toBe(300)
  })

  it('CL-39 adds up IP failures ipWindowMs apart even when the block is shorter', async () => {
    const { clock, throttle } = setup(make, {
      ipMaxFailures: 3,
      ipWindowMs: 10 * MINUTE,
      ipBlockMs: MINUTE,
    })
    for (let i = 0; i < 3; i += 1) {
      if (i > 0) clock.now += 9 * MINUTE
      await throttle.fail({ account: `user${i}`, ip: alice.ip })
    }
    expect(await waitOf(throttle, { account: 'someone-new', ip: alice.ip })).toBe(60)
  })

  it('CL-39 keeps a pair delay to its end even when pairMemoryMs is shorter', async () => {
    const { clock, throttle } = setup(make, {
      freeFailures: 1,
      baseDelayMs: 5 * MINUTE,
      pairMemoryMs: MINUTE,
    })
    expect(await throttle.fail(alice)).toEqual({ allowed: false, retryAfter: 300 })
    clock.now += 2 * MINUTE
    expect(await waitOf(throttle, alice)).toBe(180)
  })

  it('CL-39 succeed() forgets the account failures when the account is not locked', async () => {
    const { throttle } = setup(make, { accountMaxFailures: 3 })
    for (let i = 0; i < 2; i += 1) await throttle.fail({ account: 'alice', ip: `10.2.${i}.1` })
    await throttle.succeed({ account: 'alice', ip: '10.2.9.1' })
    for (let i = 2; i < 4; i += 1) await throttle.fail({ account: 'alice', ip: `10.2.${i}.1` })
    expect(await waitOf(throttle, { account: 'alice', ip: '192.0.2.1' })).toBe(0)
  })

  it('CL-39 succeed() during a lock keeps the account count, so the lock runs its course', async () => {
    const { clock, throttle } = setup(make, { accountMaxFailures: 3 })
    for (let i = 0; i < 3; i += 1) await throttle.fail({ account: 'alice', ip: `10.3.${i}.1` })
    clock.now += MINUTE
    await throttle.succeed({ account: 'alice', ip: '10.3.9.1' })
    expect(await waitOf(throttle, { account: 'alice', ip: '192.0.2.1' })).toBe(840)
    clock.now += 14 * MINUTE
    expect(await waitOf(throttle, { account: 'alice', ip: '192.0.2.1' })).toBe(0)
  })

  it('CL-39 succeed() the moment a lock ends forgets the account count', async () => {
    const { clock, throttle } = setup(make, { accountMaxFailures: 3 })
    for (let i = 0; i < 3; i += 1) await throttle.fail({ account: 'alice', ip: `10.4.${i}.1` })
    clock.now += 15 * MINUTE // exactly the end of the lock
    expect(await waitOf(throttle, { account: 'alice', ip: '192.0.2.1' })).toBe(0)
    await throttle.succeed({ account: 'alice', ip: '192.0.2.1' })
    // Had the count been kept, this failure would start a doubled (30 min) lock.
    expect(await throttle.fail({ account: 'alice', ip: '10.4.9.1' })).toEqual({
      allowed: true,
      retryAfter: 0,
    })
    expect(await waitOf(throttle, { account: 'alice', ip: '192.0.2.1' })).toBe(0)
  })

  it('CL-39 only a non-empty string device escapes the account lock; an empty or other one is none', async () => {
    const { throttle } = setup(make, { accountMaxFailures: 3 })
    for (let i = 0; i < 3; i += 1) {
      await throttle.fail({ account: 'alice', ip: `10.5.${i}.1`, device: `stolen-${i}` })
    }
    const from = { account: 'alice', ip: '192.0.2.1' }
    expect(await throttle.status({ ...from, device: 'owner-laptop' })).toEqual({
      allowed: true,
      retryAfter: 0,
    })
    const locked = { allowed: false, retryAfter: 900 }
    expect(await throttle.status(from)).toEqual(locked)
    expect(await throttle.status({ ...from, device: undefined })).toEqual(locked)
    expect(await throttle.status({ ...from, device: '' })).toEqual(locked)
    expect(await throttle.status({ ...from, device: 42 as unknown as string })).toEqual(locked)
  })
})

describe('createThrottle', () => {
  it('refuses a missing store or a store without hit(), saying what it needs', () => {
    const message = 'createThrottle needs a `store` (e.g. memoryThrottle()).'
    for (const options of [null, undefined, 'memory', {}, { store: {} }]) {
      expect(configErrorOf(() => createThrottle(options as unknown as ThrottleOptions))).toBe(
        message,
      )
    }
  })

  it('names the option and its bound in every ConfigError', () => {
    const store = memoryThrottle()
    const cases: [Partial<ThrottleOptions>, string][] = [
      [
        { baseDelayMs: -1 },
        'Throttle option baseDelayMs must be a positive number (≤ 31536000000).',
      ],
      [
        { ipBlockMs: 366 * DAY },
        'Throttle option ipBlockMs must be a positive number (≤ 31536000000).',
      ],
      [
        { accountLockMs: 0 },
        'Throttle option accountLockMs must be a positive number (≤ Infinity).',
      ],
      [
        { accountMaxFailures: 101 },
        'Throttle option accountMaxFailures must be a positive number (≤ 100).',
      ],
      [{ freeFailures: NaN }, 'Throttle option freeFailures must be a positive number (≤ 1000).'],
      [{ ipMaxFailures: 2.5 }, 'Throttle option ipMaxFailures must be an integer.'],
      [{ deviceMaxFailures: 1.5 }, 'Throttle option deviceMaxFailures must be an integer.'],
      [{ keyPrefix: 5 as unknown as string }, 'keyPrefix must be a string.'],
    ]
    for (const [options, message] of cases) {
      expect(configErrorOf(() => createThrottle({ store, ...options }))).toBe(message)
    }
  })

  it('caps the delay and the lock for any count a store returns, however large', async () => {
    const entry = (count: number): ThrottleEntry => ({
      count,
      firstAt: T0,
      lastAt: T0,
      expiresAt: T0 + 365 * DAY,
    })
    /** A store that answers a fixed pair (`ai:`) and account (`a:`) counter. */
    const fixed = (pair?: ThrottleEntry, account?: ThrottleEntry): ThrottleStore => ({
      name: 'fixed',
      hit: () => entry(1),
      get: (key) =>
        key.startsWith('tessera:throttle:ai:')
          ? pair
          : key.startsWith('tessera:throttle:a:')
            ? account
            : undefined,
      reset: () => undefined,
      close: () => undefined,
    })
    const subject = { account: 'alice', ip: '192.0.2.1' }
    for (const count of [45, 46, 1_000_000, Number.MAX_SAFE_INTEGER]) {
      const byPair = createThrottle({ store: fixed(entry(count)), now: () => T0 })
      expect(await byPair.status(subject)).toEqual({ allowed: false, retryAfter: 900 })
    }
    for (const count of [160, 161, 1_000_000, Number.MAX_SAFE_INTEGER]) {
      const byAccount = createThrottle({ store: fixed(undefined, entry(count)), now: () => T0 })
      expect(await byAccount.status(subject)).toEqual({ allowed: false, retryAfter: 86_400 })
    }
  })

  it('validates its options once, at creation', () => {
    const store = memoryThrottle()
    expect(() => createThrottle({} as ThrottleOptions)).toThrow(ConfigError)
    expect(() => createThrottle({ store, freeFailures: 0 })).toThrow(ConfigError)
    expect(() => createThrottle({ store, baseDelayMs: -1 })).toThrow(ConfigError)
    expect(() => createThrottle({ store, ipMaxFailures: 2.5 })).toThrow(ConfigError)
    expect(() => createThrottle({ store, ipv6PrefixLength: 129 })).toThrow(ConfigError)
    expect(() => createThrottle({ store, accountLockMs: Infinity })).not.toThrow()
  })

  it('passes store failures through as StoreUnavailableError, recording nothing half', async () => {
    const broken: ThrottleStore = {
      name: 'broken',
      hit: () => Promise.reject(new StoreUnavailableError()),
      get: () => Promise.reject(new StoreUnavailableError()),
      reset: () => Promise.reject(new StoreUnavailableError()),
      close: () => undefined,
    }
    const throttle = createThrottle({ store: broken })
    await expect(throttle.check({ account: 'a', ip: '192.0.2.1' })).rejects.toThrow(
      StoreUnavailableError,
    )
    await expect(throttle.fail({ account: 'a', ip: '192.0.2.1' })).rejects.toThrow(
      StoreUnavailableError,
    )
  })
})

describe('ipGroup', () => {
  it('keeps IPv4, groups IPv6 by prefix and folds IPv4-mapped addresses', () => {
    expect(ipGroup('192.0.2.1')).toBe('192.0.2.1')
    expect(ipGroup('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(ipGroup('2001:DB8:0:0:1::1')).toBe('2001:db8:0:0:0:0:0:0/64')
    expect(ipGroup('2001:db8::1', 128)).toBe('2001:db8:0:0:0:0:0:1/128')
    expect(ipGroup('2001:db8:abcd:12ff::1', 56)).toBe('2001:db8:abcd:1200:0:0:0:0/56')
    expect(ipGroup('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:0/64')
    expect(ipGroup('::1')).toBe('0:0:0:0:0:0:0:0/64')
    expect(ipGroup('64:ff9b::192.0.2.1', 128)).toBe('64:ff9b:0:0:0:0:c000:201/128')
    expect(ipGroup('')).toBe('other:')
    expect(ipGroup('not an ip')).toBe('other:not an ip')
  })
})
