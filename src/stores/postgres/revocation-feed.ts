/**
 * The PostgreSQL push channel of the live revocation view: `LISTEN` on one client held out of the
 * app's pool (every write of `postgresRevocations` notifies in its own statement), reconnected
 * with backoff when it fails, and the catch-up read, one `SELECT` of the unexpired rows per table.
 *
 * Not a public entry point: `tessera-session/stores/postgres` re-exports the pool types.
 *
 * @module
 */
import { withTimeout } from '../kit/guard.js'
import type { RevocationFeed, RevocationSink } from '../kit/revocation-feed.js'
import type { PgPoolLike } from './client.js'

/** The subset of a `pg` PoolClient the listener uses. */
export interface PgListenClientLike {
  query(text: string): Promise<unknown>
  on(event: string, listener: (...args: never[]) => void): unknown
  release(destroy?: boolean | Error): void
}

/** A `pg` Pool: queries, and `connect()` for the one client that listens. */
export interface PgListenPoolLike extends PgPoolLike {
  connect(): Promise<PgListenClientLike>
}

/** What the feed needs from the store's side. */
export interface PgFeedConfig {
  pool: PgListenPoolLike
  channel: string
  handles: string
  users: string
  timeoutMs: number
  retryMs: number
  /** Resolves once the tables exist (the store's migration, when it runs one). */
  ready: () => Promise<void>
}

const LABEL = 'PostgreSQL live revocation feed'
const MAX_RETRY_MS = 30_000

/** The feed: a listening client with reconnection, and the two-query snapshot. */
export function postgresRevocationFeed(config: PgFeedConfig): RevocationFeed {
  const { pool, channel } = config
  let closed = false
  let client: PgListenClientLike | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let delay = config.retryMs

  return {
    open(listener) {
      const lost = (current: PgListenClientLike, error?: unknown): void => {
        if (client !== current) return // already handled (`error` then `end`)
        client = undefined
        current.release(true) // a broken connection goes, it does not return to the pool
        if (closed) return
        listener.disconnected(error)
        schedule()
      }
      const schedule = (): void => {
        timer = setTimeout(() => void connect(), delay)
        ;(timer as { unref?: () => void }).unref?.()
        delay = Math.min(delay * 2, MAX_RETRY_MS)
      }
      const connect = async (): Promise<void> => {
        let current: PgListenClientLike | undefined
        try {
          // No time-out here: a client handed over late could not be given back. Give the pool
          // a `connectionTimeoutMillis`; until it answers, the view stays down (and safe).
          current = await pool.connect()
          if (closed) {
            current.release()
            return
          }
          const mine = current
          client = mine
          mine.on('error', (error: unknown) => lost(mine, error))
          mine.on('end', () => lost(mine))
          mine.on('notification', (message: { channel: string; payload?: string }) => {
            if (message.channel === channel) announce(message.payload ?? '*', listener)
          })
          await withTimeout(LABEL, config.timeoutMs, () => mine.query(`LISTEN "${channel}"`))
          if (closed) return
          delay = config.retryMs
          listener.connected()
        } catch (error) {
          if (current !== undefined && client === current) lost(current, error)
          else if (!closed) {
            listener.disconnected(error)
            schedule()
          }
        }
      }
      void connect()

      /** `h:<until>:<handle>`, `u:<before>:<until>:<userId>`, or `*`: re-read everything. */
      function announce(payload: string, sink: typeof listener): void {
        const a = payload.indexOf(':', 2)
        if (payload.startsWith('h:') && a > 0) {
          sink.revokedSession(payload.slice(a + 1), Number(payload.slice(2, a)))
          return
        }
        const b = a > 0 ? payload.indexOf(':', a + 1) : -1
        if (payload.startsWith('u:') && b > 0) {
          const [before, until] = [Number(payload.slice(2, a)), Number(payload.slice(a + 1, b))]
          sink.revokedUser(payload.slice(b + 1), before, until)
          return
        }
        sink.connected() // a payload we cannot read: catch up from the tables
      }
    },
    snapshot: (sink, now) => snapshot(config, sink, now),
    close() {
      closed = true
      clearTimeout(timer)
      const current = client
      client = undefined
      current?.release(true)
    },
  }
}

/** The catch-up read: every unexpired row of both tables (bigints arrive as strings). */
async function snapshot(config: PgFeedConfig, sink: RevocationSink, now: number): Promise<void> {
  const read = (text: string): Promise<unknown[]> =>
    withTimeout(LABEL, config.timeoutMs, async () => {
      return (await config.pool.query({ text, values: [now] })).rows
    })
  await config.ready()
  const [handles, users] = await Promise.all([
    read(`SELECT handle, "until" FROM ${config.handles} WHERE "until" > $1::bigint`),
    read(`SELECT user_id, "before", "until" FROM ${config.users} WHERE "until" > $1::bigint`),
  ])
  for (const row of handles as { handle: string; until: string }[]) {
    sink.revokedSession(row.handle, Number(row.until))
  }
  for (const row of users as { user_id: string; before: string; until: string }[]) {
    sink.revokedUser(row.user_id, Number(row.before), Number(row.until))
  }
}
