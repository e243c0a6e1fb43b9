import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import {
  createRateLimit,
  RATE_LIMIT_DEFAULTS,
  type RateLimitOptions,
} from '../../../src/auth/throttle.js'
import { ConfigError } from '../../../src/errors.js'
import { memoryThrottle } from '../../../src/stores/memory/throttle.js'
import { DAY, fakeClock, HOUR, MINUTE, SECOND } from '../../helpers/clock.js'

/** How the rate limit names a counter: SHA-256 of the IP group, base64url. */
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

/** A rate limit on a fresh memory store and a fake clock. */
function setup(options: Partial<RateLimitOptions> = {}) {
  const clock = fakeClock()
  const store = memoryThrottle()
  const limit = createRateLimit({ store, now: clock, ...options })
  return { clock, store, limit }
}

const allowed = { allowed: true, retryAfter: 0 }

describe('createRateLimit options', () => {
  it('refuses a missing store or a store without hit(), saying what it needs', () => {
    const message = 'createRateLimit needs a `store` (e.g. memoryThrottle()).'
    for (const options of [null, undefined, 'memory', {}, { store: {} }]) {
      expect(configErrorOf(() => createRateLimit(options as unknown as RateLimitOptions))).toBe(
        message,
      )
    }
  })

  it('takes a limit from 1 to 1 000 000 and refuses any other, naming the option', () => {
    const store = memoryThrottle()
    const message = 'Rate limit option limit must be an integer from 1 to 1 000 000.'
    for (const limit of [0, -1, 1_000_001, 2.5, NaN, Infinity, '5' as unknown as number]) {
      expect(
        configErrorOf(() => createRateLimit({ store, limit })),
        String(limit),
      ).toBe(message)
    }
    for (const limit of [1, 1_000_000]) {
      expect(() => createRateLimit({ store, limit })).not.toThrow()
    }
  })

  it('takes a windowMs above 0 up to 365 days and refuses any other, naming the option', () => {
    const store = memoryThrottle()
    const message = 'Rate limit option windowMs must be a positive number (≤ 365 days).'
    for (const windowMs of [0, -1, NaN, 365 * DAY + 1, '60000' as unknown as number]) {
      expect(
        configErrorOf(() => createRateLimit({ store, windowMs })),
        String(windowMs),
      ).toBe(message)
    }
    for (const windowMs of [0.5, 365 * DAY]) {
      expect(() => createRateLimit({ store, windowMs })).not.toThrow()
    }
  })

  it('takes an ipv6PrefixLength from 1 to 128 and refuses any other, naming the option', () => {
    const store = memoryThrottle()
    const message = 'Rate limit option ipv6PrefixLength must be an integer from 1 to 128.'
    for (const ipv6PrefixLength of [0, 129, 64.5]) {
      expect(configErrorOf(() => createRateLimit({ store, ipv6PrefixLength }))).toBe(message)
    }
    for (const ipv6PrefixLength of [1, 128]) {
      expect(() => createRateLimit({ store, ipv6PrefixLength })).not.toThrow()
    }
  })

  it('refuses a keyPrefix that is not a string', () => {
    const keyPrefix = 5 as unknown as string
    expect(configErrorOf(() => createRateLimit({ store: memoryThrottle(), keyPrefix }))).toBe(
      'keyPrefix must be a string.',
    )
  })
})

