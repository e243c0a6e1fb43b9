/**
 * The in-memory session store: bounded, expiry-aware and synchronous. For tests, development and
 * single-process apps that accept losing every session on restart.
 *
 * ```ts
 * import { memoryStore } from 'tessera-session/stores/memory'
 *
 * const store = memoryStore({ maxSessions: 50_000 })
 * ```
 *
 * > [!NOTE]
 * > Sessions live in this process only: a restart signs everyone out, and a second process does
 * > not see them. Under `NODE_ENV=production` the store warns once (CL-82); use SQLite, Redis or
 * > PostgreSQL there.
 *
 * @module
 */
import { systemClock } from '../../internal/clock.js'
import { checkPositiveInteger } from '../kit/options.js'
import { applyPatch, clampDeadline, touchesData } from '../kit/patch.js'
import type { SessionInfo, SessionPatch, SessionRecord, SessionStore } from '../store.js'

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * The most records kept. Creating one more evicts the least recently used, so memory stays
   * bounded whatever the traffic (CL-82).
   * @default 10_000
   */
  maxSessions?: number
  /**
   * The clock deadlines are compared with, in milliseconds since the epoch. Tests pass a fake one.
   * @default Date.now
   */
  now?: () => number
  /**
   * Warn once (`console.warn`) when the store is created with `NODE_ENV=production`. Set it to
   * `false` only for a single-process app that knowingly keeps sessions in memory.
   * @default true
   */
  warnInProduction?: boolean
}

/** The memory store: a {@link SessionStore} whose methods return plain values. */
export interface MemoryStore extends SessionStore {
  /** How many records are held (expired ones count until they are dropped). */
  readonly size: number
  get(key: string): SessionRecord | undefined
  create(key: string, record: SessionRecord): void
  update(key: string, patch: SessionPatch, expiresAt: number): void
  touch(key: string, expiresAt: number, lastSeenAt?: number): void
  destroy(key: string): void
  listByUser(userId: string): SessionInfo[]
  destroyByUser(userId: string, exceptKey?: string): number
  purgeExpired(): number
  close(): void
}

const STORE_NAME = 'memory'

const DEFAULT_MAX_SESSIONS = 10_000

