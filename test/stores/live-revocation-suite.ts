/**
 * The behaviour every live revocation view shares, run against each backend by
 * `live-revocations.test.ts`: two views on one backend, each through its own client (two
 * "processes"). View A revokes; view B must answer from memory, with no store read, once the push
 * reached it; B must catch up after its push is cut, fall back as configured while it is down,
 * never answer "not revoked" for a revoked handle when its bound overflows, and forget a
 * revocation at its `until`.
 *
 * Waits are bounded polls (`eventually`), never timing assertions.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, expect, it } from 'vitest'

import type {
  LiveRevocations,
  LiveRevocationsOptions,
} from '../../src/stores/kit/live-revocations.js'
import { fakeClock, HOUR, MINUTE } from '../helpers/clock.js'
import { newId } from './revocation-suite.js'

/** Two views on one fresh namespace (prefix or tables) of a backend. */
export interface LivePair {
  a: LiveRevocations
  b: LiveRevocations
  /** Store reads (commands, queries, statements) B's own client has sent so far, feed excluded. */
  readsOfB(): number | Promise<number>
  /** Cut B's push channel (the backend's own way: CLIENT KILL, pg_terminate_backend, …). */
  killFeedOfB(): Promise<void>
  /** Write a revocation to the backend without announcing it (only a catch-up read finds it). */
  writeSilently(handle: string, until: number): Promise<void>
}

export interface LivePairOptions {
  /** Options for both views. */
  view: LiveRevocationsOptions
  /** B's push channel can never connect (B stays down); its store works. */
  bDown?: boolean
}

