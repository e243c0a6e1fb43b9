import { randomBytes } from 'node:crypto'
import { createServer, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { postgresStore } from '../../src/stores/postgres/index.js'
import type { SessionRecord } from '../../src/stores/store.js'
import { startPostgres } from '../helpers/services.js'
import { describeStore, newKey, newUser } from './suite.js'

const service = await startPostgres()
const HOUR = 3_600_000
const table = () => `sessions_${randomBytes(5).toString('hex')}`

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const at = Date.now()
  return {
    data: { n: 1 },
    userId: null,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: at + HOUR,
    absoluteExpiresAt: at + 12 * HOUR,
    userAgent: null,
    ip: null,
    ...overrides,
  }
}

/** A TCP server that accepts connections and never answers: a hung database. */
async function blackHole(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => void sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

if (service === undefined) {
  describe.skip('postgres store (PostgreSQL is not installed)', () => {
    it('is skipped', () => undefined)
  })
} else {
  const pool = new pg.Pool({
    connectionString: service.url,
    max: 10,
    connectionTimeoutMillis: 1000,
  })
  afterAll(async () => {
    await pool.end()
    await service.stop()
  })
  afterEach(() => vi.useRealTimers())

  const count = async (name: string): Promise<number> =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`)).rows[0]?.n)

  describeStore('postgres', (clock) => postgresStore(pool, { now: clock.now, tableName: table() }))

  describe('postgres store', () => {
    it('migrate() creates the table and its indexes, and is safe to run again, even concurrently', async () => {
      const name = table()
      const store = postgresStore(pool, { tableName: name, autoMigrate: false })
      await Promise.all(Array.from({ length: 5 }, () => store.migrate()))
      await store.migrate()
      const { rows } = await pool.query<{ indexname: string }>(
        'SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname',
        [name],
      )
      expect(rows.map((row) => row.indexname)).toEqual([
        `${name}_expires_idx`,
        `${name}_pkey`,
        `${name}_user_idx`,
      ])
      const columns = await pool.query<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
        [name],
      )
      expect(columns.rows.find((c) => c.column_name === 'data')?.data_type).toBe('jsonb')
    })

    it('migrates lazily on first use, and not at all with autoMigrate: false until told to', async () => {
      const lazy = table()
      const store = postgresStore(pool, { tableName: lazy })
      expect(await store.get(newKey())).toBeUndefined()
      expect(await count(lazy)).toBe(0)
      const manual = table()
      const managed = postgresStore(pool, { tableName: manual, autoMigrate: false })
      await expect(managed.get(newKey())).rejects.toBeInstanceOf(StoreUnavailableError)
      await managed.migrate()
      expect(await managed.get(newKey())).toBeUndefined()
    })

    it('accepts a schema-qualified table name and refuses anything but identifiers', async () => {
      const schema = `s_${randomBytes(4).toString('hex')}`
      await pool.query(`CREATE SCHEMA ${schema}`)
      const store = postgresStore(pool, { tableName: `${schema}.sessions` })
      const key = newKey()
      await store.create(key, record())
      expect(await count(`${schema}.sessions`)).toBe(1)
      for (const tableName of ['', 'x; DROP TABLE users', 'a.b.c', "it's", '"quoted"']) {
        expect(() => postgresStore(pool, { tableName })).toThrow(ConfigError)
      }
    })

    it('CL-76 keeps every key when 100 patches race on 10 connections, with deletes among them', async () => {
      const store = postgresStore(pool, { tableName: table() })
      const key = newKey()
      const rec = record({
        data: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`old${i}`, i])),
      })
      await store.create(key, rec)
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) =>
          store.update(
            key,
            { set: { [`new${i}`]: i }, ...(i < 50 ? { delete: [`old${i}`] } : {}) },
            rec.expiresAt,
          ),
        ),
      )
      const data = (await store.get(key))?.data ?? {}
      expect(Object.keys(data).sort()).toEqual(
        Array.from({ length: 100 }, (_, i) => `new${i}`).sort(),
      )
    })

    it('CL-73 gives StoreUnavailableError within its timeout when the server never answers', async () => {
      const hole = await blackHole()
      const hung = new pg.Pool({ host: '127.0.0.1', port: hole.port, user: 'postgres', max: 1 })
      hung.on('error', () => undefined)
      try {
        const store = postgresStore(hung, { timeoutMs: 300 })
        const started = Date.now()
        await expect(store.get(newKey())).rejects.toBeInstanceOf(StoreUnavailableError)
        expect(Date.now() - started).toBeLessThan(1000)
      } finally {
        await hole.close()
        await hung.end().catch(() => undefined)
      }
    })

    it('gives StoreUnavailableError at once when nothing listens', async () => {
      const hole = await blackHole()
      await hole.close() // the port is now closed
      const refused = new pg.Pool({ host: '127.0.0.1', port: hole.port, user: 'postgres' })
      const store = postgresStore(refused, { timeoutMs: 2000 })
      const started = Date.now()
      await expect(store.get(newKey())).rejects.toBeInstanceOf(StoreUnavailableError)
      expect(Date.now() - started).toBeLessThan(1000)
      await refused.end()
    })

    it('never ends the pool it was given', async () => {
      const store = postgresStore(pool, { tableName: table(), purgeInterval: 60_000 })
      await store.close()
      expect(store.getClient()).toBe(pool)
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    })

    it('purges expired rows on its timer when purgeInterval is set, and stops on close', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
      let now = Date.now()
      const name = table()
      const store = postgresStore(pool, { tableName: name, purgeInterval: 600_000, now: () => now })
      for (let i = 0; i < 3; i += 1) await store.create(newKey(), record({ userId: newUser() }))
      now += 2 * HOUR
      vi.advanceTimersByTime(600_000)
      let remaining = await count(name)
      for (let i = 0; i < 100 && remaining > 0; i += 1) {
        await sleep(20)
        remaining = await count(name)
      }
      expect(remaining).toBe(0)
      await store.close()
      expect(vi.getTimerCount()).toBe(0)
    })
  })
}
