/**
 * Server-side sessions: the cookie carries `<id>.<tag>` — 32 random bytes and an HMAC tag, so a
 * forged ID is refused without a store read (CL-5) — and the data lives in a store under the
 * SHA-256 of the ID (CL-4). Only what changed is written, as a patch (CL-76); reads write nothing;
 * the deadline is pushed forward only when it moved past a tenth of the window.
 *
 * @module
 */
import { isThenable } from '../internal/thenable.js'
import { TAGGED_ID_SHAPE } from '../crypto/id-signer.js'
import { randomToken } from '../crypto/random.js'
import { storeKey } from '../crypto/store-key.js'
import { SessionValueError } from '../errors.js'
import type { MaybePromise, SessionPatch, SessionRecord, SessionStore } from '../stores/store.js'
import { deleteCookie, readCookie, setCookie } from './cookie.js'
import { userIdFor, type ResolvedHooks, type SessionEvent } from './hooks.js'
import { EMPTY_COMMIT, type CommitResult, type RequestInfo } from './http.js'
import {
  admit,
  expiryOnLoad,
  isStale,
  needsNewRecord,
  reissuesCookie,
  startOf,
} from './lifecycle.js'
import {
  absoluteExpiry,
  cookieMaxAge,
  nextDeadline,
  permanentOf,
  timesOf,
  untilOf,
} from './lifetime.js'
import type { ResolvedOptions } from './options.js'
import { Session } from './session.js'
import { MAX_STORE_KEYS } from './session-keys.js'
import { SessionState } from './session-state.js'
import type { CommitOutcome, CookieVariant, SessionHandle } from './session-manager.js'

// Moved to crypto/id-signer.ts (docs/decisions.md §35); kept here for the code that imports them.
export { createIdSigner, type IdSigner } from '../crypto/id-signer.js'

/** Begin a server-side session for one request. */
export function beginStoreSession<Data extends object>(
  variant: CookieVariant,
  request: RequestInfo,
  options: ResolvedOptions,
  store: SessionStore,
): SessionHandle<Data> {
  const raw = readCookie(request.cookieHeader, variant.spec.name)
  const verified = raw === undefined ? undefined : variant.signer.verify(raw)
  const hooks = options.hooks
  if (hooks !== undefined && raw !== undefined && verified === undefined) {
    const reason = TAGGED_ID_SHAPE.test(raw) ? 'tampered' : 'malformed'
    hooks.onEvent({ type: 'refused', mode: 'store', at: options.now(), reason })
  }
  /** The pending read of an asynchronous store; `undefined` before `load()` and once it is done. */
  let loading: Promise<void> | undefined
  let loadStarted = false
  const state = new SessionState()
  state.client = { userAgent: request.userAgent, ip: request.ip }
  state.now = options.now
  state.store = store
  state.maxKeys = MAX_STORE_KEYS
  state.schema = options.schema
  const session = new Session<Data>(state)

  /** Take the record the store returned (or nothing) as this request's session. */
  const apply = (found: SessionRecord | undefined, key: string): void => {
    const now = options.now()
    if (found === undefined) {
      if (hooks !== undefined) {
        hooks.onEvent({ type: 'refused', mode: 'store', at: now, reason: 'not-found' })
      }
      return
    }
    const times = timesOf(found.createdAt, found.lastSeenAt, found.data)
    // The record's own deadlines (written under the options of its last write) and the lifecycle's
    // (under the current options) both hold.
    const timeout =
      now >= found.absoluteExpiresAt
        ? 'absolute'
        : (expiryOnLoad(times, now, options, 'all') ??
          (now >= found.expiresAt ? 'idle' : undefined))
    if (timeout !== undefined) {
      if (hooks !== undefined) {
        hooks.onEvent({
          type: 'expired',
          mode: 'store',
          at: now,
          timeout,
          ...userIdFor(hooks, found.data),
        })
      }
      return
    }
    if (!admit(state, found.data, times, 'store', now, hooks)) return
    state.storeKey = key
    if (hooks !== undefined) {
      hooks.onEvent({ type: 'loaded', mode: 'store', at: now, ...userIdFor(hooks, found.data) })
    }
  }

  /**
   * Read the record. A store that answers synchronously (the memory store, SQLite) is read at
   * once and `undefined` is returned, so the adapter goes on without a turn of the event loop;
   * otherwise the promise of the read. Never throws: a failure is a rejected promise.
   */
  const load = (): Promise<void> | undefined => {
    if (loadStarted) return loading
    loadStarted = true
    if (verified === undefined) return undefined
    const key = storeKey(verified.id)
    try {
      const found = store.get(key)
      if (!isThenable(found)) {
        apply(found, key)
        return undefined
      }
      loading = Promise.resolve(found).then((value) => {
        apply(value, key)
        loading = undefined
      })
    } catch (err) {
      // A synchronous store that throws: the same rejected promise an asynchronous one gives,
      // with whatever it threw (a store's error is not ours to wrap here).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      loading = Promise.reject(err)
    }
    return loading
  }

  // An untouched session has nothing to write: answer at once, with no promise to wait for, so
  // adapters can let the response go without a turn of the event loop. So does a read that needs
  // no refresh, and every write to a store that answers synchronously.
  const commit = (): CommitOutcome => {
    // Close synchronously: a write racing the commit must fail, not be silently dropped.
    state.closed = true
    if (!state.accessed) return EMPTY_COMMIT
    if (loading !== undefined) return loading.then(save)
    return save()
  }

  const save = (): CommitOutcome => {
    const now = options.now()
    const permanent = permanentOf(state.map)
    const oldKey = state.isNew ? undefined : state.storeKey

    if (state.map.size === 0) {
      const done = (): CommitResult => {
        if (hooks !== undefined && oldKey !== undefined) {
          hooks.onEvent({ type: 'destroyed', mode: 'store', at: now })
        }
        return { cookies: raw === undefined ? [] : [deleteCookie(variant.spec)], vary: true }
      }
      return oldKey === undefined ? done() : after(store.destroy(oldKey), done)
    }
    const creating = needsNewRecord(state, permanent)
    // A request that only read needs neither the data object nor a size check.
    const data = creating || state.modified ? state.toObject() : undefined
    const until = untilOf(data ?? state.map)
    if (creating) {
      const createdAt = startOf(state, now)
      const id = randomToken(32)
      const key = storeKey(id)
      const fresh = data ?? state.toObject()
      checkSize(fresh, options)
      const existed = !state.isNew
      const created = store.create(key, {
        data: fresh,
        userId: userIdOf(fresh),
        createdAt,
        lastSeenAt: now,
        expiresAt: nextDeadline(createdAt, now, permanent, options, until),
        absoluteExpiresAt: absoluteExpiry(createdAt, permanent, options, until),
        userAgent: summarizeUserAgent(request.userAgent),
        ip: request.ip ?? null,
      })
      const issue = (): CommitResult => {
        state.storeKey = key
        const maxAge = cookieMaxAge(createdAt, now, permanent, options, until)
        const cookie = setCookie(variant.spec, variant.signer.sign(id), maxAge, now)
        if (hooks !== undefined) newRecordEvents(hooks, state, existed, now, fresh)
        return { cookies: [cookie], vary: true }
      }
      return after(created, () =>
        oldKey === undefined ? issue() : after(store.destroy(oldKey), issue),
      )
    }

    const key = oldKey as string
    const { createdAt } = state.times
    const stale = isStale(state, permanent, now, options)
    const expiresAt = nextDeadline(createdAt, now, permanent, options, until)
    let written: MaybePromise<void> = undefined
    if (state.modified && data !== undefined) {
      checkSize(data, options)
      written = store.update(key, patchOf(state, data, now), expiresAt)
    } else if (stale) {
      written = store.touch(key, expiresAt, now)
    }
    const answer = (): CommitResult => {
      const keyRotated = verified?.rotated ?? false
      const reissue = reissuesCookie(state, permanent, stale, keyRotated, options)
      const cookies: string[] = []
      if (reissue && verified !== undefined) {
        const maxAge = cookieMaxAge(createdAt, now, permanent, options, until)
        cookies.push(setCookie(variant.spec, variant.signer.sign(verified.id), maxAge, now))
      }
      if (hooks !== undefined) {
        const event = updateEvent(state, keyRotated, stale, reissue, now)
        if (event !== undefined) hooks.onEvent({ ...event, ...userIdFor(hooks, state.map) })
      }
      return cookies.length === 0 ? READ_COMMIT : { cookies, vary: true }
    }
    return after(written, answer)
  }

  return { session, load, commit }
}