/** Poll `check` every 25 ms for at most `ms`; true as soon as it passes. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 25) {
    if (await check()) return true
    await sleep(25)
  }
  return false
}

const T0 = Date.UTC(2030, 0, 1)

/** Registers the live-view contract's tests; `make` gives a fresh pair of views each time. */
export function describeLiveRevocations(
  make: (options: LivePairOptions) => Promise<LivePair>,
): void {
  const open: LiveRevocations[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((view) => view.close()))
  })
  const pair = async (options: LivePairOptions): Promise<LivePair> => {
    const made = await make(options)
    open.push(made.a, made.b)
    const waitFor = options.bDown === true ? [made.a] : [made.a, made.b]
    expect(await eventually(() => waitFor.every((view) => view.status() === 'live'))).toBe(true)
    return made
  }

  it('answers in B, from memory with no store read, what A revoked', async () => {
    const clock = fakeClock(T0)
    const { a, b, readsOfB } = await pair({ view: { now: clock } })
    const [handle, user, other] = [newId('h'), newId('u'), newId('h')]
    expect(b.isRevoked(handle, user, T0)).toBe(false)
    await a.revokeSession(handle, T0 + HOUR)
    await a.revokeUser(user, T0, T0 + HOUR)
    expect(a.isRevoked(handle, newId('u'), T0)).toBe(true) // A's own view at once
    expect(await eventually(() => b.isRevoked(newId('h'), user, T0 - 1) === true)).toBe(true)
    expect(await eventually(() => b.isRevoked(handle, newId('u'), T0) === true)).toBe(true)
    const before = await readsOfB()
    const answers = new Set<unknown>()
    for (let i = 0; i < 1000; i += 1) {
      answers.add(b.isRevoked(handle, newId('u'), T0 + i))
      answers.add(b.isRevoked(other, user, T0 - 1 - i))
      answers.add(b.isRevoked(other, user, T0 + i) === false ? 'accepted' : 'refused')
    }
    expect([...answers].sort()).toEqual(['accepted', true])
    expect(b.status()).toBe('live')
    expect((await readsOfB()) - before).toBe(0)
  })

  it('catches up with a revocation it missed while its push was cut', async () => {
    const clock = fakeClock(T0)
    const statuses: string[] = []
    const { b, killFeedOfB, writeSilently } = await pair({
      view: { now: clock, onStatus: (status) => statuses.push(status) },
    })
    const missed = newId('h')
    await writeSilently(missed, T0 + HOUR)
    // Live and not announced: B does not know it (and does not read to find out).
    expect(b.isRevoked(missed, newId('u'), T0)).toBe(false)
    await killFeedOfB()
    expect(await eventually(() => b.isRevoked(missed, newId('u'), T0) === true)).toBe(true)
    expect(await eventually(() => b.status() === 'live')).toBe(true)
    expect(b.isRevoked(missed, newId('u'), T0)).toBe(true) // now from memory
    expect(statuses).toContain('catching-up')
  })

  it("with whenDisconnected: 'read', reads the store while its push is down", async () => {
    const clock = fakeClock(T0)
    const { a, b, readsOfB } = await pair({ view: { now: clock }, bDown: true })
    expect(b.status()).not.toBe('live')
    const [handle, fine] = [newId('h'), newId('h')]
    await a.revokeSession(handle, T0 + HOUR)
    const before = await readsOfB()
    const revoked = b.isRevoked(handle, newId('u'), T0)
    const accepted = b.isRevoked(fine, newId('u'), T0)
    expect(await revoked).toBe(true)
    expect(await accepted).toBe(false)
    expect((await readsOfB()) - before).toBeGreaterThanOrEqual(2)
  })

  it("with whenDisconnected: 'refuse', refuses every signed-in session while down", async () => {
    const clock = fakeClock(T0)
    const { b, readsOfB } = await pair({
      view: { now: clock, whenDisconnected: 'refuse' },
      bDown: true,
    })
    const before = await readsOfB()
    expect(b.isRevoked(newId('h'), newId('u'), T0)).toBe(true)
    expect(b.isRevoked(newId('h'), newId('u'), T0 + HOUR)).toBe(true)
    expect((await readsOfB()) - before).toBe(0)
  })

  it('never answers "not revoked" for a revoked handle when its bound overflows', async () => {
    const clock = fakeClock(T0)
    const { a, b, readsOfB } = await pair({ view: { now: clock, maxEntries: 3 } })
    const handles = Array.from({ length: 10 }, () => newId('h'))
    for (const handle of handles) await a.revokeSession(handle, T0 + HOUR)
    // Announcements arrive in order: once the last is answered, B has had them all.
    const last = handles[handles.length - 1]!
    expect(await eventually(async () => (await b.isRevoked(last, newId('u'), T0)) === true)).toBe(
      true,
    )
    const before = await readsOfB()
    for (const handle of handles) expect(await b.isRevoked(handle, newId('u'), T0)).toBe(true)
    // Only 3 fit in memory: the others were answered by reading the store.
    expect((await readsOfB()) - before).toBeGreaterThanOrEqual(handles.length - 3)
    expect(await b.isRevoked(newId('h'), newId('u'), T0)).toBe(false)
    // Once the extra revocations have expired, memory alone answers again.
    clock.set(T0 + HOUR)
    expect(b.isRevoked(last, newId('u'), T0)).toBe(false)
  })

  it('forgets a revocation at its `until`, without a read', async () => {
    const clock = fakeClock(T0)
    const { a, b, readsOfB } = await pair({ view: { now: clock } })
    const [handle, user] = [newId('h'), newId('u')]
    await a.revokeSession(handle, T0 + MINUTE)
    await a.revokeUser(user, T0, T0 + MINUTE)
    expect(await eventually(() => b.isRevoked(newId('h'), user, T0 - 1) === true)).toBe(true)
    expect(await eventually(() => b.isRevoked(handle, newId('u'), T0) === true)).toBe(true)
    const before = await readsOfB()
    clock.set(T0 + MINUTE - 1)
    expect(b.isRevoked(handle, newId('u'), T0)).toBe(true)
    expect(b.isRevoked(newId('h'), user, T0 - 1)).toBe(true)
    clock.set(T0 + MINUTE)
    expect(b.isRevoked(handle, newId('u'), T0)).toBe(false)
    expect(b.isRevoked(newId('h'), user, T0 - 1)).toBe(false)
    expect((await readsOfB()) - before).toBe(0)
  })

  it('close() releases the push: the view is down and stays down', async () => {
    const { b } = await pair({ view: {} })
    await b.close()
    expect(b.status()).toBe('down')
    await sleep(100)
    expect(b.status()).toBe('down')
  })
}
