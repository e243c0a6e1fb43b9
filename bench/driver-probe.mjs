#!/usr/bin/env node
// The drivers' own cost, for issue #12's subtraction "store READ ≤ memory READ + one round trip":
// client-side CPU per call of exactly what a tessera READ asks of each driver, with nothing of
// tessera around it — ioredis HGETALL of a session hash, pg's Pool.query of the store's SELECT,
// better-sqlite3's prepared get. 50 calls in flight (as many as the HTTP load has connections),
// CPU from process.cpuUsage(); run pinned to the servers' core by bench/drivers.mjs. Prints JSON.
//   REDIS_URL=… DATABASE_URL=… node bench/driver-probe.mjs [--calls 50000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { calls: { type: 'string', default: '50000' } } })
const calls = Number(values.calls)
const IN_FLIGHT = 50
const DATA = { user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 0 }

/** CPU µs per call of `call`, with IN_FLIGHT calls outstanding, after a warm-up. */
async function perCall(call) {
  const drive = async (n) => {
    let next = 0
    const worker = async () => {
      while (next < n) {
        next += 1
        await call()
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  }
  await drive(Math.min(5000, calls))
  const before = process.cpuUsage()
  const start = process.hrtime.bigint()
  await drive(calls)
  const cpu = process.cpuUsage(before)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { cpuMicros: (cpu.user + cpu.system) / calls, callsPerSecond: calls / seconds }
}

const results = {}

{
  const { default: Database } = await import('better-sqlite3')
  const dir = mkdtempSync(join(tmpdir(), 'tessera-driver-'))
  const db = new Database(join(dir, 'probe.db'))
  db.exec('CREATE TABLE s (key TEXT PRIMARY KEY, data TEXT, expires_at INTEGER)')
  db.prepare('INSERT INTO s VALUES (?, ?, ?)').run('k', JSON.stringify(DATA), Date.now() + 1e9)
  const get = db.prepare('SELECT data, expires_at FROM s WHERE key = ? AND expires_at > ?')
  results.sqlite = {
    ...(await perCall(async () => get.get('k', Date.now()))),
    call: 'prepared get',
  }
  db.close()
  rmSync(dir, { recursive: true, force: true })
}

if (process.env.REDIS_URL) {
  const { Redis } = await import('ioredis')
  const client = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, lazyConnect: true })
  await client.connect()
  const fields = ['createdAt', '1', 'lastSeenAt', '1', 'expiresAt', String(Date.now() + 1e9)]
  for (const [k, v] of Object.entries(DATA)) fields.push(`d:${k}`, JSON.stringify(v))
  await client.call('HSET', 'tessera-probe:s', ...fields)
  results.redis = {
    ...(await perCall(() => client.call('HGETALL', 'tessera-probe:s'))),
    call: 'ioredis HGETALL',
  }
  await client.quit()
}

if (process.env.DATABASE_URL) {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
  await pool.query(
    'CREATE TABLE IF NOT EXISTS tessera_probe (key text PRIMARY KEY, data jsonb, expires_at bigint)',
  )
  await pool.query(
    'INSERT INTO tessera_probe VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET data = $2',
    ['k', JSON.stringify(DATA), Date.now() + 1e9],
  )
  const sql = 'SELECT data, expires_at FROM tessera_probe WHERE key = $1 AND expires_at > $2'
  results.postgres = {
    ...(await perCall(() => pool.query(sql, ['k', Date.now()]))),
    call: 'pg Pool.query SELECT',
  }
  await pool.query('DROP TABLE tessera_probe')
  await pool.end()
}

console.log(JSON.stringify(results))
