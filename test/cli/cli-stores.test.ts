/**
 * `tessera-session purge` and `tessera-session sessions` against each store, through its URL: a SQLite file,
 * and real Redis and PostgreSQL servers on loopback.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../../src/stores/postgres/index.js'
import { redisStore } from '../../src/stores/redis/index.js'
import { sqliteStore } from '../../src/stores/sqlite/index.js'
import type { SessionRecord, SessionStore } from '../../src/stores/store.js'
import { removeDir, tempDir } from '../helpers/processes.js'
import { startPostgres, startRedis } from '../helpers/services.js'
import { cli } from './cli-helpers.js'

const now = Date.now()
const seedClock = (): number => now - 10_000

function record(userId: string, expiresAt: number, userAgent = 'Firefox'): SessionRecord {
  return {
    data: { n: 1 },
    userId,
    createdAt: now - 60_000,
    lastSeenAt: now - 1000,
    expiresAt,
    absoluteExpiresAt: expiresAt,
    userAgent,
    ip: '127.0.0.1',
  }
}

/**
 * Two live sessions for alice, one for bob, and two that expired a second before `now`: the
 * seeding store's clock is 10 s behind, the CLI's store uses the real one.
 */
async function seed(store: SessionStore): Promise<void> {
  await store.create('k-alive-1', record('alice', now + 3_600_000))
  await store.create('k-alive-2', record('alice', now + 7_200_000, 'curl\u001b[31m'))
  await store.create('k-bob', record('bob', now + 3_600_000))
  await store.create('k-dead-1', record('alice', now - 1000))
  await store.create('k-dead-2', record('carol', now - 1000))
}

/** The same checks for every store URL. `expired` is how many records purge should remove. */
function describeStoreCommands(
  name: string,
  url: () => string,
  extra: string[],
  purged: number,
): void {
  describe(`tessera-session purge and sessions (${name})`, () => {
    const run = (args: string[]) => cli([...args, '--store', url(), ...extra], { now })

    it("lists a user's live sessions by store key", async () => {
      const r = await run(['sessions', '--user', 'alice', '--json'])
      expect(r.stderr).toBe('')
      const list = JSON.parse(r.stdout) as { key: string }[]
      expect(list.map((s) => s.key).sort()).toEqual(['k-alive-1', 'k-alive-2'])
      const text = await run(['sessions', '--user', 'alice'])
      expect(text.stdout.split('\n')[0]).toMatch(/^KEY\s+CREATED/)
      expect(text.stdout).toContain('Firefox')
      expect(text.stdout).not.toContain('\u001b') // no terminal escapes from stored user agents
    })

    it('purges expired sessions and prints how many', async () => {
      const first = await run(['purge'])
      expect(first).toEqual({ code: 0, stdout: `${purged}\n`, stderr: '' })
      expect((await run(['purge'])).stdout).toBe('0\n')
    })

    it("revokes every session of a user, leaving other users' alone", async () => {
      expect((await run(['sessions', '--user', 'alice', '--revoke'])).stdout).toBe('2\n')
      expect((await run(['sessions', '--user', 'alice'])).stdout).toBe('No live sessions.\n')
      const bob = await run(['sessions', '--user', 'bob', '--json'])
      expect(JSON.parse(bob.stdout)).toHaveLength(1)
    })
  })
}

// SQLite -----------------------------------------------------------------------------------
let dir = ''
beforeAll(async () => {
  dir = tempDir('tessera-cli-')
  const db = new Database(join(dir, 'app.db'))
  const store = sqliteStore(db, { tableName: 'my_sessions', now: seedClock })
  await seed(store)
  store.close()
  db.close()
})
afterAll(() => removeDir(dir))

describeStoreCommands(
  'SQLite',
  () => `sqlite:${join(dir, 'app.db')}`,
  ['--table', 'my_sessions'],
  2,
)

describe('tessera-session purge and sessions (store URL errors)', () => {
  it('exits 2 for a missing database file, an unknown scheme or options that do not apply', async () => {
    const cases = [
      ['purge', '--store', `sqlite:${join(dir, 'missing.db')}`],
      ['purge', '--store', 'mysql://localhost/db'],
      ['purge'],
      ['sessions', '--store', `sqlite:${join(dir, 'app.db')}`],
      ['purge', '--store', `sqlite:${join(dir, 'app.db')}`, '--prefix', 'x:'],
      ['purge', '--store', 'redis://127.0.0.1:1', '--table', 't'],
    ]
    for (const args of cases) {
      const r = await cli(args)
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('exits 1 with one line when a store cannot be reached', async () => {
    const r = await cli(['purge', '--store', 'redis://127.0.0.1:1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^tessera-session purge: Cannot connect to Redis: .*\n$/)
  })
})

// Redis --------------------------------------------------------------------------------------
const redis = await startRedis()
describe.skipIf(redis === undefined)('with Redis', () => {
  beforeAll(async () => {
    const client = new Redis(redis!.url, { enableOfflineQueue: false, lazyConnect: true })
    await client.connect()
    await seed(redisStore(client, { prefix: 'cli-test:', warnOfflineQueue: false, now: seedClock }))
    await client.quit()
  })
  afterAll(() => redis?.stop())
  describeStoreCommands('Redis', () => redis!.url, ['--prefix', 'cli-test:'], 0)
})

// PostgreSQL ---------------------------------------------------------------------------------
const postgres = await startPostgres()
describe.skipIf(postgres === undefined)('with PostgreSQL', () => {
  beforeAll(async () => {
    const pool = new pg.Pool({ connectionString: postgres!.url, max: 1 })
    const store = postgresStore(pool, { now: seedClock })
    await store.migrate()
    await seed(store)
    await pool.end()
  })
  afterAll(() => postgres?.stop())
  describeStoreCommands('PostgreSQL', () => postgres!.url, [], 2)

  it('exits 1 naming the cause when the table is missing', async () => {
    const r = await cli(['purge', '--store', postgres!.url, '--table', 'no_such_table'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('no_such_table')
  })
})
