/**
 * Sealed-cookie sessions: the whole session lives, encrypted, in the cookie. Opening is lazy: the
 * cookie is not even parsed until the handler first touches the session.
 *
 * @module
 */
import { CookieTooLargeError } from '../errors.js'
import { isThenable } from '../internal/thenable.js'
import type { MaybePromise, SessionStore } from '../stores/store.js'
import { readCookie, deleteCookie, hasCookie, setCookie } from './cookie.js'
import { deleteChunks, readChunked, writeChunked, type ChunkedValue } from './chunks.js'
import { EMPTY_COMMIT, type CommitResult, type RequestInfo } from './http.js'
import { userIdFor, type SessionEvent } from './hooks.js'
import { admit, expiryOnLoad, isStale, resealsCookie, startOf } from './lifecycle.js'
import type { LoadChecks } from './load-check.js'
import {
  absoluteExpiry,
  cookieMaxAge,
  nextDeadline,
  permanentOf,
  refreshThreshold,
  timesOf,
  untilOf,
} from './lifetime.js'
import type { ResolvedOptions } from './options.js'
import { Session } from './session.js'
import { SessionState } from './session-state.js'
import type { CommitOutcome, CookieVariant, SessionHandle } from './session-manager.js'
import {
  commitSpill,
  mergeSpilled,
  readSpill,
  spillRefOf,
  SPILL_KEY,
  SPILL_MARK,
  type LoadedSpill,
} from './spill.js'

