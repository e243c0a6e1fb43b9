/**
 * How the Redis store lays a session out in a hash, and how it reads replies back: metadata
 * fields (`userId`, `createdAt`, `lastSeenAt`, `expiresAt`, `absoluteExpiresAt`, `userAgent`,
 * `ip`) and one `d:<name>` field per data key holding the JSON-encoded value.
 *
 * Not a public entry point: the Redis store imports it.
 *
 * @module
 */
import type { SessionInfo, SessionRecord } from '../store.js'

/** The hash fields `listByUser` reads, in the order `toInfo` expects. */
export const INFO_FIELDS: string[] = [
  'userId',
  'createdAt',
  'lastSeenAt',
  'expiresAt',
  'absoluteExpiresAt',
  'userAgent',
  'ip',
]

/** The hash fields of a record: metadata, then one `d:<name>` field per data key. */
export function fields(record: SessionRecord): string[] {
  const out = [
    'createdAt',
    String(record.createdAt),
    'lastSeenAt',
    String(record.lastSeenAt),
    'expiresAt',
    String(record.expiresAt),
    'absoluteExpiresAt',
    String(record.absoluteExpiresAt),
  ]
  if (record.userId !== null) out.push('userId', record.userId)
  if (record.userAgent !== null) out.push('userAgent', record.userAgent)
  if (record.ip !== null) out.push('ip', record.ip)
  for (const [name, value] of Object.entries(record.data)) out.push(...field(name, value))
  return out
}

/**
 * One data key as a hash field and its JSON value; nothing for a value JSON cannot hold
 * (`undefined`), as `JSON.stringify` leaves such a key out of an object.
 */
export function field(name: string, value: unknown): string[] {
  const json = JSON.stringify(value) as string | undefined
  return json === undefined ? [] : [`d:${name}`, json]
}

/** HGETALL's reply as pairs: a flat array (RESP2), a Map or an object (RESP3, ioredis). */
export function pairs(reply: unknown): [string, string][] {
  if (Array.isArray(reply)) {
    const out: [string, string][] = []
    for (let i = 0; i + 1 < reply.length; i += 2) out.push([text(reply[i]), text(reply[i + 1])])
    return out
  }
  if (reply instanceof Map)
    return [...(reply as Map<unknown, unknown>)].map(([k, v]) => [text(k), text(v)])
  if (typeof reply === 'object' && reply !== null) {
    return Object.entries(reply).map(([k, v]) => [k, text(v)])
  }
  return []
}

/** A bulk string or integer reply as text (node-redis may hand over Buffers). */
function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8')
  return ''
}

/** An array reply as strings, `null` where Redis answered nil. */
export function strings(reply: unknown): (string | null)[] {
  return Array.isArray(reply) ? reply.map((v: unknown) => (v === null ? null : text(v))) : []
}

/** The members of a set or sorted set (SMEMBERS and ZRANGE never answer nil inside the array). */
export function members(reply: unknown): string[] {
  return strings(reply).filter((member): member is string => member !== null)
}

export function toRecord(hash: [string, string][]): SessionRecord | undefined {
  const record = new RecordBuilder()
  for (const [name, value] of hash) record.add(name, value)
  return record.build()
}

/**
 * HGETALL's reply as a record, read straight from a flat array reply (RESP2: ioredis' `call`,
 * node-redis) without building pairs first; other shapes go through `pairs`.
 */
export function recordOf(reply: unknown): SessionRecord | undefined {
  if (!Array.isArray(reply)) return toRecord(pairs(reply))
  const record = new RecordBuilder()
  for (let i = 0; i + 1 < reply.length; i += 2) record.add(text(reply[i]), text(reply[i + 1]))
  return record.build()
}

/** Collects a hash's fields: `d:<key>` are data (JSON each), the rest the record's metadata. */
class RecordBuilder {
  data: Record<string, unknown> = {}
  userId: string | null = null
  createdAt = ''
  lastSeenAt = ''
  expiresAt: string | undefined = undefined
  absoluteExpiresAt = ''
  userAgent: string | null = null
  ip: string | null = null

  add(name: string, value: string): void {
    if (name.startsWith('d:')) {
      const key = name.slice(2)
      // Own data properties only: a key spelled `__proto__` is defined, never assigned.
      if (key === '__proto__') {
        Object.defineProperty(this.data, key, {
          value: JSON.parse(value) as unknown,
          writable: true,
          enumerable: true,
          configurable: true,
        })
      } else {
        this.data[key] = JSON.parse(value) as unknown
      }
      return
    }
    switch (name) {
      case 'userId':
        this.userId = value
        break
      case 'createdAt':
        this.createdAt = value
        break
      case 'lastSeenAt':
        this.lastSeenAt = value
        break
      case 'expiresAt':
        this.expiresAt = value
        break
      case 'absoluteExpiresAt':
        this.absoluteExpiresAt = value
        break
      case 'userAgent':
        this.userAgent = value
        break
      case 'ip':
        this.ip = value
        break
    }
  }

  build(): SessionRecord | undefined {
    if (this.expiresAt === undefined) return undefined
    return {
      data: this.data,
      userId: this.userId,
      createdAt: Number(this.createdAt),
      lastSeenAt: Number(this.lastSeenAt),
      expiresAt: Number(this.expiresAt),
      absoluteExpiresAt: Number(this.absoluteExpiresAt),
      userAgent: this.userAgent,
      ip: this.ip,
    }
  }
}

export function toInfo(key: string, row: (string | null)[]): SessionInfo {
  const [, createdAt, lastSeenAt, expiresAt, absoluteExpiresAt, userAgent, ip] = row
  return {
    key,
    createdAt: Number(createdAt),
    lastSeenAt: Number(lastSeenAt),
    expiresAt: expiresAt == null ? 0 : Number(expiresAt),
    absoluteExpiresAt: Number(absoluteExpiresAt),
    userAgent: userAgent ?? null,
    ip: ip ?? null,
  }
}
