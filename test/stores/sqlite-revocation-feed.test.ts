/**
 * The SQLite live view's feed on its own: the change log its triggers write, the cursor, paging,
 * pruning, a failed poll and the snapshot, with a listener that records what it is told and
 * polls driven by fake timers. The view on top of it (two connections to one file) is in
 * `live-revocations-local.test.ts`.
 */
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { StoreUnavailableError } from '../../src/errors.js'
import type { RevocationFeedListener } from '../../src/stores/kit/revocation-feed.js'
import type { SqliteDatabaseLike, SqliteStatementLike } from '../../src/stores/sqlite/client.js'
import { sqliteRevocationFeed } from '../../src/stores/sqlite/revocation-feed.js'
import { sqliteRevocations } from '../../src/stores/sqlite/revocations.js'
import { fakeClock, HOUR, MINUTE, SECOND } from '../helpers/clock.js'

const T0 = Date.UTC(2030, 0, 1)
const POLL = 100
const opened: Database.Database[] = []

afterEach(() => {
  vi.useRealTimers()
  for (const db of opened.splice(0)) db.close()
})

type Call =
  | ['connected']
  | ['disconnected', unknown]
  | ['session', string, number]
  | ['user', string, number, number]

type Db = Pick<SqliteDatabaseLike, 'prepare' | 'exec'>

/** `db`, with `gate` run before every use of a statement whose SQL passes `pick`. */
function gated(db: Database.Database, pick: (sql: string) => boolean, gate: () => void): Db {
  return {
    exec: (sql) => db.exec(sql),
    prepare: (sql): SqliteStatementLike => {
      const statement = db.prepare(sql)
      if (!pick(sql)) return statement
      return {
        run: (...params) => (gate(), statement.run(...params)),
        get: (...params) => (gate(), statement.get(...params)),
        all: (...params) => (gate(), statement.all(...params)),
      }
    },
  }
}

/**
 * A feed on a fresh in-memory database (tables `h` and `u`, log `log`), the store writing to it,
 * and a recording listener. `wrap` puts something between the feed and the database.
 */
function setup(wrap: (db: Database.Database) => Db = (db) => db) {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  const db = new Database(':memory:')
  opened.push(db)
  const clock = fakeClock(T0)
  const feed = sqliteRevocationFeed({
    db: wrap(db),
    handles: '"h"',
    users: '"u"',
    changes: '"log"',
    changesBase: 'log',
    pollMs: POLL,
    pruneMs: MINUTE,
    now: clock,
  })
  const store = sqliteRevocations(db, { handlesTable: 'h', usersTable: 'u', now: clock })
  const calls: Call[] = []
  const listener: RevocationFeedListener = {
    connected: () => calls.push(['connected']),
    disconnected: (error) => calls.push(['disconnected', error]),
    revokedSession: (handle, until) => calls.push(['session', handle, until]),
    revokedUser: (userId, before, until) => calls.push(['user', userId, before, until]),
  }
  const poll = (): void => void vi.advanceTimersByTime(POLL)
  const log = () => db.prepare('SELECT kind, id, "before", "until" FROM log ORDER BY seq').all()
  return { db, clock, feed, store, calls, listener, poll, log }
}