/** Begin a sealed-cookie session for one request. */
export function beginCookieSession<Data extends object>(
  variant: CookieVariant,
  request: RequestInfo,
  options: ResolvedOptions,
  checks: LoadChecks,
): SessionHandle<Data> {
  const { codec } = variant
  let hadCookie = false
  /** `load()` opened the cookie (a load check is attached) and may wait for the check's answer. */
  let eager = false
  let pending: Promise<void> | undefined
  /** The chunk cookies the request carried (`cookie.maxChunks` > 1). */
  let chunked: ChunkedValue | undefined
  let opened = false
  let rotated = false
  const hooks = options.hooks
  /** `cookie.spill`: where what does not fit the cookie goes (core/spill.ts). */
  const spill = options.cookie.spill
  /** The record a spilled cookie refers to, read by `load()`; `null` when it is gone. */
  let spilled: LoadedSpill | null | undefined
  /** A spilled cookie as `load()` opened it to find its reference: not opened a second time. */
  let preopened: ReturnType<typeof codec.open> | undefined
  const state = new SessionState(() => {
    const now = options.now()
    let raw = readCookie(request.cookieHeader, variant.spec.name)
    if (variant.chunks.length > 0) {
      chunked = readChunked(request.cookieHeader, variant.chunks)
      raw ??= chunked.value
      if (chunked.present.length > 0) hadCookie = true
    }
    if (raw === undefined) return
    hadCookie = true
    const marked = spill !== undefined && raw.startsWith(SPILL_MARK)
    const result =
      marked && preopened !== undefined
        ? preopened
        : codec.open(marked ? raw.slice(SPILL_MARK.length) : raw, now)
    if (!result.ok) {
      if (hooks !== undefined) {
        hooks.onEvent({ type: 'refused', mode: 'cookie', at: now, reason: result.reason })
      }
      return
    }
    const { envelope } = result
    const times = timesOf(envelope.createdAt, envelope.issuedAt, envelope.data)
    const timeout = expiryOnLoad(times, now, options, codec.lifetime)
    if (timeout !== undefined) {
      if (hooks !== undefined) {
        hooks.onEvent({ type: 'expired', mode: 'cookie', at: now, timeout })
      }
      return
    }
    let data = envelope.data
    if (spill !== undefined && (marked || data[SPILL_KEY] !== undefined)) {
      // A reference without its mark, or a mark without a reference, is not what was written.
      const forged = !marked || spillRefOf(data) === undefined
      // The record is read by `load()`: opened by the handler without it, the session is new.
      if (!forged && spilled === undefined) return
      if (forged || spilled === null || spilled === undefined) {
        const reason = forged ? 'tampered' : 'not-found'
        if (hooks !== undefined) hooks.onEvent({ type: 'refused', mode: 'cookie', at: now, reason })
        return
      }
      data = mergeSpilled(data, spilled.record)
    }
    if (!admit(state, data, times, 'cookie', now, hooks)) return
    const check = checks.check
    if (check !== undefined) {
      // The check reads the login without it counting as the handler's access (no Vary: Cookie
      // for a handler that never touches the session).
      const accessed = state.accessed
      const verdict = check.refuses(state)
      state.accessed = accessed
      if (verdict === true) return state.reset()
      if (verdict !== false) {
        if (!eager) {
          // Opened by the handler itself, with no `load()` to wait in: refuse rather than hand
          // out data whose revocation is not known yet (never accept blindly).
          verdict.catch(() => undefined)
          return state.reset()
        }
        pending = verdict.then((refused) => {
          if (refused) {
            opened = false
            rotated = false
            state.reset()
          }
        })
      }
    }
    rotated = result.rotated
    opened = true
    if (hooks !== undefined) {
      hooks.onEvent({ type: 'loaded', mode: 'cookie', at: now, ...userIdFor(hooks, state.map) })
    }
  })
  state.client = { userAgent: request.userAgent, ip: request.ip }
  state.validate = codec.validate
  state.schema = options.schema
  state.now = options.now
  const session = new Session<Data>(state)
  return {
    session,
    load() {
      if (spill !== undefined && !state.loaded) {
        const raw = readCookie(request.cookieHeader, variant.spec.name)
        if (raw !== undefined && raw.startsWith(SPILL_MARK)) {
          // A spilled cookie: read its record, then open the session with it.
          const result = codec.open(raw.slice(SPILL_MARK.length), options.now())
          preopened = result
          const ref = result.ok ? spillRefOf(result.envelope.data) : undefined
          const found = ref === undefined ? undefined : tryRead(spill, ref)
          const take = (record: LoadedSpill | undefined): Promise<void> | undefined => {
            spilled = record ?? null
            eager = true
            state.open()
            return pending
          }
          if (found === undefined || !isThenable(found)) return take(found)
          return Promise.resolve(found).then(take)
        }
      }
      if (checks.check === undefined) return undefined
      eager = true
      state.open()
      return pending
    },
    commit(): CommitOutcome {
      if (!state.accessed) {
        state.closed = true
        return EMPTY_COMMIT
      }
      state.closed = true
      const now = options.now()
      if (state.map.size === 0) {
        if (hooks !== undefined && opened) {
          hooks.onEvent({ type: 'destroyed', mode: 'cookie', at: now })
        }
        if (!hadCookie) return { cookies: [], vary: true }
        const deleted =
          chunked === undefined
            ? [deleteCookie(variant.spec)]
            : [deleteCookie(variant.spec), ...deleteChunks(variant.chunks, chunked.present)]
        const ended = { cookies: deleted, vary: true }
        if (spill !== undefined && opened && spilled !== undefined && spilled !== null) {
          const gone = spill.destroy(spilled.key)
          if (isThenable(gone)) {
            return Promise.resolve(gone).then(() => retiring(checks, state, opened, ended))
          }
        }
        return retiring(checks, state, opened, ended)
      }
      const permanent = permanentOf(state.map)
      const stale = isStale(state, permanent, now, options)
      if (!resealsCookie(state, permanent, stale, rotated, options)) {
        return { cookies: [], vary: true }
      }
      const createdAt = startOf(state, now)
      const data = state.toObject()
      const until = untilOf(data)
      if (spill !== undefined) {
        return commitSpilled(spill, {
          variant,
          request,
          chunked,
          state,
          checks,
          options,
          data,
          opened,
          rotated,
          loaded: opened && spilled !== undefined && spilled !== null ? spilled : undefined,
          now,
          createdAt,
          permanent,
          until,
        })
      }
      const value = codec.seal({
        data,
        createdAt,
        issuedAt: now,
        expiresAt: nextDeadline(createdAt, now, permanent, options, until),
      })
      const maxAge = cookieMaxAge(createdAt, now, permanent, options, until)
      if (hooks !== undefined) {
        if (opened && state.destroyed) {
          hooks.onEvent({ type: 'destroyed', mode: 'cookie', at: now })
        }
        const user = userIdFor(hooks, state.map)
        hooks.onEvent(writeEvent(state, opened && !state.destroyed, rotated, now, value, user))
      }
      if (variant.chunks.length === 0) {
        const cookie = setCookie(variant.spec, value, maxAge, now)
        return retiring(checks, state, opened, { cookies: [cookie], vary: true })
      }
      const hadSingle = hasCookie(request.cookieHeader, variant.spec.name)
      const cookies = chunkedCookies(variant, chunked, hadSingle, value, maxAge, now)
      return retiring(checks, state, opened, { cookies, vary: true })
    },
  }
}

/**
 * The commit's answer, after the load check has retired a loaded session the handler destroyed
 * (a signed-in sealed session is revoked, so a copy of its cookie is refused too). A failed
 * revocation fails the commit: the adapters answer 503 rather than pretend the logout happened.
 */
function retiring(
  checks: LoadChecks,
  state: SessionState,
  opened: boolean,
  result: CommitResult,
): CommitOutcome {
  if (!opened || !state.destroyed || checks.check === undefined) return result
  const retired = checks.check.retire(state)
  return retired === undefined ? result : retired.then(() => result)
}

