/**
 * Issue 9, "The CLI reads unless told to write": inspecting commands (`sessions`, `purge`) never
 * create or migrate anything, `migrate` is the one command that does; Redis listings name the
 * prefix they searched.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStoreUrl } from '../../src/cli/store-url.js'
import { sqliteStore } from '../../src/stores/sqlite/index.js'
import type { SessionRecord } from '../../src/stores/store.js'
import { removeDir, tempDir } from '../helpers/processes.js'
import { startPostgres, startRedis } from '../helpers/services.js'
import { cli } from './cli-helpers.js'

const RECORD: SessionRecord = {
  data: {},
  userId: 'alice',
  createdAt: 0,
  lastSeenAt: 0,
  expiresAt: Date.now() + 3_600_000,
  absoluteExpiresAt: Date.now() + 3_600_000,
  userAgent: null,
  ip: null,
}

let dir = ''
beforeAll(() => {
  dir = tempDir('tessera-cli-ro-')
})
afterAll(() => removeDir(dir))

/** A database holding only the app's own table, in the default (rollback journal) mode. */
function appDatabase(name: string): string {
  const path = join(dir, name)
  const db = new Database(path)
  db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 0)')
  db.close()
  return path
}

function schema(path: string): { journal: unknown; objects: unknown[] } {
  // Not `readonly`: a read-only connection leaves a WAL database's -wal and -shm files behind.
  const db = new Database(path, { fileMustExist: true })
  db.pragma('query_only = ON')
  try {
    return {
      journal: db.pragma('journal_mode', { simple: true }),
      objects: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(),
    }
  } finally {
    db.close()
  }
}

/** The files next to the database (a -wal, -shm or -journal file would show up here). */
function siblings(path: string): string[] {
  const base = path.slice(dir.length + 1)
  return readdirSync(dir)
    .filter((f) => f.startsWith(base))
    .sort()
}

describe('inspecting commands on a SQLite database without the table', () => {
  const inspecting: [string, string[]][] = [
    ['sessions', ['sessions', '--user', 'alice']],
    ['sessions --json', ['sessions', '--user', 'alice', '--json']],
    ['sessions --revoke', ['sessions', '--user', 'alice', '--revoke']],
    ['purge', ['purge']],
  ]

  for (const [label, args] of inspecting) {
    it(`${label}: exits 1 naming the table, the file byte for byte unchanged, no -wal file`, async () => {
      const path = appDatabase(`${label.replace(/\W+/g, '-')}.db`)
      const bytes = readFileSync(path)
      const before = schema(path)
      for (const table of [undefined, 'tessera_sesions']) {
        const extra = table === undefined ? [] : ['--table', table]
        const r = await cli([...args, '--store', `sqlite:${path}`, ...extra])
        expect(r.code).toBe(1)
        expect(r.stdout).toBe('')
        expect(r.stderr.trim().split('\n')).toHaveLength(1)
        expect(r.stderr).toContain(table ?? 'tessera_sessions')
        expect(r.stderr).toContain('migrate')
        expect(r.stderr).not.toContain('No live sessions')
      }
      expect(readFileSync(path).equals(bytes)).toBe(true)
      expect(siblings(path)).toEqual([path.slice(dir.length + 1)])
      expect(schema(path)).toEqual(before)
      expect(before.journal).toBe('delete')
    })
  }

  it('refuses a table that is not a session table, naming it', async () => {
    const path = appDatabase('wrong-table.db')
    const bytes = readFileSync(path)
    const r = await cli([
      'sessions',
      '--user',
      'a',
      '--store',
      `sqlite:${path}`,
      '--table',
      'users',
    ])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('users')
    expect(r.stderr).toMatch(/not a (tessera )?session table/)
    expect(readFileSync(path).equals(bytes)).toBe(true)
  })
})

