import { describe, expect, it } from 'vitest'
import type { ResolvedOptions } from '../../../src/core/options.js'
import {
  PERMANENT_CAP_MS,
  absoluteDeadline,
  cookieMaxAge,
  isExpired,
  nextDeadline,
  refreshThreshold,
  untilOf,
} from '../../../src/core/lifetime.js'

// Small, distinct windows so each rule can be told apart from the others.
const OPTIONS = {
  idleTimeoutMs: 1_000,
  absoluteTimeoutMs: 5_000,
  permanentLifetimeMs: 10_000,
} as ResolvedOptions

describe('lifetime: browser-session sessions', () => {
  it('end exactly idleTimeout after the last use, not a millisecond later', () => {
    const times = { createdAt: 0, lastSeenAt: 0, permanent: false }
    expect(isExpired(times, 999, OPTIONS)).toBe(false)
    expect(isExpired(times, 1_000, OPTIONS)).toBe(true)
  })

  it('end exactly absoluteTimeout after they began, however recently used', () => {
    const times = { createdAt: 0, lastSeenAt: 4_900, permanent: false }
    expect(isExpired(times, 4_999, OPTIONS)).toBe(false)
    expect(isExpired(times, 5_000, OPTIONS)).toBe(true)
  })

  it('ignore permanentLifetime', () => {
    const short = { ...OPTIONS, permanentLifetimeMs: 100 } as ResolvedOptions
    expect(isExpired({ createdAt: 0, lastSeenAt: 0, permanent: false }, 500, short)).toBe(false)
  })
})

describe('lifetime: permanent sessions', () => {
  it('end exactly permanentLifetime after the last refresh, past the idle and absolute timeouts', () => {
    const times = { createdAt: 0, lastSeenAt: 0, permanent: true }
    expect(isExpired(times, 9_999, OPTIONS)).toBe(false)
    expect(isExpired(times, 10_000, OPTIONS)).toBe(true)
  })

  it('never outlive 400 days from their start, even when refreshed', () => {
    expect(PERMANENT_CAP_MS).toBe(400 * 86_400_000)
    const times = { createdAt: 0, lastSeenAt: PERMANENT_CAP_MS - 10, permanent: true }
    expect(isExpired(times, PERMANENT_CAP_MS - 1, OPTIONS)).toBe(false)
    expect(isExpired(times, PERMANENT_CAP_MS, OPTIONS)).toBe(true)
  })
})

describe('lifetime: the _until cap of the sign-in layer', () => {
  it('ends a session at until, exactly, for both kinds', () => {
    for (const permanent of [false, true]) {
      const times = { createdAt: 0, lastSeenAt: 0, permanent, until: 500 }
      expect(isExpired(times, 499, OPTIONS)).toBe(false)
      expect(isExpired(times, 500, OPTIONS)).toBe(true)
    }
  })

  it('reads only finite numbers from the session data', () => {
    expect(untilOf({ _until: 1234 })).toBe(1234)
    expect(untilOf({ _until: 0 })).toBe(0)
    expect(untilOf({})).toBeUndefined()
    expect(untilOf({ _until: '1234' })).toBeUndefined()
    expect(untilOf({ _until: Number.NaN })).toBeUndefined()
    expect(untilOf({ _until: Number.POSITIVE_INFINITY })).toBeUndefined()
  })
})

describe('lifetime: deadlines and Max-Age', () => {
  it('puts the absolute deadline absoluteTimeout, or 400 days when permanent, after the start', () => {
    expect(absoluteDeadline(100, false, OPTIONS)).toBe(5_100)
    expect(absoluteDeadline(100, true, OPTIONS)).toBe(100 + PERMANENT_CAP_MS)
  })

  it('takes the sooner of the sliding and the absolute deadline, and of until', () => {
    expect(nextDeadline(0, 100, false, OPTIONS)).toBe(1_100)
    expect(nextDeadline(0, 4_500, false, OPTIONS)).toBe(5_000)
    expect(nextDeadline(0, 100, true, OPTIONS)).toBe(10_100)
    expect(nextDeadline(0, PERMANENT_CAP_MS - 5, true, OPTIONS)).toBe(PERMANENT_CAP_MS)
    expect(nextDeadline(0, 100, false, OPTIONS, 600)).toBe(600)
    expect(nextDeadline(0, 100, false, OPTIONS, 9_000)).toBe(1_100)
  })

  it('gives a browser-session cookie no Max-Age', () => {
    expect(cookieMaxAge(0, 0, false, OPTIONS)).toBeUndefined()
  })

  it('gives a permanent cookie the whole seconds left, never negative', () => {
    expect(cookieMaxAge(0, 0, true, OPTIONS)).toBe(10)
    expect(cookieMaxAge(0, 0, true, OPTIONS, 1_999)).toBe(1)
    expect(cookieMaxAge(0, 5_000, true, OPTIONS, 1_000)).toBe(0)
  })

  it('refreshes after a tenth of the window of the session kind', () => {
    expect(refreshThreshold(false, OPTIONS)).toBe(100)
    expect(refreshThreshold(true, OPTIONS)).toBe(1_000)
  })
})
