/**
 * A revocation store for sealed-cookie sessions in Cloudflare Workers KV, through the Worker's
 * KV namespace binding (`env.REVOCATIONS`), so a logout made in one isolate or location is
 * refused in the others (CL-25, CL-44, CL-47). No `node:` module is imported.
 *
 * ```ts
 * import { fetchSessions } from 'tessera-session/adapters/fetch'
 * import { createLoginManager } from 'tessera-session/auth'
 * import { kvRevocations } from 'tessera-session/auth/kv'
 *
 * const auth = createLoginManager({ sessions, loadUser, revocations: kvRevocations(env.REVOCATIONS) })
 * ```
 *
 * Layout, as the Redis store: `{prefix}h:<handle>` holds a revoked handle's `until`, and
 * `{prefix}u:<userId>` holds `<before>:<until>` for a user's "valid from" time. Each value is put
 * with an `expirationTtl` covering `until` (at least KV's minimum of 60 s), and `until` is judged
 * with the app's clock (`now`), so KV may keep a key longer than it matters but never drops one
 * that still does.
 *
 * > [!NOTE]
 * > KV is eventually consistent: another location may read the old value for 60 seconds or
 * > more after a write, so a logout can take that long to be refused there. KV also has no
 * > atomic read-modify-write: this store keeps the larger `before` and `until` by reading first,
 * > and serializes its own writes to one key, but two isolates revoking the same user in the same
 * > moment may keep the earlier `before`. Use D1 or a Redis over HTTP where that matters.
 *
 * @module
 */
import type { RevocationStore } from '../../auth/revocation.js'
import { ConfigError } from '../../errors.js'
import { systemClock } from '../../internal/clock.js'
import { withTimeout } from '../kit/guard.js'
import { checkPositiveInteger } from '../kit/options.js'

/** The part of a Workers KV namespace binding (`KVNamespace`) the store uses. */
export interface KvNamespaceLike {
  /** The value of `key` as text, or `null` when it is missing or expired. */
  get(key: string): Promise<string | null>
  /** Write `value` under `key`; KV deletes it `expirationTtl` seconds later (at least 60). */
  put(key: string, value: string, options: { expirationTtl: number }): Promise<void>
}

/** Options of {@link kvRevocations}. */
export interface KvRevocationsOptions {
  /**
   * Prefix of every key the store writes. Use one per app sharing a namespace.
   * @default 'tessera:revoked:'
   */
  prefix?: string
  /**
   * Milliseconds one call may take before it fails with `StoreUnavailableError` (CL-73).
   * @default 2000
   */
  timeoutMs?: number
  /**
   * The clock `until` is compared with, in milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number
}

/** The KV revocation store: every method returns a promise. */
export interface KvRevocations extends RevocationStore {
  revokeSession(handle: string, until: number): Promise<void>
  revokeUser(userId: string, before: number, until: number): Promise<void>
  isRevoked(handle: string, userId: string, stamp: number): Promise<boolean>
  /** Does nothing: KV expires keys itself, and the binding is not the store's to close. */
  close(): Promise<void>
  /** The namespace binding the store was given. */
  getClient(): KvNamespaceLike
}

const STORE_NAME = 'Workers KV revocation'

/** KV refuses an `expirationTtl` under 60 seconds. */
const MIN_TTL_SECONDS = 60

/**
 * Create a revocation store on a Workers KV namespace binding. A call that fails or outlasts
 * `timeoutMs` throws `StoreUnavailableError`, so a request that cannot check revocation fails
 * closed (503) instead of trusting the cookie. A missing binding or a bad option throws
 * `ConfigError` here, once.
 *
 * @param kv - the Worker's KV namespace binding (`env.NAME`), or anything with its `get`/`put`.
 * @param options - key prefix, timeout and clock.
 * @returns a {@link KvRevocations}.
 *
 * @example
 * ```ts
 * import { kvRevocations } from 'tessera-session/auth/kv'
 *
 * const revocations = kvRevocations(env.REVOCATIONS, { prefix: 'myapp:revoked:' })
 * ```
 */
export function kvRevocations(
  kv: KvNamespaceLike,
  options: KvRevocationsOptions = {},
): KvRevocations {
  const binding = kv as Partial<KvNamespaceLike> | null | undefined
  if (typeof binding?.get !== 'function' || typeof binding.put !== 'function') {
    throw new ConfigError('kvRevocations(kv) needs a KV namespace binding (env.NAME).')
  }
  const prefix = options.prefix ?? 'tessera:revoked:'
  const timeoutMs = checkPositiveInteger(STORE_NAME, 'timeoutMs', options.timeoutMs ?? 2000)
  const now = options.now ?? systemClock
  const handleKey = (handle: string): string => `${prefix}h:${handle}`
  const userKey = (userId: string): string => `${prefix}u:${userId}`
  const serial = serializer()
  const run = <T>(op: () => Promise<T>): Promise<T> =>
    withTimeout(`${STORE_NAME} store`, timeoutMs, op)

  /** Put `value` under `key` for as long as `until` needs, never less than KV's minimum. */
  const put = (key: string, value: string, until: number): Promise<void> =>
    kv.put(key, value, {
      expirationTtl: Math.max(MIN_TTL_SECONDS, Math.ceil((until - now()) / 1000)),
    })

  return {
    revokeSession: (handle, until) =>
      run(() =>
        serial(handleKey(handle), async (key) => {
          const end = Math.ceil(until)
          if (end <= now()) return // already over: nothing to refuse
          const current = Number((await kv.get(key)) ?? 0)
          if (current >= end) return // never shorten a revocation
          await put(key, String(end), end)
        }),
      ),
    revokeUser: (userId, before, until) =>
      run(() =>
        serial(userKey(userId), async (key) => {
          let [from, end] = [Math.ceil(before), Math.ceil(until)]
          if (end <= now()) return
          const [oldFrom = 0, oldEnd = 0] = parsePair(await kv.get(key))
          if (oldFrom >= from && oldEnd >= end) return
          from = Math.max(from, oldFrom)
          end = Math.max(end, oldEnd)
          await put(key, `${from}:${end}`, end)
        }),
      ),
    isRevoked: (handle, userId, stamp) =>
      run(async () => {
        const [h, u] = await Promise.all([kv.get(handleKey(handle)), kv.get(userKey(userId))])
        const at = now()
        if (h !== null && Number(h) > at) return true
        if (u === null) return false
        const [before = 0, until = 0] = parsePair(u)
        return until > at && stamp < before
      }),
    close: () => Promise.resolve(),
    getClient: () => kv,
  }
}

/** `<before>:<until>` as two numbers; nothing for a missing or malformed value. */
function parsePair(value: string | null): number[] {
  if (value === null) return []
  const parts = value.split(':').map(Number)
  return parts.length === 2 && parts.every(Number.isFinite) ? parts : []
}

/** Run writes to one key one after another, so this isolate never loses its own maximum. */
function serializer(): <T>(key: string, op: (key: string) => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>()
  return (key, op) => {
    const previous = tails.get(key) ?? Promise.resolve()
    const next = previous.then(
      () => op(key),
      () => op(key),
    )
    const tail = next.catch(() => undefined)
    tails.set(key, tail)
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key)
    })
    return next
  }
}
