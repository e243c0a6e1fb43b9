/**
 * Spill-over (`cookie.spill`, docs/format.md) into the networked stores: a sealed session that
 * outgrows its cookie moves its data into Redis or PostgreSQL, reads back whole from a copy of the
 * cookie, and moves back (its record deleted) when it fits again. The memory and SQLite stores
 * and the edge cases are in test/unit/core/spill-session.test.ts.
 */
import { randomBytes } from 'node:crypto'

import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'

import { createSessionManager, type SessionStore } from '../../src/index.js'
import { postgresStore } from '../../src/stores/postgres/index.js'
import { redisStore } from '../../src/stores/redis/index.js'
import { cookieJar, request } from '../helpers/jar.js'
import { SECRET_A } from '../helpers/secrets.js'
import { startPostgres, startRedis } from '../helpers/services.js'

const [redis, postgres] = await Promise.all([startRedis(), startPostgres()])
const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await Promise.all([redis?.stop(), postgres?.stop()])
})

interface Backend {
  store: SessionStore
  records(): Promise<number>
}

async function redisBackend(url: string): Promise<Backend> {
  const client = new Redis(url)
  cleanups.push(() => client.quit())
  const prefix = `spill-${randomBytes(4).toString('hex')}:`
  return {
    store: redisStore(client, { prefix }),
    // The session records, not the per-user indexes (spilled records have no user).
    records: async () =>
      (await client.keys(`${prefix}*`)).filter((k) => !k.includes(':ui:')).length,
  }
}

async function postgresBackend(url: string): Promise<Backend> {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  cleanups.push(() => pool.end())
  const tableName = `spill_${randomBytes(4).toString('hex')}`
  const store = postgresStore(pool, { tableName })
  await store.migrate()
  return {
    store,
    records: async () =>
      Number(
        (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${tableName}`)).rows[0]?.n,
      ),
  }
}

const BACKENDS: [string, string | undefined, (url: string) => Promise<Backend>][] = [
  ['Redis', redis?.url, redisBackend],
  ['PostgreSQL', postgres?.url, postgresBackend],
]

for (const [name, url, open] of BACKENDS) {
  describe.skipIf(url === undefined)(`spill-over into ${name}`, () => {
    it('moves a session past 4 KB into the store, reads it back from a copied cookie, and moves it back', async () => {
      const backend = await open(url!)
      const manager = createSessionManager({ secret: SECRET_A, cookie: { spill: backend.store } })
      const jar = cookieJar()
      // Random text: a repeated one would compress into the cookie.
      const big = randomBytes(4500).toString('base64')
      await request(manager, jar, (h) => {
        h.session.set('note', big)
        h.session.set('theme', 'dark')
      })
      expect(await backend.records()).toBe(1)
      const cookie = jar.cookies.get('session')!
      expect(cookie.length).toBeLessThan(1000)
      const copy = cookieJar()
      copy.cookies.set('session', cookie)
      const read = await request(manager, copy, (h) => [
        h.session.get('note'),
        h.session.get('theme'),
      ])
      expect(read.value).toEqual([big, 'dark'])

      await request(manager, jar, (h) => h.session.delete('note'))
      expect(await backend.records()).toBe(0)
      expect(jar.cookies.get('session')!.startsWith('s.')).toBe(false)
      const back = await request(manager, jar, (h) => h.session.get('theme'))
      expect(back.value).toBe('dark')
    })

    it('ends the spilled session for every copy of its cookie when it is destroyed', async () => {
      const backend = await open(url!)
      const manager = createSessionManager({ secret: SECRET_A, cookie: { spill: backend.store } })
      const jar = cookieJar()
      await request(manager, jar, (h) =>
        h.session.set('note', randomBytes(4500).toString('base64')),
      )
      const copy = cookieJar()
      copy.cookies.set('session', jar.cookies.get('session')!)
      await request(manager, jar, (h) => h.session.destroy())
      expect(await backend.records()).toBe(0)
      const replay = await request(manager, copy, (h) => [h.session.isNew, h.session.get('note')])
      expect(replay.value).toEqual([true, undefined])
    })
  })
}
