/**
 * A process-local view of a shared revocation store, kept current by push, so checking a
 * sealed cookie's revocation costs no store read per request (issue 14, CL-25, CL-44).
 *
 * The view wraps a {@link RevocationStore} and a backend's {@link RevocationFeed}: writes go
 * through to the store (whose writes announce themselves on the feed) and into the view at once;
 * `isRevoked` answers from memory, synchronously, while the feed is subscribed and caught up.
 * Every update is a merge that keeps the larger `before` and `until`, the store's own rule, so
 * applying an announcement twice, late or out of order changes nothing: on (re)connect the feed
 * subscribes first and reads the store's snapshot second, and whatever is announced in between
 * is merged as it comes (nothing is lost, nothing needs replaying in order).
 *
 * Not a public entry point: each backend's entry (`tessera-session/stores/<backend>`) exports
 * `liveRevocations` and these types, next to its own `<backend>LiveRevocations` factory.
 *
 * @module
 */
import type { RevocationStore } from '../../auth/revocation.js'
import { systemClock } from '../../internal/clock.js'
import type { MaybePromise } from '../store.js'
import { checkPositiveInteger } from './options.js'
import type {
  LiveRevocationsStatus,
  RevocationFeed,
  RevocationFeedListener,
  RevocationSink,
} from './revocation-feed.js'

export type {
  LiveRevocationsStatus,
  RevocationFeed,
  RevocationFeedListener,
  RevocationSink,
} from './revocation-feed.js'

/** Options of {@link liveRevocations} and every `<backend>LiveRevocations` factory. */
export interface LiveRevocationsOptions {
  /**
   * Most revocations kept in memory (handles and users together). Past it the view drops
   * expired entries; when all are in force it keeps none of the newcomers, never forgets one
   * silently: until the last of them expires (or a re-read fits), a check that memory cannot
   * answer reads the store, and the process warning `TESSERA_LIVE_REVOCATIONS_FULL` says so.
   * @default 100_000
   */
  maxEntries?: number
  /**
   * What a check that memory cannot answer does while the push is down or catching up:
   * `'read'` asks the store (a promise, as without a view); `'refuse'` treats every signed-in
   * session as revoked. Never "accept".
   * @default 'read'
   */
  whenDisconnected?: 'read' | 'refuse'
  /**
   * First delay before a failed catch-up read is tried again, doubled each time up to 30 s.
   * @default 250
   */
  retryMs?: number
  /**
   * Drop expired entries every this many milliseconds (an unref'd timer `close()` stops).
   * @default 60_000
   */
  sweepMs?: number
  /** Called on each change of status, with the error that brought the push down if any. */
  onStatus?: (status: LiveRevocationsStatus, error?: unknown) => void
  /**
   * The clock `until` is compared with, in milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number
}

/** A revocation store answered from memory while its push is live. */
export interface LiveRevocations extends RevocationStore {
  revokeSession(handle: string, until: number): MaybePromise<void>
  revokeUser(userId: string, before: number, until: number): MaybePromise<void>
  /** A plain boolean while live (no store read); the fallback's answer otherwise. */
  isRevoked(handle: string, userId: string, stamp: number): boolean | Promise<boolean>
  /** `'live'` when answers come from memory alone. */
  status(): LiveRevocationsStatus
  /** Release the subscriber and the timers, then close the wrapped store. */
  close(): Promise<void>
}

const STORE_NAME = 'live revocation'
const MAX_RETRY_MS = 30_000

/**
 * Wrap `store` in a live view fed by `feed`. The backend factories (`redisLiveRevocations`,
 * `postgresLiveRevocations`, `sqliteLiveRevocations`) call this with their own feed; call it
 * yourself for a store and feed of your own.
 *
 * @param store - the shared store: source of truth, and the fallback while the push is down.
 * @param feed - the backend's push channel and catch-up read.
 * @param options - bound, fallback, retry and clock.
 * @returns a {@link LiveRevocations}; its feed is opened at once.
 *
 * @example
 * ```ts
 * import { liveRevocations, memoryRevocations, type RevocationFeed } from 'tessera-session/stores/memory'
 *
 * declare const feed: RevocationFeed
 * const revocations = liveRevocations(memoryRevocations(), feed, { whenDisconnected: 'refuse' })
 * ```
 */
export function liveRevocations(
  store: RevocationStore,
  feed: RevocationFeed,
  options: LiveRevocationsOptions = {},
): LiveRevocations {
  const now = options.now ?? systemClock
  const maxEntries = checkPositiveInteger(STORE_NAME, 'maxEntries', options.maxEntries ?? 100_000)
  const baseRetry = checkPositiveInteger(STORE_NAME, 'retryMs', options.retryMs ?? 250)
  const sweepMs = checkPositiveInteger(STORE_NAME, 'sweepMs', options.sweepMs ?? 60_000)
  const refuse = options.whenDisconnected === 'refuse'
  const onStatus = options.onStatus
  const handles = new Map<string, number>()
  const users = new Map<string, { before: number; until: number }>()
  let status: LiveRevocationsStatus = 'down'
  let live = false
  let closed = false
  // Each (re)connect starts a new epoch: a catch-up from an older one never turns the view live.
  let epoch = 0
  let retryDelay = baseRetry
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  // Revocations the bound made the view leave out are all over by then: until it, a miss reads.
  let forgottenUntil = 0
  let roundForgotten = 0
  let lastFullSweep = -Infinity
  let rebuilding = false
  let warned = false

  const setStatus = (next: LiveRevocationsStatus, error?: unknown): void => {
    live = next === 'live'
    if (next === status) return
    status = next
    onStatus?.(next, error)
  }
  const sweep = (t: number): void => {
    for (const [k, until] of handles) if (until <= t) handles.delete(k)
    for (const [k, v] of users) if (v.until <= t) users.delete(k)
  }
  const room = (t: number): boolean => {
    if (handles.size + users.size < maxEntries) return true
    // Full: sweeping is O(entries), so at most once a second however fast entries arrive.
    if (t - lastFullSweep >= 1000) {
      lastFullSweep = t
      sweep(t)
    }
    return handles.size + users.size < maxEntries
  }
  const forget = (until: number): void => {
    forgottenUntil = Math.max(forgottenUntil, until)
    roundForgotten = Math.max(roundForgotten, until)
    if (warned) return
    warned = true
    ;(
      globalThis as { process?: { emitWarning?: (m: string, o: object) => void } }
    ).process?.emitWarning?.(
      `tessera: the live revocation view is full (${maxEntries} revocations in force); checks ` +
        'it cannot answer read the store until the extra ones expire. Raise maxEntries.',
      { code: 'TESSERA_LIVE_REVOCATIONS_FULL' },
    )
  }
  const revokedSession = (handle: string, until: number): void => {
    const t = now()
    if (until <= t) return
    const current = handles.get(handle)
    if (current !== undefined) {
      if (until > current) handles.set(handle, until)
    } else if (room(t)) handles.set(handle, until)
    else forget(until)
  }
  const revokedUser = (userId: string, before: number, until: number): void => {
    const t = now()
    if (until <= t) return
    const current = users.get(userId)
    if (current !== undefined) {
      current.before = Math.max(current.before, before)
      current.until = Math.max(current.until, until)
    } else if (room(t)) users.set(userId, { before, until })
    else forget(until)
  }
  const sink: RevocationSink = { revokedSession, revokedUser }

  const catchUp = async (mine: number): Promise<void> => {
    roundForgotten = 0
    try {
      await feed.snapshot(sink, now())
    } catch (error) {
      if (mine !== epoch || closed) return
      setStatus(live ? 'live' : 'catching-up', error)
      retryTimer = unref(setTimeout(() => retry(mine), retryDelay))
      retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS)
      return
    }
    if (mine !== epoch || closed) return
    // Complete but for what this very read had to leave out.
    forgottenUntil = roundForgotten
    retryDelay = baseRetry
    setStatus('live')
  }
  const retry = (mine: number): void => {
    retryTimer = undefined
    if (mine === epoch && !closed) void catchUp(mine)
  }
  const listener: RevocationFeedListener = {
    revokedSession,
    revokedUser,
    connected() {
      if (closed) return
      epoch += 1
      clearTimeout(retryTimer)
      setStatus('catching-up')
      void catchUp(epoch)
    },
    // Once closed, this changes nothing: the view is down already and ignores every catch-up.
    disconnected(error) {
      epoch += 1
      clearTimeout(retryTimer)
      setStatus('down', error)
    },
  }

