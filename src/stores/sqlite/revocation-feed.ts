/**
 * The SQLite "push" of the live revocation view, for several processes on one file: SQLite has
 * no notifications, so triggers on the two revocation tables append each write to a change log
 * (`seq INTEGER PRIMARY KEY AUTOINCREMENT`, never reused), and each process reads the rows past
 * its cursor every `pollMs` — one indexed read per interval, however many requests it serves.
 *
 * The triggers live in the database file, so every writer feeds the log, whichever process or
 * tessera version it is. Log rows past their `until` are moot (so is the revocation) and are
 * deleted once a minute by whichever view gets there.
 *
 * Not a public entry point: `sqliteLiveRevocations` uses it.
 *
 * @module
 */
import { guardSync } from '../kit/guard.js'
import type { RevocationFeed } from '../kit/revocation-feed.js'
import type { SqliteDatabaseLike, SqliteStatementLike } from './client.js'
import { revocationSchema } from './revocations.js'

/** What the feed needs: the database, the three tables (quoted) and the poll interval. */
export interface SqliteFeedConfig {
  db: Pick<SqliteDatabaseLike, 'prepare' | 'exec'>
  handles: string
  users: string
  changes: string
  /** The changes table's unquoted name, for its triggers' names. */
  changesBase: string
  pollMs: number
  pruneMs: number
  now: () => number
}

const LABEL = 'SQLite live revocation feed'
// Rows read per statement; a poll reads on while it gets full pages (at most 100 of them).
const PAGE = 1000

interface Statements {
  cursor: SqliteStatementLike
  since: SqliteStatementLike
  handles: SqliteStatementLike
  users: SqliteStatementLike
  prune: SqliteStatementLike
}

interface Change {
  seq: number
  kind: string
  id: string
  before: number
  until: number
}

/** The feed: the log's cursor as the "subscription", one read per poll. */
export function sqliteRevocationFeed(config: SqliteFeedConfig): RevocationFeed {
  let sql: Statements | undefined
  let cursor = 0
  let connected = false
  let lastPrune = -Infinity
  let timer: ReturnType<typeof setInterval> | undefined
  const guard = <T>(op: () => T): T => guardSync(`${LABEL}`, op)
  const ready = (): Statements => (sql ??= prepare(config))

  return {
    open(listener) {
      const poll = (): void => {
        try {
          guard(() => {
            const s = ready()
            if (!connected) {
              // The "subscription": everything written after this cursor will be read.
              cursor = (s.cursor.get() as { seq: number | null }).seq ?? 0
              connected = true
              listener.connected()
              return
            }
            for (let pages = 0; pages < 100; pages += 1) {
              const rows = s.since.all(cursor, PAGE) as Change[]
              for (const row of rows) {
                cursor = row.seq
                if (row.kind === 'h') listener.revokedSession(row.id, row.until)
                else listener.revokedUser(row.id, row.before, row.until)
              }
              if (rows.length < PAGE) break
            }
            const t = config.now()
            if (t - lastPrune >= config.pruneMs) {
              lastPrune = t
              s.prune.run(t)
            }
          })
        } catch (error) {
          if (connected) listener.disconnected(error)
          connected = false
        }
      }
      timer = setInterval(poll, config.pollMs)
      timer.unref?.()
      poll()
    },
    snapshot(sink, now) {
      guard(() => {
        const s = ready()
        for (const row of s.handles.all(now) as { handle: string; until: number }[]) {
          sink.revokedSession(row.handle, row.until)
        }
        for (const row of s.users.all(now) as {
          user_id: string
          before: number
          until: number
        }[]) {
          sink.revokedUser(row.user_id, row.before, row.until)
        }
      })
    },
    close() {
      clearInterval(timer)
    },
  }
}

/** Create the tables, the log and its four triggers when missing; prepare the reads. */
function prepare(config: SqliteFeedConfig): Statements {
  const { db, handles: h, users: u, changes: c, changesBase: base } = config
  const log = (kind: string, id: string, before: string): string =>
    `BEGIN INSERT INTO ${c} (kind, id, "before", "until") ` +
    `VALUES ('${kind}', NEW.${id}, ${before}, NEW."until"); END;\n`
  db.exec(
    revocationSchema(h, u) +
      `\nCREATE TABLE IF NOT EXISTS ${c} (seq INTEGER PRIMARY KEY AUTOINCREMENT, ` +
      `kind TEXT NOT NULL, id TEXT NOT NULL, "before" INTEGER NOT NULL, "until" INTEGER NOT NULL);\n` +
      `CREATE TRIGGER IF NOT EXISTS "${base}_hi" AFTER INSERT ON ${h} ${log('h', 'handle', '0')}` +
      `CREATE TRIGGER IF NOT EXISTS "${base}_hu" AFTER UPDATE ON ${h} ${log('h', 'handle', '0')}` +
      `CREATE TRIGGER IF NOT EXISTS "${base}_ui" AFTER INSERT ON ${u} ` +
      log('u', 'user_id', 'NEW."before"') +
      `CREATE TRIGGER IF NOT EXISTS "${base}_uu" AFTER UPDATE ON ${u} ` +
      log('u', 'user_id', 'NEW."before"'),
  )
  return {
    cursor: db.prepare(`SELECT max(seq) AS seq FROM ${c}`),
    since: db.prepare(
      `SELECT seq, kind, id, "before", "until" FROM ${c} WHERE seq > ? ORDER BY seq LIMIT ?`,
    ),
    handles: db.prepare(`SELECT handle, "until" FROM ${h} WHERE "until" > ?`),
    users: db.prepare(`SELECT user_id, "before", "until" FROM ${u} WHERE "until" > ?`),
    prune: db.prepare(`DELETE FROM ${c} WHERE "until" <= ?`),
  }
}