/**
 * Create an in-memory store. Records are kept as JSON text, so neither the object given to
 * `create`/`update` nor the one `get` returns ever aliases what the store holds.
 *
 * @param options - bound, clock and the production warning.
 * @returns a synchronous {@link MemoryStore}.
 *
 * @example
 * ```ts
 * import { memoryStore } from 'tessera-session/stores/memory'
 *
 * const store = memoryStore()
 * store.purgeExpired() // expired records are also dropped on read and evicted first-in when full
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxSessions = checkPositiveInteger(
    STORE_NAME,
    'maxSessions',
    options.maxSessions ?? DEFAULT_MAX_SESSIONS,
  )
  const now = options.now ?? systemClock
  if (options.warnInProduction !== false) warnOnceInProduction()

  // A Map iterates in insertion order; re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry>()
  const byUser = new Map<string, Set<string>>()

  function remove(key: string, entry: Entry): void {
    entries.delete(key)
    if (entry.userId !== null) unindex(byUser, entry.userId, key)
  }

  /** The entry when it exists and is live; an expired one is dropped on the spot (CL-28). */
  function live(key: string): Entry | undefined {
    const entry = entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt > now()) return entry
    remove(key, entry)
    return undefined
  }

  // Eviction walks one long-lived iterator from the oldest entry: everything it has passed was
  // evicted (or moved to the end by use, where it meets it again). A fresh iterator per eviction
  // skipped every hole the evictions before it had left at the front of the Map: at capacity a
  // create cost tens of microseconds, growing until the Map rehashed.
  let evictFrom: Iterator<[string, Entry]> | undefined

  function evictOldest(): void {
    while (entries.size >= maxSessions) {
      let next = evictFrom?.next()
      if (next === undefined || next.done === true) {
        evictFrom = entries.entries()
        next = evictFrom.next()
        if (next.done === true) return
      }
      const [oldest, entry] = next.value
      remove(oldest, entry)
    }
  }

  function markUsed(key: string, entry: Entry): void {
    entries.delete(key)
    entries.set(key, entry)
  }

  return {
    name: STORE_NAME,
    get size(): number {
      return entries.size
    },

    get(key) {
      const entry = live(key)
      if (entry === undefined) return undefined
      markUsed(key, entry)
      return toRecord(entry)
    },

    create(key, record) {
      const previous = entries.get(key)
      if (previous !== undefined) remove(key, previous)
      evictOldest()
      const entry: Entry = {
        json: JSON.stringify(record.data),
        userId: record.userId,
        createdAt: record.createdAt,
        lastSeenAt: record.lastSeenAt,
        expiresAt: clampDeadline(record.expiresAt, record.absoluteExpiresAt),
        absoluteExpiresAt: record.absoluteExpiresAt,
        userAgent: record.userAgent,
        ip: record.ip,
      }
      entries.set(key, entry)
      if (entry.userId !== null) index(byUser, entry.userId, key)
    },

    update(key, patch, expiresAt) {
      const entry = live(key)
      if (entry === undefined) return // gone or expired: a late write must not revive it (CL-77)
      if (touchesData(patch)) {
        entry.json = JSON.stringify(
          applyPatch(JSON.parse(entry.json) as SessionRecord['data'], patch),
        )
      }
      if (patch.userId !== undefined && patch.userId !== entry.userId) {
        if (entry.userId !== null) unindex(byUser, entry.userId, key)
        entry.userId = patch.userId
        if (entry.userId !== null) index(byUser, entry.userId, key)
      }
      if (patch.lastSeenAt !== undefined) entry.lastSeenAt = patch.lastSeenAt
      entry.expiresAt = clampDeadline(expiresAt, entry.absoluteExpiresAt)
      markUsed(key, entry)
    },

    touch(key, expiresAt, lastSeenAt) {
      const entry = live(key)
      if (entry === undefined) return
      entry.expiresAt = clampDeadline(expiresAt, entry.absoluteExpiresAt)
      if (lastSeenAt !== undefined) entry.lastSeenAt = lastSeenAt
      markUsed(key, entry)
    },

    destroy(key) {
      const entry = entries.get(key)
      if (entry !== undefined) remove(key, entry)
    },

    listByUser(userId) {
      const sessions: SessionInfo[] = []
      for (const key of [...(byUser.get(userId) ?? [])]) {
        const entry = live(key)
        if (entry !== undefined) sessions.push(toInfo(key, entry))
      }
      return sessions.sort((a, b) => b.lastSeenAt - a.lastSeenAt)
    },

    destroyByUser(userId, exceptKey) {
      const at = now()
      let count = 0
      for (const key of [...(byUser.get(userId) ?? [])]) {
        const entry = entries.get(key)
        if (key === exceptKey || entry === undefined) continue
        if (entry.expiresAt > at) count += 1
        remove(key, entry)
      }
      return count
    },

    purgeExpired() {
      const at = now()
      let count = 0
      for (const [key, entry] of [...entries]) {
        if (entry.expiresAt > at) continue
        remove(key, entry)
        count += 1
      }
      return count
    },

    close() {
      entries.clear()
      byUser.clear()
    },
  }
}

/** One record as held: the data as JSON text, everything else as given. */
interface Entry extends Omit<SessionRecord, 'data'> {
  json: string
}

let warnedInProduction = false

function warnOnceInProduction(): void {
  if (warnedInProduction || process.env.NODE_ENV !== 'production') return
  warnedInProduction = true
  console.warn(
    'tessera: the memory session store is running with NODE_ENV=production. Sessions are lost on ' +
      'restart and are not shared between processes; use the SQLite, Redis or PostgreSQL store.',
  )
}

function index(byUser: Map<string, Set<string>>, userId: string, key: string): void {
  const keys = byUser.get(userId)
  if (keys === undefined) byUser.set(userId, new Set([key]))
  else keys.add(key)
}

function unindex(byUser: Map<string, Set<string>>, userId: string, key: string): void {
  const keys = byUser.get(userId)
  if (keys === undefined) return
  keys.delete(key)
  if (keys.size === 0) byUser.delete(userId) // an empty set left behind would be a slow leak
}

function toRecord(entry: Entry): SessionRecord {
  return {
    data: JSON.parse(entry.json) as SessionRecord['data'],
    userId: entry.userId,
    createdAt: entry.createdAt,
    lastSeenAt: entry.lastSeenAt,
    expiresAt: entry.expiresAt,
    absoluteExpiresAt: entry.absoluteExpiresAt,
    userAgent: entry.userAgent,
    ip: entry.ip,
  }
}

function toInfo(key: string, entry: Entry): SessionInfo {
  return {
    key,
    createdAt: entry.createdAt,
    lastSeenAt: entry.lastSeenAt,
    expiresAt: entry.expiresAt,
    absoluteExpiresAt: entry.absoluteExpiresAt,
    userAgent: entry.userAgent,
    ip: entry.ip,
  }
}