/**
 * The Set-Cookie values of a session that may span cookies: one `name` cookie while it fits,
 * else chunks; either way the cookies of the other form (and chunks past the new count) that the
 * request carried are deleted, so no stale piece is left behind.
 */
function chunkedCookies(
  variant: CookieVariant,
  carried: ChunkedValue | undefined,
  hadSingle: boolean,
  value: string,
  maxAge: number | undefined,
  now: number,
): string[] {
  const present = carried?.present ?? []
  let single: string | undefined
  try {
    single = setCookie(variant.spec, value, maxAge, now)
  } catch (err) {
    if (!(err instanceof CookieTooLargeError)) throw err
  }
  if (single !== undefined) return [single, ...deleteChunks(variant.chunks, present)]
  const cookies = writeChunked(value, variant.chunks, maxAge, now)
  cookies.push(...deleteChunks(variant.chunks, present, cookies.length))
  if (hadSingle) cookies.push(deleteCookie(variant.spec))
  return cookies
}

/** The one event a cookie write stands for: the first of created, rotated, saved, refreshed. */
function writeEvent(
  state: SessionState,
  existed: boolean,
  keyRotated: boolean,
  at: number,
  value: string,
  user: { userId?: string },
): SessionEvent {
  const base = { mode: 'cookie', at, size: value.length, ...user } as const
  if (!existed) return { type: 'created', ...base }
  if (state.regenerate) return { type: 'rotated', kind: 'id', ...base }
  if (keyRotated) return { type: 'rotated', kind: 'key', ...base }
  if (state.modified) return { type: 'saved', ...base }
  return { type: 'refreshed', deadline: true, cookie: true, ...base }
}

/** What a commit with `cookie.spill` needs of the request's session. */
interface SpillingCommit {
  readonly variant: CookieVariant
  readonly request: RequestInfo
  readonly chunked: ChunkedValue | undefined
  readonly state: SessionState
  readonly checks: LoadChecks
  readonly options: ResolvedOptions
  readonly data: Record<string, unknown>
  readonly opened: boolean
  readonly rotated: boolean
  /** The record the session was loaded with, when it was spilled. */
  readonly loaded: LoadedSpill | undefined
  readonly now: number
  readonly createdAt: number
  readonly permanent: boolean
  readonly until: number | undefined
}

/**
 * Commit a session with `cookie.spill`: whole in its cookie (or chunks) while it fits, else its
 * sign-in keys and a reference in one cookie and the rest in the store (core/spill.ts). The
 * answer waits for the store's writes; a failed write fails the commit (the adapters answer 503).
 */
function commitSpilled(store: SessionStore, c: SpillingCommit): CommitOutcome {
  const { variant, state, options, now, createdAt, permanent, until } = c
  const expiresAt = nextDeadline(createdAt, now, permanent, options, until)
  const maxAge = cookieMaxAge(createdAt, now, permanent, options, until)
  const present = c.chunked?.present ?? []
  const seal = (data: Readonly<Record<string, unknown>>): string =>
    variant.codec.seal({ data, createdAt, issuedAt: now, expiresAt })
  // A spilled cookie is always one cookie: `load()` looks for its mark under the one name.
  const write = (value: string): string[] =>
    variant.chunks.length === 0 || value.startsWith(SPILL_MARK)
      ? [setCookie(variant.spec, value, maxAge, now), ...deleteChunks(variant.chunks, present)]
      : chunkedCookies(
          variant,
          c.chunked,
          hasCookie(c.request.cookieHeader, variant.spec.name),
          value,
          maxAge,
          now,
        )
  const times = {
    now,
    expiresAt,
    absoluteExpiresAt: absoluteExpiry(createdAt, permanent, options, until),
    slack: refreshThreshold(permanent, options),
  }
  const out = commitSpill(store, state, c.loaded, c.data, times, seal, write, options.maxDataSize)
  const hooks = options.hooks
  if (hooks !== undefined) {
    if (c.opened && state.destroyed) hooks.onEvent({ type: 'destroyed', mode: 'cookie', at: now })
    const user = userIdFor(hooks, state.map)
    hooks.onEvent(writeEvent(state, c.opened && !state.destroyed, c.rotated, now, out.value, user))
  }
  const result = { cookies: out.cookies, vary: true }
  if (!isThenable(out.stored)) return retiring(c.checks, state, c.opened, result)
  return Promise.resolve(out.stored).then(() => retiring(c.checks, state, c.opened, result))
}

/** `readSpill` for `load()`, which never throws: a synchronous store's throw is a rejection. */
function tryRead(store: SessionStore, ref: string): MaybePromise<LoadedSpill | undefined> {
  try {
    return readSpill(store, ref)
  } catch (err) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the store's own error
    return Promise.reject(err)
  }
}
