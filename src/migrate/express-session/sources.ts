/**
 * Where express-session kept its records: connect-redis (through the app's ioredis or node-redis
 * client) and connect-pg-simple (through its `pg` Pool), read with the same keys, table and
 * serialization those stores use, and without importing them.
 *
 * @module
 */
import { ConfigError, StoreUnavailableError } from '../../errors.js'
import { checkShape, is, type Shape } from '../../core/validate.js'
import { sender, type RedisClientLike } from '../../stores/redis/client.js'

/** An express-session record: the app's keys, plus express-session's `cookie`. */
export type ExpressSessionRecord = Readonly<Record<string, unknown>>

/**
 * Where the old sessions are read from and deleted. `get` answers `undefined` for a record that is
 * absent or expired at `now`, and throws when the store cannot be reached.
 */
export interface ExpressSessionSource {
  /** Names the store in error messages. */
  readonly name: string
  get(sid: string, now: number): Promise<ExpressSessionRecord | undefined>
  destroy(sid: string): Promise<void>
}

/** How connect-redis turned records into strings (its `serializer` option). */
export interface ConnectRedisSerializer {
  parse(text: string): unknown
}

/** Options of {@link connectRedisSource}: the ones given to connect-redis. */
export interface ConnectRedisSourceOptions {
  /** connect-redis's `prefix`. @default 'sess:' */
  prefix?: string
  /** connect-redis's `serializer` (only `parse` is used). @default JSON */
  serializer?: ConnectRedisSerializer
  /** Milliseconds one read or delete may take before it counts as an outage. @default 2000 */
  timeoutMs?: number
}

/** The subset of a `pg` Pool (or Client) the source uses. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

/** Options of {@link connectPgSimpleSource}: the ones given to connect-pg-simple. */
export interface ConnectPgSimpleSourceOptions {
  /** connect-pg-simple's `tableName`. @default 'session' */
  tableName?: string
  /** connect-pg-simple's `schemaName`. @default undefined (the search path) */
  schemaName?: string
  /** Milliseconds one query may take before it counts as an outage. @default 2000 */
  timeoutMs?: number
}

const TIMEOUT_MS = 2000
const REDIS_SHAPE: Shape = { prefix: is.string, serializer: is.object, timeoutMs: is.seconds }
const PG_SHAPE: Shape = { tableName: is.string, schemaName: is.string, timeoutMs: is.seconds }

/**
 * Read express-session records that connect-redis wrote: `GET <prefix><sid>`, parsed by the
 * serializer, and `DEL` once moved. Takes any client tessera's Redis store takes (ioredis,
 * node-redis, their clusters).
 *
 * ```ts
 * import { connectRedisSource } from 'tessera-session/migrate/express-session'
 * const source = connectRedisSource(redisClient, { prefix: 'sess:' })
 * ```
 */
export function connectRedisSource(
  client: RedisClientLike,
  options: ConnectRedisSourceOptions = {},
): ExpressSessionSource {
  checkShape('connectRedisSource(client, options)', options, REDIS_SHAPE)
  if (client === null || typeof client !== 'object') {
    throw new ConfigError('connectRedisSource needs the Redis client connect-redis used.')
  }
  const prefix = options.prefix ?? 'sess:'
  const serializer = options.serializer ?? JSON
  if (typeof serializer.parse !== 'function') {
    throw new ConfigError('connectRedisSource: serializer needs a parse(text) method.')
  }
  const timeoutMs = timeoutOf(options.timeoutMs)
  const send = sender(client)
  const name = 'connect-redis'
  return {
    name,
    async get(sid, now) {
      const key = prefix + sid
      const text = await bounded(name, timeoutMs, send(key, ['GET', key]))
      if (text === null || text === undefined) return undefined
      const raw = typeof text === 'string' ? text : Buffer.isBuffer(text) ? text.toString() : ''
      let parsed: unknown
      try {
        parsed = await serializer.parse(raw)
      } catch {
        return undefined
      }
      return live(parsed, now)
    },
    async destroy(sid) {
      const key = prefix + sid
      await bounded(name, timeoutMs, send(key, ['DEL', key]))
    },
  }
}

/**
 * Read express-session records that connect-pg-simple wrote: the `sess` column of the row whose
 * `sid` matches and whose `expire` has not passed, and delete the row once moved.
 *
 * ```ts
 * import { connectPgSimpleSource } from 'tessera-session/migrate/express-session'
 * const source = connectPgSimpleSource(pool, { tableName: 'session' })
 * ```
 */
export function connectPgSimpleSource(
  pool: PgQueryable,
  options: ConnectPgSimpleSourceOptions = {},
): ExpressSessionSource {
  checkShape('connectPgSimpleSource(pool, options)', options, PG_SHAPE)
  if (pool === null || typeof pool !== 'object' || typeof pool.query !== 'function') {
    throw new ConfigError('connectPgSimpleSource needs the pg Pool connect-pg-simple used.')
  }
  for (const key of ['tableName', 'schemaName'] as const) {
    if (options[key] === '') throw new ConfigError(`connectPgSimpleSource: ${key} is empty.`)
  }
  const table =
    (options.schemaName === undefined ? '' : `${quote(options.schemaName)}.`) +
    quote(options.tableName ?? 'session')
  const timeoutMs = timeoutOf(options.timeoutMs)
  const name = 'connect-pg-simple'
  // The expiry is compared in SQL, as connect-pg-simple compares it: `expire` is a timestamp
  // without time zone written through to_timestamp(), so only the database reads it back right.
  const select = `SELECT sess FROM ${table} WHERE sid = $1 AND expire >= to_timestamp($2)`
  const remove = `DELETE FROM ${table} WHERE sid = $1`
  return {
    name,
    async get(sid, now) {
      const { rows } = await bounded(name, timeoutMs, pool.query(select, [sid, now / 1000]))
      const row = rows[0] as { sess?: unknown } | undefined
      if (row === undefined) return undefined
      let sess = row.sess
      if (typeof sess === 'string') {
        try {
          sess = JSON.parse(sess) as unknown
        } catch {
          return undefined
        }
      }
      return live(sess, now)
    },
    async destroy(sid) {
      await bounded(name, timeoutMs, pool.query(remove, [sid]))
    },
  }
}

/** The record, when it is an object whose `cookie.expires` (if any) is still ahead of `now`. */
function live(value: unknown, now: number): ExpressSessionRecord | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const cookie = (value as { cookie?: unknown }).cookie
  if (cookie !== null && typeof cookie === 'object') {
    const expires = (cookie as { expires?: unknown }).expires
    if (typeof expires === 'string' || typeof expires === 'number') {
      const at = new Date(expires).getTime()
      if (!Number.isFinite(at) || at <= now) return undefined
    }
  }
  return value as ExpressSessionRecord
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`
}

function timeoutOf(value: number | undefined): number {
  const ms = value ?? TIMEOUT_MS
  if (!(ms > 0)) throw new ConfigError('timeoutMs must be a positive number of milliseconds.')
  return ms
}

/** The store's answer, or `StoreUnavailableError` when it failed or took longer than `ms`. */
async function bounded<T>(name: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    timer.unref()
  })
  try {
    return await Promise.race([work, timeout])
  } catch (err) {
    throw new StoreUnavailableError(`The ${name} store of the old sessions did not answer.`, {
      cause: err,
    })
  } finally {
    clearTimeout(timer)
  }
}