describe('inspecting commands on a SQLite table the app created', () => {
  it('neither switch the journal mode nor add missing indexes', async () => {
    const path = appDatabase('existing.db')
    const db = new Database(path)
    // The table as an app with wal: false made it, then its indexes dropped (an older schema).
    const store = sqliteStore(db, { wal: false, synchronous: 'keep', now: () => 1000 })
    store.create('k1', RECORD)
    db.exec('DROP INDEX tessera_sessions_expires_idx; DROP INDEX tessera_sessions_user_idx')
    db.close()
    const before = schema(path)
    expect(before.journal).toBe('delete')
    const r = await cli(['sessions', '--user', 'alice', '--json', '--store', `sqlite:${path}`])
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toHaveLength(1)
    expect((await cli(['purge', '--store', `sqlite:${path}`])).stdout).toBe('0\n')
    expect(schema(path)).toEqual(before)
    expect(siblings(path)).toEqual(['existing.db'])
  })
})

describe('inspecting commands on a database the app switched to WAL', () => {
  it('keep it in WAL mode and leave no -wal or -shm file behind', async () => {
    const path = join(dir, 'wal.db')
    const db = new Database(path)
    const store = sqliteStore(db) // the app's defaults: WAL, synchronous = NORMAL
    store.get('x')
    db.close()
    expect(schema(path).journal).toBe('wal')
    const url = `sqlite:${path}`
    expect((await cli(['sessions', '--user', 'a', '--store', url])).stdout).toBe(
      'No live sessions.\n',
    )
    expect((await cli(['sessions', '--user', 'a', '--json', '--store', url])).stdout).toBe('[]\n')
    expect((await cli(['purge', '--store', url])).stdout).toBe('0\n')
    expect(schema(path).journal).toBe('wal')
    expect(siblings(path)).toEqual(['wal.db'])
  })
})

describe('the connection a listing uses (SQLite)', () => {
  it('refuses writes', async () => {
    const path = appDatabase('query-only.db')
    await cli(['migrate', '--store', `sqlite:${path}`])
    const opened = await openStoreUrl(`sqlite:${path}`, {}, 'read')
    try {
      expect(() => opened.store.create('k', RECORD)).toThrow()
    } finally {
      await opened.close()
    }
    const writer = await openStoreUrl(`sqlite:${path}`, {}, 'write')
    await writer.store.create('k', RECORD)
    await writer.close()
  })
})

