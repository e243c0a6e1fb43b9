import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { CookieTooLargeError, SessionValueError } from '../../../src/errors.js'
import { storeKey } from '../../../src/crypto/store-key.js'
import {
  commitSpill,
  cookiePart,
  mergeSpilled,
  readSpill,
  SPILL_KEY,
  SPILL_MARK,
  spilledPart,
  spillRefOf,
  type LoadedSpill,
  type SpillTimes,
} from '../../../src/core/spill.js'
import { SessionState } from '../../../src/core/session-state.js'
import { memoryStore, type MemoryStore } from '../../../src/stores/memory/index.js'
import { sqliteStore, type SqliteStore } from '../../../src/stores/sqlite/index.js'
import { fakeClock, MINUTE, type FakeClock } from '../../helpers/clock.js'

/** A stand-in seal: readable, so a test can see what the cookie carries. */
const seal = (data: Readonly<Record<string, unknown>>): string =>
  Buffer.from(JSON.stringify(data)).toString('base64url')
const unseal = (value: string): Record<string, unknown> =>
  JSON.parse(
    Buffer.from(value.replace(/^session=/, '').replace(SPILL_MARK, ''), 'base64url').toString(),
  ) as Record<string, unknown>

/** A cookie writer with a budget of `limit` characters. */
const writer =
  (limit = 600) =>
  (value: string): string[] => {
    if (value.length > limit) throw new CookieTooLargeError(value.length, limit)
    return [`session=${value}`]
  }

const big = (n: number): string => 'x'.repeat(n)

const opened: Database.Database[] = []
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

/** The synchronous stores: their writes return plain values. */
const stores: [string, (clock: FakeClock) => MemoryStore | SqliteStore][] = [
  ['memory', (clock) => memoryStore({ now: clock })],
  [
    'sqlite',
    (clock) => {
      const db = new Database(':memory:')
      opened.push(db)
      return sqliteStore(db, { now: clock })
    },
  ],
]

/** A state as a loaded session leaves it, with `data` in it. */
function loadedState(data: Record<string, unknown>): SessionState {
  const state = new SessionState()
  state.map = new Map(Object.entries(data))
  state.isNew = false
  return state
}

describe('spill helpers', () => {
  it('keeps the sign-in keys in the cookie and moves the app keys and flashes out', () => {
    const data = { _user_id: 'u1', _csrf: 'c', _permanent: true, _flashes: [1], notes: 'n' }
    const ref = 'r'.repeat(43)
    expect(cookiePart(data, ref)).toEqual({
      _user_id: 'u1',
      _csrf: 'c',
      _permanent: true,
      [SPILL_KEY]: ref,
    })
    expect(spilledPart(data)).toEqual({ _flashes: [1], notes: 'n' })
  })

  it('takes only a well-formed reference from cookie data', () => {
    expect(spillRefOf({ [SPILL_KEY]: 'A'.repeat(43) })).toBe('A'.repeat(43))
    expect(spillRefOf({ [SPILL_KEY]: 'A'.repeat(42) })).toBeUndefined()
    expect(spillRefOf({ [SPILL_KEY]: 42 })).toBeUndefined()
    expect(spillRefOf({})).toBeUndefined()
  })

  it('merges the record under the cookie: the cookie decides the sign-in keys', () => {
    const record = {
      data: { notes: 'n', _user_id: 'forged', [SPILL_KEY]: 'x' },
      userId: null,
      createdAt: 0,
      lastSeenAt: 0,
      expiresAt: 1,
      absoluteExpiresAt: 1,
      userAgent: null,
      ip: null,
    }
    expect(mergeSpilled({ _user_id: 'u1', [SPILL_KEY]: 'r' }, record)).toEqual({
      notes: 'n',
      _user_id: 'u1',
    })
    expect(mergeSpilled({ [SPILL_KEY]: 'r' }, record)).toEqual({ notes: 'n' })
  })
})

