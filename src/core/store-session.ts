/**
 * Server-side sessions: the cookie carries `<id>.<tag>` — 32 random bytes and an HMAC tag, so a
 * forged ID is refused without a store read (CL-5) — and the data lives in a store under the
 * SHA-256 of the ID (CL-4). Only what changed is written, as a patch (CL-76); reads write nothing;
 * the deadline is pushed forward only when it moved past a tenth of the window.
 *
 * @module
 */
import { isThenable } from '../internal/thenable.js'
import * as crypto from 'node:crypto'
import type { PurposeKeys } from '../codec/keyring.js'
import { timingSafeEqualString } from '../crypto/compare.js'
import { SHA256_BYTES, sha256Into } from '../internal/sha256.js'
import { randomToken } from '../crypto/random.js'
import { SessionValueError } from '../errors.js'
import type { MaybePromise, SessionPatch, SessionRecord, SessionStore } from '../stores/store.js'
import { storeKey } from '../stores/store-key.js'
import { deleteCookie, readCookie, setCookie } from './cookie.js'
import { expiryOf, userIdFor, type ResolvedHooks, type SessionEvent } from './hooks.js'
import { EMPTY_COMMIT, type CommitResult, type RequestInfo } from './http.js'
import {
  absoluteDeadline,
  cookieMaxAge,
  isExpired,
  nextDeadline,
  refreshThreshold,
  untilOf,
} from './lifetime.js'
import type { ResolvedOptions } from './options.js'
import { MAX_STORE_KEYS, Session, SessionState } from './session.js'
import type { CookieVariant, SessionHandle } from './session-manager.js'

const ID_SHAPE = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/

/** Signs and verifies session IDs. */
export interface IdSigner {
  /** `<id>.<tag>` for an ID. */
  sign(id: string): string
  /** The ID when the tag verifies under any key; `rotated` when not under the primary key. */
  verify(value: string): { id: string; rotated: boolean } | undefined
}

/** An ID signer over the `session-id` purpose keys (HMAC-SHA256, tag truncated to 128 bits). */
export function createIdSigner(keys: PurposeKeys): IdSigner {
  const taggers = keys.all.map((k) => ({ key: k, tag: hmacTagger(k.key) }))
  const primary = taggers[0]?.tag ?? hmacTagger(keys.primary.key)
  return {
    sign: (id) => `${id}.${primary(id)}`,
    verify(value) {
      const match = ID_SHAPE.exec(value)
      if (match === null) return undefined
      const [, id = '', given = ''] = match
      for (const t of taggers) {
        if (timingSafeEqualString(t.tag(id), given)) return { id, rotated: t.key !== keys.primary }
      }
      return undefined
    },
  }
}

/**
 * HMAC-SHA256 (RFC 2104) truncated to 16 bytes, base64url, computed as H(K⊕opad ‖ H(K⊕ipad ‖ m))
 * with the key pads written once into buffers of this tagger and the hashes from `sha256Into`
 * (libsodium where it loads): the same bytes as `createHmac` (tested) at a fifth of its cost, on
 * every request that carries a session cookie.
 */
