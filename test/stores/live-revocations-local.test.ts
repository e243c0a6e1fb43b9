/**
 * Live revocations on the backends that live in the process or in a file: memory and SQLite (two
 * connections to one file). Redis and PostgreSQL run the same suite in `live-revocations.test.ts`,
 * which starts those servers.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'

import { ConfigError } from '../../src/errors.js'
import { memoryLiveRevocations } from '../../src/stores/memory/live-revocations.js'
import { sqliteLiveRevocations } from '../../src/stores/sqlite/live-revocations.js'
import { fakeClock, HOUR, MINUTE } from '../helpers/clock.js'
import {
  describeLiveRevocations,
  eventually,
  type LivePair,
  type LivePairOptions,
} from './live-revocation-suite.js'

const T0 = Date.UTC(2030, 0, 1)
const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})
const suffix = (): string => randomBytes(4).toString('hex')

describe('memory live revocations', () => {
  it('is live at once and answers with plain booleans, forgetting at `until`', async () => {
    const clock = fakeClock(T0)
    const view = memoryLiveRevocations({ now: clock, warnInProduction: false })
    expect(view.status()).toBe('live')
    expect(view.isRevoked('h', 'u', T0)).toBe(false)
    await view.revokeSession('h', T0 + MINUTE)
    await view.revokeUser('u', T0, T0 + MINUTE)
    expect(view.isRevoked('h', 'x', T0)).toBe(true)
    expect(view.isRevoked('x', 'u', T0 - 1)).toBe(true)
    clock.set(T0 + MINUTE)
    expect(view.isRevoked('h', 'u', T0 - 1)).toBe(false)
    await view.close()
    expect(view.status()).toBe('down')
  })
})

describe('SQLite live revocations (two connections to one file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-live-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))

  describeLiveRevocations(async ({ view, bDown }: LivePairOptions): Promise<LivePair> => {
    const file = join(dir, `${suffix()}.db`)
    const [one, two] = [new Database(file), new Database(file)]
    one.pragma('journal_mode = WAL')
    cleanups.push(
      () => one.close(),
      () => two.close(),
    )
    let failing = bDown === true
    let reads = 0
    // B's database: statements on the change log (its feed) fail while `failing`; the others
    // (its store's, and the catch-up read's) are counted.
    const counted = {
      exec: (sql: string) => two.exec(sql),
      prepare: (sql: string) => {
        const statement = two.prepare(sql)
        const feed = sql.includes('tessera_revoked_changes')
        const gate = (): void => {
          if (feed && failing) throw Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' })
          if (!feed) reads += 1
        }
        return {
          run: (...p: unknown[]) => (gate(), statement.run(...p)),
          get: (...p: unknown[]) => (gate(), statement.get(...p)),
          all: (...p: unknown[]) => (gate(), statement.all(...p)),
        }
      },
    }
    const a = sqliteLiveRevocations(one, { ...view, pollMs: 20 })
    const b = sqliteLiveRevocations(counted, { ...view, pollMs: 20 })
    return {
      a,
      b,
      readsOfB: () => reads,
      async killFeedOfB() {
        failing = true
        expect(await eventually(() => b.status() === 'down')).toBe(true)
        failing = false
      },
      async writeSilently(handle, until) {
        one.transaction(() => {
          one.prepare('INSERT INTO tessera_revoked_handles VALUES (?, ?)').run(handle, until)
          one
            .prepare(
              'DELETE FROM tessera_revoked_changes WHERE seq = (SELECT max(seq) FROM tessera_revoked_changes)',
            )
            .run()
        })()
      },
    }
  })

  it('keeps the change log to revocations in force (expired rows are pruned)', async () => {
    const db = new Database(join(dir, `${suffix()}.db`))
    cleanups.push(() => db.close())
    const clock = fakeClock(T0)
    const view = sqliteLiveRevocations(db, { now: clock, pollMs: 20, changesTable: 'log' })
    cleanups.push(() => view.close())
    const rows = () => db.prepare('SELECT count(*) FROM log').pluck().get()
    await view.revokeSession('short', T0 + MINUTE)
    await view.revokeUser('u', T0, T0 + MINUTE)
    await view.revokeSession('long', T0 + 2 * HOUR)
    expect(rows()).toBe(3) // one row per write, from the triggers
    clock.set(T0 + HOUR)
    expect(await eventually(() => rows() === 1)).toBe(true)
    expect(view.isRevoked('long', 'u', T0 - 1)).toBe(true)
    expect(view.isRevoked('short', 'u', T0 - 1)).toBe(false)
  })

  it('refuses a log table named like one of the others', () => {
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    const differ = new ConfigError(
      'SQLite live revocation store: `changesTable` must differ from the other two.',
    )
    expect(() => sqliteLiveRevocations(db, { changesTable: 'tessera_revoked_users' })).toThrow(
      differ,
    )
    expect(() => sqliteLiveRevocations(db, { changesTable: 'tessera_revoked_handles' })).toThrow(
      differ,
    )
    expect(() => sqliteLiveRevocations(db, { handlesTable: 'log', changesTable: 'log' })).toThrow(
      differ,
    )
  })

  it('refuses bad options with ConfigError, naming the option', () => {
    const db = new Database(':memory:')
    cleanups.push(() => db.close())
    const identifier = (option: string, name: string) =>
      new ConfigError(
        `SQLite live revocation store: \`${option}\` must be an identifier (letters, digits ` +
          `and _), got ${JSON.stringify(name)}.`,
      )
    // Plain identifiers only: the file's own tables, no "schema.table".
    expect(() => sqliteLiveRevocations(db, { changesTable: 'main.log' })).toThrow(
      identifier('changesTable', 'main.log'),
    )
    expect(() => sqliteLiveRevocations(db, { handlesTable: 'main.handles' })).toThrow(
      identifier('handlesTable', 'main.handles'),
    )
    expect(() => sqliteLiveRevocations(db, { pollMs: 0 })).toThrow(
      new ConfigError('SQLite live revocation store: `pollMs` must be a positive integer, got 0.'),
    )
  })
})
