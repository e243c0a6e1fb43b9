/**
 * The live view's own rules, with a feed the test drives by hand: what it does between
 * `connected()` and the end of the snapshot, when a catch-up is overtaken or fails, and what it
 * writes. The backends' behaviour is in `live-revocations.test.ts`.
 */
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'

import { ConfigError } from '../../src/errors.js'
import {
  liveRevocations,
  type LiveRevocationsOptions,
  type RevocationFeed,
  type RevocationFeedListener,
  type RevocationSink,
} from '../../src/stores/kit/live-revocations.js'
import { memoryRevocations } from '../../src/stores/memory/revocations.js'
import { fakeClock, HOUR, MINUTE, SECOND } from '../helpers/clock.js'

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

/**
 * A view made live (empty snapshot) on a hand-driven feed, over a memory store whose reads are
 * counted. `revoke` and `revokeUser` write to the store and announce it, as a backend's feed does
 * for another process's write.
 */
async function liveView(options: LiveRevocationsOptions = {}) {
  const clock = fakeClock(T0)
  const store = memoryRevocations({ now: clock })
  const reads = vi.spyOn(store, 'isRevoked')
  const { feed, listener, snapshots } = manualFeed()
  const view = liveRevocations(store, feed, { now: clock, ...options })
  listener().connected()
  snapshots[0]!.resolve()
  await flush()
  expect(view.status()).toBe('live')
  const revoke = (handle: string, until: number): void => {
    void store.revokeSession(handle, until)
    listener().revokedSession(handle, until)
  }
  const revokeUser = (userId: string, before: number, until: number): void => {
    void store.revokeUser(userId, before, until)
    listener().revokedUser(userId, before, until)
  }
  return { clock, store, reads, view, listener, snapshots, revoke, revokeUser }
}