  const sweeper = unref(
    setInterval(() => {
      const t = now()
      sweep(t)
      // Room again after an overflow: one re-read may bring the view back to complete.
      if (
        live &&
        !rebuilding &&
        forgottenUntil > t &&
        handles.size + users.size <= maxEntries / 2
      ) {
        rebuilding = true
        void catchUp(epoch).finally(() => (rebuilding = false))
      }
    }, sweepMs),
  )
  feed.open(listener)

  return {
    revokeSession(handle, until) {
      revokedSession(handle, until)
      return store.revokeSession(handle, until)
    },
    revokeUser(userId, before, until) {
      revokedUser(userId, before, until)
      return store.revokeUser(userId, before, until)
    },
    isRevoked(handle, userId, stamp) {
      const t = now()
      const until = handles.get(handle)
      if (until !== undefined && until > t) return true
      const user = users.get(userId)
      if (user !== undefined && user.until > t && stamp < user.before) return true
      if (live) return forgottenUntil > t ? store.isRevoked(handle, userId, stamp) : false
      if (refuse) return true
      return store.isRevoked(handle, userId, stamp)
    },
    status: () => status,
    async close() {
      if (closed) return
      // Every catch-up and retry checks `closed`: no new epoch needed to turn them away.
      closed = true
      clearTimeout(retryTimer)
      clearInterval(sweeper)
      setStatus('down')
      handles.clear()
      users.clear()
      try {
        await feed.close()
      } finally {
        await store.close()
      }
    },
  }
}

/** Node's timers keep the process alive unless unref'd; other runtimes hand back a number. */
function unref<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}
