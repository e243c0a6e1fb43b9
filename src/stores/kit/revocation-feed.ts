/**
 * The contract between the live revocation view and a backend's push channel: what a feed
 * announces, how it reports the channel's state, and the catch-up read it offers.
 *
 * Not a public entry point: each backend's entry (`tessera-session/stores/<backend>`) exports
 * these types.
 *
 * @module
 */
import type { MaybePromise } from '../store.js'

/** Where a live view stands: answering from memory, reading the snapshot, or without push. */
export type LiveRevocationsStatus = 'live' | 'catching-up' | 'down'

/** What a feed and a snapshot hand to the view: revocations, merged by larger value. */
export interface RevocationSink {
  /** The handle is revoked until `until` (ms). */
  revokedSession(handle: string, until: number): void
  /** The user's sessions stamped before `before` are revoked until `until` (ms). */
  revokedUser(userId: string, before: number, until: number): void
}

/** The view's side of a feed: announcements, and the push channel's state. */
export interface RevocationFeedListener extends RevocationSink {
  /**
   * The subscription is in place (first time, after a reconnect, or when the feed lost track):
   * every revocation written from now on will be announced. The view then reads a snapshot.
   */
  connected(): void
  /** The push channel is down: announcements may be missed until `connected()` again. */
  disconnected(error?: unknown): void
}

/**
 * A backend's push channel. `open` subscribes and calls `connected()` only once the backend has
 * confirmed the subscription; `snapshot` hands every revocation in force to `sink` (the catch-up
 * read); `close` releases the subscriber.
 */
export interface RevocationFeed {
  open(listener: RevocationFeedListener): void
  snapshot(sink: RevocationSink, now: number): MaybePromise<void>
  close(): MaybePromise<void>
}