let warn: MockInstance
beforeEach(() => {
  warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
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

  it('never turns live from a catch-up that a reconnect overtook', async () => {
    const { feed, listener, snapshots } = manualFeed()
    const view = liveRevocations(memoryRevocations(), feed)
    listener().connected()
    listener().disconnected(new Error('gone'))
    listener().connected()
    snapshots[0]!.resolve() // the first connection's snapshot, read before the reconnect
    await flush()
    expect(view.status()).toBe('catching-up')
    snapshots[1]!.resolve()
    await flush()
    expect(view.status()).toBe('live')
    await view.close()
  })

  it('neither retries nor reports a catch-up that failed after a disconnect', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const statuses: unknown[] = []
    const { feed, listener, snapshots } = manualFeed()
    const view = liveRevocations(memoryRevocations(), feed, {
      retryMs: 100,
      onStatus: (status) => statuses.push(status),
    })
    listener().connected()
    listener().disconnected(new Error('gone'))
    snapshots[0]!.reject(new Error('too late'))
    await vi.advanceTimersByTimeAsync(1000)
    expect(view.status()).toBe('down')
    expect(snapshots).toHaveLength(1)
    expect(statuses).toEqual(['catching-up', 'down'])
    await view.close()
  })

  it('a retry left over from before a disconnect never reads again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    const { clock, view, listener, snapshots, revoke } = await liveView({
      maxEntries: 2,
      sweepMs: 100,
      retryMs: 1000,
    })
    revoke('a', T0 + MINUTE)
    revoke('b', T0 + HOUR)
    revoke('c', T0 + HOUR) // left out: the bound is full
    clock.set(T0 + MINUTE) // a is over: room for a re-read
    await vi.advanceTimersByTimeAsync(100)
    expect(snapshots).toHaveLength(2)
    snapshots[1]!.reject(new Error('busy')) // retried in 1 s…
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(100) // …but the next sweep re-reads first
    expect(snapshots).toHaveLength(3)
    snapshots[2]!.reject(new Error('busy'))
    await vi.advanceTimersByTimeAsync(0)
    listener().disconnected(new Error('gone'))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(snapshots).toHaveLength(3)
    expect(view.status()).toBe('down')
    await view.close()
  })

  it('before its feed connects, reads the store for every check (or refuses)', () => {
    const clock = fakeClock(T0)
    const store = memoryRevocations({ now: clock })
    void store.revokeSession('h', T0 + HOUR)
    const reads = vi.spyOn(store, 'isRevoked')
    const view = liveRevocations(store, manualFeed().feed, { now: clock })
    expect(view.status()).toBe('down')
    expect(view.isRevoked('h', 'u', T0)).toBe(true)
    expect(view.isRevoked('other', 'u', T0)).toBe(false)
    expect(reads).toHaveBeenCalledTimes(2)
    const refusing = liveRevocations(memoryRevocations({ now: clock }), manualFeed().feed, {
      now: clock,
      whenDisconnected: 'refuse',
    })
    expect(refusing.isRevoked('other', 'u', T0)).toBe(true)
  })

  it("while live, answers every check from memory: a miss is not revoked, even in 'refuse'", async () => {
    const { view, reads, revoke } = await liveView({ whenDisconnected: 'refuse' })
    revoke('h', T0 + HOUR)
    expect(view.isRevoked('h', 'u', T0)).toBe(true)
    expect(view.isRevoked('other', 'u', T0)).toBe(false)
    expect(reads).not.toHaveBeenCalled()
    await view.close()
  })

  it('stops answering for a revocation at its `until`, without a store read', async () => {
    const { clock, view, reads, revoke, revokeUser } = await liveView()
    revoke('h', T0 + MINUTE)
    revokeUser('u', T0, T0 + MINUTE)
    clock.set(T0 + MINUTE - 1)
    expect(view.isRevoked('h', 'x', T0)).toBe(true)
    expect(view.isRevoked('x', 'u', T0 - 1)).toBe(true)
    clock.set(T0 + MINUTE)
    expect(view.isRevoked('h', 'x', T0)).toBe(false)
    expect(view.isRevoked('x', 'u', T0 - 1)).toBe(false)
    expect(reads).not.toHaveBeenCalled()
    await view.close()
  })

  it('merges repeated announcements: the larger `until` and `before` win, in any order', async () => {
    const { clock, view, reads, listener } = await liveView()
    listener().revokedSession('longer', T0 + MINUTE)
    listener().revokedSession('longer', T0 + HOUR)
    listener().revokedSession('shorter', T0 + HOUR)
    listener().revokedSession('shorter', T0 + MINUTE)
    listener().revokedUser('later', T0, T0 + MINUTE)
    listener().revokedUser('later', T0 + 10, T0 + HOUR)
    listener().revokedUser('earlier', T0 + 10, T0 + HOUR)
    listener().revokedUser('earlier', T0, T0 + MINUTE)
    clock.set(T0 + MINUTE)
    expect(view.isRevoked('longer', 'x', T0)).toBe(true)
    expect(view.isRevoked('shorter', 'x', T0)).toBe(true)
    expect(view.isRevoked('x', 'later', T0 + 9)).toBe(true)
    expect(view.isRevoked('x', 'earlier', T0 + 9)).toBe(true)
    expect(view.isRevoked('x', 'later', T0 + 10)).toBe(false)
    expect(reads).not.toHaveBeenCalled()
    await view.close()
  })

  it('closes the feed, then the store, once, even when closing the feed fails', async () => {
    const store = memoryRevocations()
    const closeStore = vi.spyOn(store, 'close')
    const { feed } = manualFeed()
    vi.mocked(feed.close).mockRejectedValueOnce(new Error('feed gone'))
    const view = liveRevocations(store, feed)
    await expect(view.close()).rejects.toThrow('feed gone')
    expect(closeStore).toHaveBeenCalledOnce()
    await view.close()
    expect(feed.close).toHaveBeenCalledOnce()
    expect(closeStore).toHaveBeenCalledOnce()
  })

  it('once closed, ignores its feed: a late snapshot or connect never revives it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    for (const settle of ['resolve', 'reject'] as const) {
      const statuses: unknown[] = []
      const { feed, listener, snapshots } = manualFeed()
      const view = liveRevocations(memoryRevocations(), feed, {
        retryMs: 100,
        onStatus: (status) => statuses.push(status),
      })
      listener().connected()
      await view.close()
      if (settle === 'resolve') snapshots[0]!.resolve()
      else snapshots[0]!.reject(new Error('too late'))
      await vi.advanceTimersByTimeAsync(1000)
      listener().connected()
      listener().disconnected(new Error('gone'))
      await vi.advanceTimersByTimeAsync(1000)
      expect(view.status()).toBe('down')
      expect(snapshots).toHaveLength(1)
      expect(statuses).toEqual(['catching-up', 'down'])
    }
  })

  it('refuses bad options with ConfigError at creation, naming the option', () => {
    const { feed } = manualFeed()
    const make = (options: LiveRevocationsOptions) => () =>
      liveRevocations(memoryRevocations(), feed, options)
    expect(make({ maxEntries: 0 })).toThrow(
      new ConfigError('live revocation store: `maxEntries` must be a positive integer, got 0.'),
    )
    expect(make({ retryMs: -1 })).toThrow(
      new ConfigError('live revocation store: `retryMs` must be a positive integer, got -1.'),
    )
    expect(make({ sweepMs: 1.5 })).toThrow(
      new ConfigError('live revocation store: `sweepMs` must be a positive integer, got 1.5.'),
    )
  })
})