describe('tessera-session migrate (SQLite)', () => {
  it('creates the table and its indexes, once, without touching the journal mode', async () => {
    const path = appDatabase('migrate.db')
    const first = await cli(['migrate', '--store', `sqlite:${path}`, '--table', 'app_sessions'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('app_sessions')
    const after = schema(path)
    expect(after.journal).toBe('delete')
    expect(after.objects.map((o) => (o as { name: string }).name)).toEqual([
      'app_sessions',
      'app_sessions_expires_idx',
      'app_sessions_user_idx',
      'sqlite_autoindex_app_sessions_1',
      'users',
    ])
    const again = await cli(['migrate', '--store', `sqlite:${path}`, '--table', 'app_sessions'])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/nothing to do/i)
    expect(schema(path)).toEqual(after)
    const list = await cli([
      'sessions',
      '--user',
      'a',
      '--store',
      `sqlite:${path}`,
      '--table',
      'app_sessions',
    ])
    expect(list).toEqual({ code: 0, stdout: 'No live sessions.\n', stderr: '' })
  })

  it('adds the indexes an existing table lacks', async () => {
    const path = appDatabase('migrate-indexes.db')
    const db = new Database(path)
    sqliteStore(db, { wal: false, synchronous: 'keep' }).get('x')
    db.exec('DROP INDEX tessera_sessions_user_idx')
    db.close()
    const r = await cli(['migrate', '--store', `sqlite:${path}`])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('tessera_sessions_user_idx')
    expect(r.stdout).not.toContain('table tessera_sessions')
  })

  it('exits 2 for options that do not apply, and says Redis needs nothing', async () => {
    const path = appDatabase('migrate-usage.db')
    expect((await cli(['migrate'])).code).toBe(2)
    expect((await cli(['migrate', '--store', `sqlite:${path}`, '--prefix', 'x:'])).code).toBe(2)
    expect((await cli(['migrate', '--store', `sqlite:${path}`, '--user', 'x'])).code).toBe(2)
    const redis = await cli(['migrate', '--store', 'redis://127.0.0.1:1'])
    expect(redis.code).toBe(0)
    expect(redis.stdout).toMatch(/nothing to (create|do)/i)
  })
})

// Redis --------------------------------------------------------------------------------------
const redis = await startRedis()
describe.skipIf(redis === undefined)('Redis listings name the prefix they searched', () => {
  afterAll(() => redis?.stop())

  it('says which prefix a listing without --prefix searched', async () => {
    const r = await cli(['sessions', '--user', 'alice', '--store', redis!.url])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('No live sessions')
    expect(r.stdout).toContain('"tessera:"')
    expect(r.stdout).toContain('--prefix')
    const json = await cli(['sessions', '--user', 'alice', '--json', '--store', redis!.url])
    expect(json.stdout).toBe('[]\n')
    expect(json.stderr).toContain('"tessera:"')
    const given = await cli([
      'sessions',
      '--user',
      'alice',
      '--store',
      redis!.url,
      '--prefix',
      'x:',
    ])
    expect(given.stdout).toBe('No live sessions.\n')
  })
})

// PostgreSQL ---------------------------------------------------------------------------------
const postgres = await startPostgres()
describe.skipIf(postgres === undefined)('PostgreSQL: inspect never creates, migrate does', () => {
  afterAll(() => postgres?.stop())

  async function regclass(name: string): Promise<string | null> {
    const client = new pg.Client({ connectionString: postgres!.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ t: string | null }>(
        'SELECT to_regclass($1)::text AS t',
        [name],
      )
      return rows[0]!.t
    } finally {
      await client.end()
    }
  }

  it('sessions and purge on a missing table exit 1 naming it, and create nothing', async () => {
    for (const args of [
      ['sessions', '--user', 'alice'],
      ['purge'],
      ['sessions', '--user', 'a', '--revoke'],
    ]) {
      const r = await cli([...args, '--store', postgres!.url, '--table', 'ro_missing'])
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toContain('ro_missing')
      expect(r.stderr).toContain('migrate')
    }
    expect(await regclass('ro_missing')).toBeNull()
  })

  it('migrate creates the table and its indexes; a second run has nothing to do', async () => {
    const r = await cli(['migrate', '--store', postgres!.url, '--table', 'ro_created'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('ro_created')
    expect(await regclass('ro_created')).toBe('ro_created')
    expect(await regclass('ro_created_user_idx')).toBe('ro_created_user_idx')
    const again = await cli(['migrate', '--store', postgres!.url, '--table', 'ro_created'])
    expect(again.stdout).toMatch(/nothing to do/i)
    const list = await cli([
      'sessions',
      '--user',
      'a',
      '--store',
      postgres!.url,
      '--table',
      'ro_created',
    ])
    expect(list).toEqual({ code: 0, stdout: 'No live sessions.\n', stderr: '' })
  })

  it('handles schema-qualified names: a missing schema is a missing table', async () => {
    const r = await cli(['purge', '--store', postgres!.url, '--table', 'no_schema.sessions'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('no_schema.sessions')
    const m = await cli(['migrate', '--store', postgres!.url, '--table', 'no_schema.sessions'])
    expect(m.code).toBe(1)
    expect(m.stderr).toContain('no_schema')
    const bad = await cli(['purge', '--store', postgres!.url, '--table', 'a.b.c'])
    expect(bad.code).toBe(2)
  })

  it('lists sessions read-only: the server refuses a write on that connection', async () => {
    await cli(['migrate', '--store', postgres!.url, '--table', 'ro_listed'])
    const r = await cli([
      'sessions',
      '--user',
      'a',
      '--json',
      '--store',
      postgres!.url,
      '--table',
      'ro_listed',
    ])
    expect(r).toEqual({ code: 0, stdout: '[]\n', stderr: '' })
    const opened = await openStoreUrl(postgres!.url, { table: 'ro_listed' }, 'read')
    try {
      await expect(Promise.resolve(opened.store.create('k', RECORD))).rejects.toThrow()
    } finally {
      await opened.close()
    }
  })
})
