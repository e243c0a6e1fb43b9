/**
 * The public names of the stores (docs/decisions.md §32): each backend's entry exports its
 * session, revocation and throttle stores as `<backend>Store`, `<backend>Revocations` and
 * `<backend>Throttle`, plus `<backend>LiveRevocations` and the shared `liveRevocations` (§37);
 * `tessera-session/auth` exports the same functions; and every name from
 * before the rename still works, as the very same function.
 */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'

import * as auth from '../../src/auth/index.js'
import { ConfigError } from '../../src/errors.js'
import * as memory from '../../src/stores/memory/index.js'
import * as postgres from '../../src/stores/postgres/index.js'
import * as redis from '../../src/stores/redis/index.js'
import * as sqlite from '../../src/stores/sqlite/index.js'

const T0 = Date.UTC(2030, 0, 1)

const ENTRIES: [string, Record<string, unknown>][] = [
  ['memory', memory],
  ['sqlite', sqlite],
  ['redis', redis],
  ['postgres', postgres],
]
const AUTH = auth as unknown as Record<string, unknown>

describe('store entry points', () => {
  it.each(ENTRIES)('stores/%s exports its three stores, one naming scheme for all', (b, entry) => {
    const old = `create${b[0]!.toUpperCase()}${b.slice(1)}ThrottleStore`
    expect(Object.keys(entry).sort()).toEqual(
      [
        old,
        `${b}Revocations`,
        `${b}Store`,
        `${b}Throttle`,
        `${b}LiveRevocations`,
        'liveRevocations',
      ].sort(),
    )
    for (const name of [`${b}Revocations`, `${b}Store`, `${b}Throttle`, `${b}LiveRevocations`]) {
      expect(typeof entry[name]).toBe('function')
    }
    // The live view (docs/decisions.md §37) is one function, exported by every backend's entry.
    expect(entry.liveRevocations).toBe(memory.liveRevocations)
    // The name from before the rename is the same function, here and in tessera-session/auth.
    expect(entry[old]).toBe(entry[`${b}Throttle`])
    expect(AUTH[old]).toBe(entry[`${b}Throttle`])
  })

  it.each(ENTRIES)(
    'tessera-session/auth re-exports the %s revocation and throttle stores',
    (b, entry) => {
      expect(AUTH[`${b}Revocations`]).toBe(entry[`${b}Revocations`])
      expect(AUTH[`${b}Throttle`]).toBe(entry[`${b}Throttle`])
      expect(AUTH[`${b}LiveRevocations`]).toBe(entry[`${b}LiveRevocations`])
      expect(AUTH.liveRevocations).toBe(entry.liveRevocations)
    },
  )

  it('still reads the SQL throttle stores’ deprecated `table` option, checked as `tableName` is', () => {
    const db = new Database(':memory:')
    try {
      sqlite.sqliteThrottle(db, { table: 'old_throttle' }).hit('k', 60_000, T0)
      expect(db.prepare('SELECT key, count FROM old_throttle').all()).toEqual([
        { key: 'k', count: 1 },
      ])
      expect(() => sqlite.sqliteThrottle(db, { table: 'x; DROP TABLE y' })).toThrow(ConfigError)
      // `tableName` wins when both are given.
      sqlite.sqliteThrottle(db, { table: 'ignored', tableName: 'new_throttle' }).hit('k', 1, T0)
      expect(db.prepare('SELECT count FROM new_throttle').get()).toEqual({ count: 1 })
      expect(
        db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ignored'").get(),
      ).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  })
})