describe('live revocation view: its bound (maxEntries)', () => {
  it('when full of revocations in force, keeps no newcomer: the store answers for it, with one warning', async () => {
    const { clock, view, reads, revoke, revokeUser } = await liveView({ maxEntries: 2 })
    revoke('h1', T0 + HOUR)
    revokeUser('u1', T0, T0 + HOUR)
    revoke('h2', T0 + HOUR) // left out, as are the next two
    revokeUser('u2', T0, T0 + HOUR)
    revoke('h3', T0 + MINUTE)
    expect(view.isRevoked('h1', 'x', T0)).toBe(true)
    expect(view.isRevoked('x', 'u1', T0 - 1)).toBe(true)
    expect(reads).not.toHaveBeenCalled()
    expect(view.isRevoked('h2', 'x', T0)).toBe(true)
    expect(view.isRevoked('x', 'u2', T0 - 1)).toBe(true)
    expect(view.isRevoked('x', 'x', T0)).toBe(false)
    expect(reads).toHaveBeenCalledTimes(3)
    expect(warn).toHaveBeenCalledOnce()
    expect(warn).toHaveBeenCalledWith(
      'tessera: the live revocation view is full (2 revocations in force); checks it cannot ' +
        'answer read the store until the extra ones expire. Raise maxEntries.',
      { code: 'TESSERA_LIVE_REVOCATIONS_FULL' },
    )
    // A miss reads until the last left-out revocation is over; from then on memory answers.
    clock.set(T0 + HOUR - 1)
    expect(view.isRevoked('x', 'x', T0)).toBe(false)
    expect(reads).toHaveBeenCalledTimes(4)
    clock.set(T0 + HOUR)
    expect(view.isRevoked('x', 'x', T0)).toBe(false)
    expect(reads).toHaveBeenCalledTimes(4)
    await view.close()
  })

  it('after a catch-up that overflowed the bound, reads the store for what it left out', async () => {
    const clock = fakeClock(T0)
    const store = memoryRevocations({ now: clock })
    for (const handle of ['a', 'b', 'c']) void store.revokeSession(handle, T0 + HOUR)
    const reads = vi.spyOn(store, 'isRevoked')
    const { feed, listener, snapshots } = manualFeed()
    const view = liveRevocations(store, feed, { now: clock, maxEntries: 2 })
    listener().connected()
    for (const handle of ['a', 'b', 'c']) snapshots[0]!.sink.revokedSession(handle, T0 + HOUR)
    snapshots[0]!.resolve()
    await flush()
    expect(view.status()).toBe('live')
    expect(view.isRevoked('c', 'x', T0)).toBe(true)
    expect(reads).toHaveBeenCalledOnce()
    await view.close()
  })

  it('drops expired entries to make room when full, handles and users alike', async () => {
    const { clock, view, reads, revoke, revokeUser } = await liveView({ maxEntries: 4 })
    revoke('h1', T0 + 500)
    revoke('h2', T0 + HOUR)
    revokeUser('u1', T0, T0 + 500)
    revokeUser('u2', T0, T0 + HOUR)
    clock.set(T0 + 500) // h1 and u1 are over
    revoke('h3', T0 + HOUR)
    revokeUser('u3', T0, T0 + HOUR)
    expect(view.isRevoked('h2', 'x', T0)).toBe(true)
    expect(view.isRevoked('h3', 'x', T0)).toBe(true)
    expect(view.isRevoked('x', 'u2', T0 - 1)).toBe(true)
    expect(view.isRevoked('x', 'u3', T0 - 1)).toBe(true)
    expect(reads).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
    await view.close()
  })

  it('sweeps a full view at most once a second, however fast announcements come', async () => {
    const { clock, view, reads, revoke } = await liveView({ maxEntries: 2 })
    revoke('a', T0 + 500)
    revoke('b', T0 + HOUR)
    revoke('c', T0 + HOUR) // full and nothing over: swept at T0, c left out
    clock.set(T0 + 999) // a is over, but the last sweep was under a second ago: d left out
    revoke('d', T0 + HOUR)
    clock.set(T0 + 1000) // swept again: a makes room for e
    revoke('e', T0 + HOUR)
    expect(view.isRevoked('e', 'x', T0)).toBe(true)
    expect(reads).not.toHaveBeenCalled()
    expect(view.isRevoked('d', 'x', T0)).toBe(true)
    expect(reads).toHaveBeenCalledOnce()
    await view.close()
  })

  it('ignores announcements already over: they take no room', async () => {
    const over: ((listener: RevocationFeedListener, id: string) => void)[] = [
      (listener, id) => listener.revokedSession(id, T0),
      (listener, id) => listener.revokedUser(id, T0, T0),
    ]
    for (const announce of over) {
      const { view, reads, listener, revoke } = await liveView({ maxEntries: 1 })
      announce(listener(), 'over-1')
      announce(listener(), 'over-2')
      revoke('h', T0 + HOUR)
      expect(view.isRevoked('h', 'x', T0)).toBe(true)
      expect(reads).not.toHaveBeenCalled()
      await view.close()
    }
    expect(warn).not.toHaveBeenCalled()
  })

  it('re-reads once the overflow has fallen to half the bound, then answers from memory', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { clock, view, reads, snapshots, revoke, revokeUser } = await liveView({
      maxEntries: 4,
      sweepMs: SECOND,
    })
    const sweepAt = async (t: number): Promise<void> => {
      clock.set(t)
      await vi.advanceTimersByTimeAsync(SECOND)
    }
    await sweepAt(T0 + SECOND)
    expect(snapshots).toHaveLength(1) // nothing left out: no re-read
    revoke('h1', T0 + 2 * SECOND)
    revoke('h2', T0 + 3 * SECOND)
    revokeUser('u1', T0, T0 + HOUR)
    revoke('h3', T0 + HOUR)
    revoke('left-out', T0 + HOUR)
    await sweepAt(T0 + 2 * SECOND) // h1 is over: 3 of 4 left, more than half
    expect(snapshots).toHaveLength(1)
    await sweepAt(T0 + 3 * SECOND) // h2 is over: 2 of 4, half
    expect(snapshots).toHaveLength(2)
    await sweepAt(T0 + 4 * SECOND) // one re-read at a time
    expect(snapshots).toHaveLength(2)
    snapshots[1]!.sink.revokedUser('u1', T0, T0 + HOUR)
    snapshots[1]!.sink.revokedSession('h3', T0 + HOUR)
    snapshots[1]!.sink.revokedSession('left-out', T0 + HOUR)
    snapshots[1]!.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(view.isRevoked('left-out', 'x', T0)).toBe(true)
    expect(view.isRevoked('other', 'x', T0)).toBe(false)
    expect(reads).not.toHaveBeenCalled()
    // A later overflow is re-read in its turn.
    revoke('h5', T0 + 2 * HOUR)
    revoke('h6', T0 + 2 * HOUR) // left out
    await sweepAt(T0 + HOUR) // u1, h3 and left-out are over: 1 of 4
    expect(snapshots).toHaveLength(3)
    await view.close()
  })

  it('does not re-read while down, nor once the left-out revocations are over', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const down = await liveView({ maxEntries: 2, sweepMs: SECOND })
    down.revoke('a', T0 + MINUTE)
    down.revoke('b', T0 + HOUR)
    down.revoke('c', T0 + HOUR) // left out
    down.listener().disconnected(new Error('gone'))
    down.clock.set(T0 + MINUTE) // a is over: room, but the push is down
    await vi.advanceTimersByTimeAsync(SECOND)
    expect(down.snapshots).toHaveLength(1)
    const over = await liveView({ maxEntries: 2, sweepMs: SECOND })
    for (const handle of ['a', 'b', 'c']) over.revoke(handle, T0 + MINUTE) // c left out
    over.clock.set(T0 + MINUTE) // all over, c too: nothing to re-read
    await vi.advanceTimersByTimeAsync(SECOND)
    expect(over.snapshots).toHaveLength(1)
    await down.view.close()
    await over.view.close()
  })
})