describe('SQLite live revocation feed', () => {
  it('announces each write made after it connected: sessions and users, new or updated', () => {
    const { feed, store, calls, listener, poll } = setup()
    feed.open(listener)
    expect(calls).toEqual([['connected']])
    store.revokeSession('a', T0 + HOUR)
    store.revokeUser('u', T0, T0 + HOUR)
    store.revokeSession('a', T0 + 2 * HOUR) // updates a's row
    store.revokeUser('u', T0 + 5, T0 + HOUR) // updates u's row
    poll()
    poll() // nothing new: nothing announced twice
    expect(calls).toEqual([
      ['connected'],
      ['session', 'a', T0 + HOUR],
      ['user', 'u', T0, T0 + HOUR],
      ['session', 'a', T0 + 2 * HOUR],
      ['user', 'u', T0 + 5, T0 + HOUR],
    ])
    void feed.close()
  })

  it('logs one row per write, from the triggers: kind, id, before and until', () => {
    const { feed, store, listener, log } = setup()
    feed.open(listener) // creates the log and its triggers
    store.revokeSession('a', T0 + HOUR)
    store.revokeSession('a', T0 + 2 * HOUR)
    store.revokeUser('u', T0, T0 + HOUR)
    store.revokeUser('u', T0 + 5, T0 + HOUR)
    expect(log()).toEqual([
      { kind: 'h', id: 'a', before: 0, until: T0 + HOUR },
      { kind: 'h', id: 'a', before: 0, until: T0 + 2 * HOUR },
      { kind: 'u', id: 'u', before: T0, until: T0 + HOUR },
      { kind: 'u', id: 'u', before: T0 + 5, until: T0 + HOUR },
    ])
    void feed.close()
  })

  it('reads the log once per poll while less than a page is new', () => {
    let reads = 0
    const { feed, store, calls, listener, poll } = setup((db) =>
      gated(
        db,
        (sql) => sql.startsWith('SELECT seq'),
        () => (reads += 1),
      ),
    )
    feed.open(listener)
    poll()
    store.revokeSession('a', T0 + HOUR)
    poll()
    poll()
    expect(reads).toBe(3)
    expect(calls).toEqual([['connected'], ['session', 'a', T0 + HOUR]])
    void feed.close()
  })

  it('reads on while it gets full pages of 1000 rows, at most 100 pages a poll', () => {
    let reads = 0
    const { db, feed, calls, listener, poll } = setup((db) =>
      gated(
        db,
        (sql) => sql.startsWith('SELECT seq'),
        () => (reads += 1),
      ),
    )
    feed.open(listener)
    db.prepare(
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100500) ' +
        `INSERT INTO h (handle, "until") SELECT 'h' || i, ? FROM n`,
    ).run(T0 + HOUR)
    poll()
    expect(calls).toHaveLength(1 + 100_000)
    expect(calls.at(-1)).toEqual(['session', 'h100000', T0 + HOUR])
    expect(reads).toBe(100)
    poll() // the rest: 500 rows, one read
    expect(calls).toHaveLength(1 + 100_500)
    expect(calls.at(-1)).toEqual(['session', 'h100500', T0 + HOUR])
    expect(reads).toBe(101)
    void feed.close()
  })

  it('deletes log rows past their `until`, at most once per pruneMs', () => {
    const { clock, feed, store, listener, poll, log } = setup()
    feed.open(listener)
    store.revokeSession('short', T0 + 10 * SECOND)
    store.revokeSession('long', T0 + HOUR)
    poll() // prunes at T0: nothing is over
    expect(log()).toHaveLength(2)
    clock.set(T0 + 30 * SECOND) // short is over, but the last prune was 30 s ago
    poll()
    expect(log()).toHaveLength(2)
    clock.set(T0 + MINUTE)
    poll()
    expect(log()).toEqual([{ kind: 'h', id: 'long', before: 0, until: T0 + HOUR }])
    void feed.close()
  })

  it('reports a failed poll once, then connects again from the end of the log', () => {
    let failing = false
    const { feed, store, calls, listener, poll } = setup((db) =>
      gated(
        db,
        (sql) => sql.includes('"log"'),
        () => {
          if (failing) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
        },
      ),
    )
    feed.open(listener)
    failing = true
    store.revokeSession('missed', T0 + HOUR) // logged, but the feed cannot read the log
    poll()
    poll()
    failing = false
    poll() // connected again: what it missed is the snapshot's to read
    store.revokeSession('after', T0 + HOUR)
    poll()
    expect(calls).toEqual([
      ['connected'],
      ['disconnected', expect.any(StoreUnavailableError)],
      ['connected'],
      ['session', 'after', T0 + HOUR],
    ])
    expect((calls[1]![1] as Error).message).toBe(
      'The SQLite live revocation feed failed (SQLITE_BUSY).',
    )
    void feed.close()
  })

  it('hands every revocation in force to a snapshot, sessions and users', () => {
    const { feed, store } = setup()
    store.revokeSession('a', T0 + HOUR)
    store.revokeSession('over', T0 + MINUTE)
    store.revokeUser('u', T0, T0 + HOUR)
    store.revokeUser('gone', T0, T0 + MINUTE)
    const got: Call[] = []
    void feed.snapshot(
      {
        revokedSession: (handle, until) => got.push(['session', handle, until]),
        revokedUser: (userId, before, until) => got.push(['user', userId, before, until]),
      },
      T0 + MINUTE,
    )
    expect(got).toEqual([
      ['session', 'a', T0 + HOUR],
      ['user', 'u', T0, T0 + HOUR],
    ])
  })

  it('stops polling when closed', () => {
    const { feed, store, calls, listener, poll } = setup()
    feed.open(listener)
    void feed.close()
    store.revokeSession('late', T0 + HOUR)
    poll()
    poll()
    expect(calls).toEqual([['connected']])
  })
})
