/**
 * The live view's own rules, with a feed the test drives by hand: what it does between
 * `connected()` and the end of the snapshot, when a catch-up is overtaken or fails, and what it
 * writes. The backends' behaviour is in `live-revocations.test.ts`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  liveRevocations,
  type RevocationFeed,
  type RevocationFeedListener,
  type RevocationSink,
} from '../../src/stores/kit/live-revocations.js'
import { memoryRevocations } from '../../src/stores/memory/revocations.js'
import { fakeClock, HOUR } from '../helpers/clock.js'

const T0 = Date.UTC(2030, 0, 1)

/** A feed whose snapshots wait until the test settles them. */
function manualFeed() {
  let listener: RevocationFeedListener | undefined
  const snapshots: { sink: RevocationSink; resolve: () => void; reject: (e: Error) => void }[] = []
  const feed: RevocationFeed = {
    open: (l) => void (listener = l),
    snapshot: (sink) =>
      new Promise<void>((resolve, reject) => snapshots.push({ sink, resolve, reject })),
    close: vi.fn(),
  }
  return { feed, listener: () => listener!, snapshots }
}

const flush = () => new Promise((resolve) => setImmediate(resolve))

afterEach(() => {
  vi.useRealTimers()
})

describe('live revocation view', () => {
  it('keeps what is announced while its snapshot is being read', async () => {
    const clock = fakeClock(T0)
    const { feed, listener, snapshots } = manualFeed()
    const view = liveRevocations(memoryRevocations({ now: clock }), feed, { now: clock })
    expect(view.status()).toBe('down')
    listener().connected()
    expect(view.status()).toBe('catching-up')
    listener().revokedSession('during', T0 + HOUR) // announced mid-snapshot
    snapshots[0]!.sink.revokedSession('before', T0 + HOUR)
    snapshots[0]!.sink.revokedUser('user', T0, T0 + HOUR)
    snapshots[0]!.resolve()
    await flush()
    expect(view.status()).toBe('live')
    expect(view.isRevoked('during', 'x', T0)).toBe(true)
    expect(view.isRevoked('before', 'x', T0)).toBe(true)
    expect(view.isRevoked('x', 'user', T0 - 1)).toBe(true)
    expect(view.isRevoked('x', 'user', T0)).toBe(false)
    await view.close()
    expect(feed.close).toHaveBeenCalledOnce()
  })

  it('never turns live from a catch-up that a disconnect overtook', async () => {
    const { feed, listener, snapshots } = manualFeed()
    const view = liveRevocations(memoryRevocations(), feed)
    listener().connected()
    listener().disconnected(new Error('gone'))
    snapshots[0]!.resolve()
    await flush()
    expect(view.status()).toBe('down')
    listener().connected()
    snapshots[1]!.resolve()
    await flush()
    expect(view.status()).toBe('live')
    await view.close()
  })

  it('retries a failed catch-up with backoff and reads the store meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const store = memoryRevocations()
    const { feed, listener, snapshots } = manualFeed()
    const statuses: unknown[] = []
    const view = liveRevocations(store, feed, {
      retryMs: 100,
      onStatus: (status, error) => statuses.push([status, (error as Error | undefined)?.message]),
    })
    listener().connected()
    snapshots[0]!.reject(new Error('snapshot failed'))
    await vi.advanceTimersByTimeAsync(0)
    await store.revokeSession('h', Date.now() + HOUR) // behind the view's back
    expect(view.isRevoked('h', 'u', 0)).toBe(true) // 'read': the store answers
    expect(snapshots).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(snapshots).toHaveLength(2)
    snapshots[1]!.reject(new Error('again'))
    await vi.advanceTimersByTimeAsync(199)
    expect(snapshots).toHaveLength(2) // doubled: 200 ms
    await vi.advanceTimersByTimeAsync(1)
    snapshots[2]!.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(view.status()).toBe('live')
    expect(statuses).toEqual([
      ['catching-up', undefined],
      ['live', undefined],
    ])
    await view.close()
  })

  it('writes through to the store and into memory at once', async () => {
    const clock = fakeClock(T0)
    const { feed, listener, snapshots } = manualFeed()
    const store = memoryRevocations({ now: clock })
    const view = liveRevocations(store, feed, { now: clock, whenDisconnected: 'refuse' })
    listener().connected()
    snapshots[0]!.resolve()
    await flush()
    await view.revokeSession('h', T0 + HOUR)
    await view.revokeUser('u', T0, T0 + HOUR)
    expect(store.isRevoked('h', 'x', T0)).toBe(true)
    expect(store.isRevoked('x', 'u', T0 - 1)).toBe(true)
    listener().disconnected()
    // Down in 'refuse' mode: what memory knows still answers, the rest is refused.
    expect(view.isRevoked('h', 'x', T0)).toBe(true)
    expect(view.isRevoked('y', 'z', T0)).toBe(true)
    await view.close()
  })

  it('refuses bad options with ConfigError at creation', () => {
    const { feed } = manualFeed()
    expect(() => liveRevocations(memoryRevocations(), feed, { maxEntries: 0 })).toThrow(
      /maxEntries/,
    )
    expect(() => liveRevocations(memoryRevocations(), feed, { retryMs: -1 })).toThrow(/retryMs/)
  })
})