function hmacTagger(key: Buffer): (id: string) => string {
  const slow = (id: string): string =>
    crypto.createHmac('sha256', key).update(id).digest().subarray(0, 16).toString('base64url')
  if (key.length > 64) return slow
  // Room for a 64-character ID in UTF-8 after the pad (IDs are 43 characters of base64url).
  const inner = Buffer.alloc(64 + 192)
  const outer = Buffer.alloc(64 + SHA256_BYTES)
  for (let i = 0; i < 64; i++) {
    const byte = key[i] ?? 0
    inner[i] = byte ^ 0x36
    outer[i] = byte ^ 0x5c
  }
  const innerDigest = outer.subarray(64)
  const out = Buffer.alloc(SHA256_BYTES)
  return (id) => {
    if (id.length > 64) return slow(id)
    const length = inner.write(id, 64, 'utf8')
    sha256Into(innerDigest, inner.subarray(0, 64 + length))
    sha256Into(out, outer)
    return out.toString('base64url', 0, 16)
  }
}

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
    const reason = ID_SHAPE.test(raw) ? 'tampered' : 'malformed'
    hooks.onEvent({ type: 'refused', mode: 'store', at: options.now(), reason })
  }
  let record: SessionRecord | undefined
  /** The pending read of an asynchronous store; `undefined` before `load()` and once it is done. */
  let loading: Promise<void> | undefined
  let loadStarted = false
  const state = new SessionState()
  const start = options.now()
  state.createdAt = start
  state.issuedAt = start
  state.client = { userAgent: request.userAgent, ip: request.ip }
  state.now = options.now
  state.store = store
  state.maxKeys = MAX_STORE_KEYS
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
    const permanent = found.data._permanent === true
    const times = {
      createdAt: found.createdAt,
      lastSeenAt: found.lastSeenAt,
      permanent,
      until: untilOf(found.data),
    }
    if (
      now >= found.expiresAt ||
      now >= found.absoluteExpiresAt ||
      isExpired(times, now, options)
    ) {
      if (hooks !== undefined) {
        const timeout = now >= found.absoluteExpiresAt ? 'absolute' : expiryOf(times, now, options)
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
    const data =
      state.schema === undefined
        ? found.data
        : state.schema.load(state, found.data, hooks, 'store', now)
    if (data === undefined) return
    record = found
    state.replace(data)
    state.isNew = false
    state.createdAt = found.createdAt
    state.issuedAt = found.lastSeenAt
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
  const commit = (): CommitResult | Promise<CommitResult> => {
    // Close synchronously: a write racing the commit must fail, not be silently dropped.
    state.closed = true
    if (!state.accessed) return EMPTY_COMMIT
    if (loading !== undefined) return loading.then(save)
    return save()
  }

  const save = (): CommitResult | Promise<CommitResult> => {
    const now = options.now()
    const permanent = state.map.get('_permanent') === true
    const oldKey = record === undefined ? undefined : state.storeKey

    if (state.map.size === 0) {
      const done = (): CommitResult => {
        if (hooks !== undefined && oldKey !== undefined) {
          hooks.onEvent({ type: 'destroyed', mode: 'store', at: now })
        }
        return { cookies: raw === undefined ? [] : [deleteCookie(variant.spec)], vary: true }
      }
      return oldKey === undefined ? done() : after(store.destroy(oldKey), done)
    }
    const creating = record === undefined || state.destroyed || state.regenerate
    // A request that only read needs neither the data object nor a size check.
    const data = creating || state.modified ? state.toObject() : undefined
    const until = untilOf(data ?? { _until: state.map.get('_until') })
    if (record === undefined || state.destroyed || state.regenerate) {
      const createdAt =
        record === undefined || state.destroyed || state.restartLifetime ? now : record.createdAt
      const id = randomToken(32)
      const key = storeKey(id)
      const fresh = data ?? state.toObject()
      checkSize(fresh, options)
      const existed = record !== undefined
      const created = store.create(key, {
        data: fresh,
        userId: userIdOf(fresh),
        createdAt,
        lastSeenAt: now,
        expiresAt: nextDeadline(createdAt, now, permanent, options, until),
        absoluteExpiresAt: Math.min(
          absoluteDeadline(createdAt, permanent, options),
          until ?? Number.MAX_SAFE_INTEGER,
        ),
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
    const current = record
    const stale = now - current.lastSeenAt >= refreshThreshold(permanent, options)
    const expiresAt = nextDeadline(current.createdAt, now, permanent, options, until)
    let written: MaybePromise<void> = undefined
    if (state.modified && data !== undefined) {
      checkSize(data, options)
      written = store.update(key, patchOf(state, data, now), expiresAt)
    } else if (stale) {
      written = store.touch(key, expiresAt, now)
    }
    const answer = (): CommitResult => {
      const wasPermanent = current.data._permanent === true
      const reissue =
        (verified?.rotated ?? false) ||
        permanent !== wasPermanent ||
        (permanent && (options.refreshEachRequest || stale))
      const cookies: string[] = []
      if (reissue && verified !== undefined) {
        const maxAge = cookieMaxAge(current.createdAt, now, permanent, options, until)
        cookies.push(setCookie(variant.spec, variant.signer.sign(verified.id), maxAge, now))
      }
      if (hooks !== undefined) {
        const event = updateEvent(state, verified?.rotated ?? false, stale, reissue, now)
        if (event !== undefined) hooks.onEvent({ ...event, ...userIdFor(hooks, state.map) })
      }
      return cookies.length === 0 ? READ_COMMIT : { cookies, vary: true }
    }
    return after(written, answer)
  }

  return {
    session,
    state,
    load,
    commit,
  }
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