describe('createRateLimit', () => {
  it('allows 20 attempts an hour by default', async () => {
    expect(RATE_LIMIT_DEFAULTS).toEqual({
      limit: 20,
      windowMs: HOUR,
      ipv6PrefixLength: 64,
      keyPrefix: 'tessera:rate:',
    })
    const { limit } = setup()
    for (let i = 0; i < 20; i += 1) expect(await limit.take('192.0.2.1')).toEqual(allowed)
    expect(await limit.take('192.0.2.1')).toEqual({ allowed: false, retryAfter: 3600 })
  })

  it('allows `limit` attempts, then refuses until windowMs after the last allowed one', async () => {
    const { clock, limit } = setup({ limit: 3, windowMs: MINUTE })
    for (let i = 0; i < 3; i += 1) {
      expect(await limit.take('192.0.2.1')).toEqual(allowed)
      clock.advance(10 * SECOND)
    }
    // The last allowed attempt was 10 s ago: 50 s to go.
    expect(await limit.take('192.0.2.1')).toEqual({ allowed: false, retryAfter: 50 })
    clock.advance(49 * SECOND + 999)
    expect(await limit.take('192.0.2.1')).toEqual({ allowed: false, retryAfter: 1 })
    clock.advance(1)
    expect(await limit.take('192.0.2.1')).toEqual(allowed)
  })

  it('does not count a refused attempt, so waiting retryAfter is enough', async () => {
    const { clock, limit } = setup({ limit: 1, windowMs: MINUTE })
    expect(await limit.take('192.0.2.1')).toEqual(allowed)
    for (let i = 0; i < 5; i += 1) {
      clock.advance(10 * SECOND)
      expect(await limit.take('192.0.2.1')).toEqual({
        allowed: false,
        retryAfter: 50 - 10 * i,
      })
    }
    clock.advance(10 * SECOND)
    expect(await limit.take('192.0.2.1')).toEqual(allowed)
  })

  it('reset() forgets the count of that IP group only', async () => {
    const { limit } = setup({ limit: 1 })
    for (const ip of ['192.0.2.1', '192.0.2.2', '2001:db8:1:2::1']) await limit.take(ip)
    await limit.reset('192.0.2.1')
    await limit.reset('2001:db8:1:2::abcd')
    expect(await limit.take('192.0.2.1')).toEqual(allowed)
    expect(await limit.take('2001:db8:1:2::1')).toEqual(allowed)
    expect((await limit.take('192.0.2.2')).allowed).toBe(false)
  })

  it('counts an IPv6 /64 as one client, IPv4-mapped addresses as IPv4, and takes another prefix', async () => {
    const { limit } = setup({ limit: 1 })
    expect(await limit.take('2001:db8:1:2::1')).toEqual(allowed)
    expect((await limit.take('2001:db8:1:2:ffff::9')).allowed).toBe(false)
    expect(await limit.take('2001:db8:1:3::1')).toEqual(allowed)
    expect(await limit.take('192.0.2.1')).toEqual(allowed)
    expect((await limit.take('::ffff:192.0.2.1')).allowed).toBe(false)

    const per48 = setup({ limit: 1, ipv6PrefixLength: 48 }).limit
    expect(await per48.take('2001:db8:1:2::1')).toEqual(allowed)
    expect((await per48.take('2001:db8:1:3::1')).allowed).toBe(false)

    const per128 = setup({ limit: 1, ipv6PrefixLength: 128 }).limit
    expect(await per128.take('2001:db8:1:2::1')).toEqual(allowed)
    expect(await per128.take('2001:db8:1:2::2')).toEqual(allowed)
  })

  it('keeps its counter under the key prefix and the hash of the IP group', async () => {
    const { clock, store, limit } = setup()
    await limit.take('192.0.2.1')
    await limit.take('2001:db8:1:2::1')
    expect(store.get(`tessera:rate:${sha256('192.0.2.1')}`, clock())).toMatchObject({ count: 1 })
    expect(store.get(`tessera:rate:${sha256('2001:db8:1:2:0:0:0:0/64')}`, clock())).toMatchObject({
      count: 1,
    })
  })

  it('keeps limits with different key prefixes apart on one store', async () => {
    const clock = fakeClock()
    const store = memoryThrottle()
    const signups = createRateLimit({ store, now: clock, limit: 1, keyPrefix: 'app:signup:' })
    const mails = createRateLimit({ store, now: clock, limit: 1, keyPrefix: 'app:mail:' })
    expect(await signups.take('192.0.2.1')).toEqual(allowed)
    expect(await mails.take('192.0.2.1')).toEqual(allowed)
    expect((await signups.take('192.0.2.1')).allowed).toBe(false)
    expect(store.get(`app:mail:${sha256('192.0.2.1')}`, clock())).toMatchObject({ count: 1 })
  })
})