/** What a session that was read and needs nothing written answers. */
const READ_COMMIT: CommitResult = Object.freeze({ cookies: Object.freeze([]), vary: true })

/** `next()` once `value` is there: at once for a plain value, after it settles for a promise. */
function after<T>(value: MaybePromise<unknown>, next: () => T | Promise<T>): T | Promise<T> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next()
}

/** A new record: `created`, or `destroyed` + `created` after destroy(), or `rotated` (new ID). */
function newRecordEvents(
  hooks: ResolvedHooks,
  state: SessionState,
  existed: boolean,
  at: number,
  data: Record<string, unknown>,
): void {
  const user = userIdFor(hooks, data)
  if (existed && state.destroyed) hooks.onEvent({ type: 'destroyed', mode: 'store', at })
  if (existed && !state.destroyed) {
    hooks.onEvent({ type: 'rotated', mode: 'store', at, kind: 'id', ...user })
  } else {
    hooks.onEvent({ type: 'created', mode: 'store', at, ...user })
  }
}

/** What an update of an existing record stands for: rotated (key), saved, refreshed or nothing. */
function updateEvent(
  state: SessionState,
  keyRotated: boolean,
  touched: boolean,
  reissued: boolean,
  at: number,
): SessionEvent | undefined {
  if (keyRotated) return { type: 'rotated', mode: 'store', at, kind: 'key' }
  if (state.modified) return { type: 'saved', mode: 'store', at }
  if (touched || reissued) {
    return { type: 'refreshed', mode: 'store', at, deadline: touched, cookie: reissued }
  }
  return undefined
}

function patchOf(state: SessionState, data: Record<string, unknown>, now: number): SessionPatch {
  const set: Record<string, unknown> = {}
  for (const key of state.changed) set[key] = data[key]
  const patch: SessionPatch = {
    set,
    delete: [...state.deleted],
    clear: state.cleared,
    lastSeenAt: now,
    ...(state.increments.size === 0 ? {} : { increment: Object.fromEntries(state.increments) }),
  }
  if (state.changed.has('_user_id') || state.deleted.has('_user_id') || state.cleared) {
    return { ...patch, userId: userIdOf(data) }
  }
  return patch
}

function userIdOf(data: Record<string, unknown>): string | null {
  const id = data._user_id
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null
}

function checkSize(data: Record<string, unknown>, options: ResolvedOptions): void {
  const size = Buffer.byteLength(JSON.stringify(data))
  if (size > options.maxDataSize) {
    throw new SessionValueError(
      `The session data is ${size} bytes; the limit is ${options.maxDataSize} (option maxDataSize).`,
    )
  }
}

/** A short, display-only summary of a User-Agent header (at most 256 characters). */
function summarizeUserAgent(userAgent: string | undefined): string | null {
  if (userAgent === undefined || userAgent === '') return null
  return userAgent.slice(0, 256)
}