describe.each(stores)('spill-over on the %s store', (_name, makeStore) => {
  let clock: FakeClock
  let store: MemoryStore | SqliteStore
  const times = (): SpillTimes => ({
    now: clock(),
    expiresAt: clock() + 30 * MINUTE,
    absoluteExpiresAt: clock() + 12 * 60 * MINUTE,
    slack: 3 * MINUTE,
  })
  const setup = (): void => {
    clock = fakeClock()
    store = makeStore(clock)
  }
  /** Spill `data` from a new session and read it back as the next request would. */
  const spillNew = (data: Record<string, unknown>): { loaded: LoadedSpill; cookie: string } => {
    const state = new SessionState()
    for (const [k, v] of Object.entries(data)) state.put(k, v)
    const out = commitSpill(store, state, undefined, data, times(), seal, writer(), 65_536)
    expect(out.stored).toBeUndefined() // synchronous stores answer at once
    const ref = spillRefOf(unseal(out.value))
    expect(ref).toBeDefined()
    const loaded = readSpill(store, ref!) as LoadedSpill | undefined
    expect(loaded).toBeDefined()
    return { loaded: loaded!, cookie: out.cookies[0]! }
  }

  it('writes a session that fits into the cookie whole, with no record', () => {
    setup()
    const state = new SessionState()
    state.put('notes', 'short')
    const out = commitSpill(
      store,
      state,
      undefined,
      { notes: 'short' },
      times(),
      seal,
      writer(),
      65_536,
    )
    expect(out.value.startsWith(SPILL_MARK)).toBe(false)
    expect(unseal(out.value)).toEqual({ notes: 'short' })
    clock.advance(13 * 60 * MINUTE)
    expect(store.purgeExpired()).toBe(0)
  })

  it('moves the data past the budget to a record under a hashed 256-bit reference', () => {
    setup()
    const data = { _user_id: 'u1', notes: big(2000) }
    const { loaded, cookie } = spillNew(data)
    expect(cookie.startsWith(`session=${SPILL_MARK}`)).toBe(true)
    expect(unseal(cookie)).toEqual({ _user_id: 'u1', [SPILL_KEY]: loaded.ref })
    expect(loaded.ref).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(loaded.key).toBe(storeKey(loaded.ref))
    expect(loaded.record.data).toEqual({ notes: big(2000) })
    expect(loaded.record.userId).toBeNull()
    expect(store.listByUser('u1')).toEqual([])
    clock.advance(13 * 60 * MINUTE)
    expect(store.purgeExpired()).toBe(1)
  })

  it('gives the record the session deadline (plus the slack) and lets it expire with it', () => {
    setup()
    const t = times()
    const { loaded } = spillNew({ notes: big(2000) })
    expect(loaded.record.expiresAt).toBe(t.expiresAt + t.slack)
    expect(loaded.record.absoluteExpiresAt).toBe(t.absoluteExpiresAt)
    clock.advance(33 * MINUTE)
    expect(readSpill(store, loaded.ref)).toBeUndefined()
  })

  it('patches only the changed spilled keys of an existing record, keeping the reference', () => {
    setup()
    const { loaded } = spillNew({ a: big(2000), b: 1 })
    // Another request changed `b` meanwhile: this one changes only `a`.
    store.update(loaded.key, { set: { b: 2 } }, loaded.record.expiresAt)
    const state = loadedState({ a: big(2000), b: 1 })
    state.put('a', big(2100))
    const data = state.toObject()
    const out = commitSpill(store, state, loaded, data, times(), seal, writer(), 65_536)
    expect(unseal(out.value)[SPILL_KEY]).toBe(loaded.ref)
    const after = readSpill(store, loaded.ref) as LoadedSpill
    expect(after.record.data).toEqual({ a: big(2100), b: 2 })
  })

  it('moves the data back into the cookie and deletes the record once it fits again', () => {
    setup()
    const { loaded } = spillNew({ _user_id: 'u1', notes: big(2000) })
    const state = loadedState({ _user_id: 'u1', notes: big(2000) })
    state.put('notes', 'short')
    const out = commitSpill(store, state, loaded, state.toObject(), times(), seal, writer(), 65_536)
    expect(out.value.startsWith(SPILL_MARK)).toBe(false)
    expect(unseal(out.value)).toEqual({ _user_id: 'u1', notes: 'short' })
    expect(readSpill(store, loaded.ref)).toBeUndefined()
  })

  it('re-keys on regenerate and destroy, so a copy of the old cookie finds nothing', () => {
    setup()
    for (const end of ['regenerate', 'destroy'] as const) {
      const { loaded } = spillNew({ notes: big(2000) })
      const state = loadedState({ notes: big(2000) })
      if (end === 'regenerate') {
        state.write()
        state.regenerate = true
      } else {
        state.removeAll()
        state.destroyed = true
        state.put('notes', big(2500))
      }
      const out = commitSpill(
        store,
        state,
        loaded,
        state.toObject(),
        times(),
        seal,
        writer(),
        65_536,
      )
      const ref = unseal(out.value)[SPILL_KEY] as string
      expect(ref, end).not.toBe(loaded.ref)
      expect(readSpill(store, loaded.ref), end).toBeUndefined()
      expect((readSpill(store, ref) as LoadedSpill).record.data, end).toEqual(state.toObject())
    }
  })

  it('gives a session that becomes permanent a new record, with the new absolute deadline', () => {
    setup()
    const { loaded } = spillNew({ notes: big(2000) })
    const state = loadedState({ notes: big(2000) })
    state.put('_permanent', true)
    const later = { ...times(), absoluteExpiresAt: clock() + 400 * 24 * 60 * MINUTE }
    const out = commitSpill(store, state, loaded, state.toObject(), later, seal, writer(), 65_536)
    const ref = unseal(out.value)[SPILL_KEY] as string
    expect(ref).not.toBe(loaded.ref)
    expect(readSpill(store, loaded.ref)).toBeUndefined()
    expect((readSpill(store, ref) as LoadedSpill).record.absoluteExpiresAt).toBe(
      later.absoluteExpiresAt,
    )
  })

  it('touches the record only when a re-sealed cookie would outlive it', () => {
    setup()
    const { loaded } = spillNew({ notes: big(2000) })
    const reseal = (): void => {
      const state = loadedState({ notes: big(2000) })
      state.touch()
      const current = readSpill(store, loaded.ref) as LoadedSpill
      commitSpill(store, state, current, state.toObject(), times(), seal, writer(), 65_536)
    }
    clock.advance(2 * MINUTE) // within the slack: left alone
    reseal()
    expect((readSpill(store, loaded.ref) as LoadedSpill).record.expiresAt).toBe(
      loaded.record.expiresAt,
    )
    clock.advance(2 * MINUTE) // past it: moved to the new deadline plus the slack
    reseal()
    expect((readSpill(store, loaded.ref) as LoadedSpill).record.expiresAt).toBe(
      clock() + 33 * MINUTE,
    )
  })

  it('refuses spilled data over maxDataSize, and a cookie part over the budget, writing nothing', () => {
    setup()
    const state = new SessionState()
    state.put('notes', big(3000))
    expect(() =>
      commitSpill(store, state, undefined, state.toObject(), times(), seal, writer(), 2048),
    ).toThrow(SessionValueError)
    const signIn = { _auth: big(800), notes: big(2000) }
    expect(() =>
      commitSpill(store, state, undefined, signIn, times(), seal, writer(), 65_536),
    ).toThrow(/already went to the store \(cookie\.spill\)/)
    clock.advance(13 * 60 * MINUTE)
    expect(store.purgeExpired()).toBe(0)
  })
})
