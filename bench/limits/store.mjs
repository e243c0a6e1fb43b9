#!/usr/bin/env node
// Limit reference, server-side session: the least work a store-backed session can do on node:http.
// The cookie is `<id>.<tag>` (32 random bytes, keyed BLAKE2b tag, both base64url); a read checks the
// tag, hashes the ID for the key (SHA-256), looks the record up in a Map and parses it; a write
// serialises the record again; a new session makes an ID from a pool of random bytes, tags it, sends
// Set-Cookie. All hashing through libsodium. No lifetimes, no options: a yardstick.
// Usage: node bench/limits/store.mjs --port 3001   (the routes of bench/server.mjs)
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import sodium from 'sodium-native'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const TAG_KEY = Buffer.alloc(32, 5)
const ATTRIBUTES = '; Path=/; HttpOnly; SameSite=Lax'
const records = new Map()
const pool = Buffer.allocUnsafe(32 * 256)
let poolAt = pool.length

function newId() {
  if (poolAt === pool.length) {
    sodium.randombytes_buf(pool)
    poolAt = 0
  }
  poolAt += 32
  return pool.toString('base64url', poolAt - 32, poolAt)
}

function tagOf(id) {
  const out = Buffer.allocUnsafe(16)
  sodium.crypto_generichash(out, Buffer.from(id), TAG_KEY)
  return out.toString('base64url')
}

function keyOf(id) {
  const out = Buffer.allocUnsafe(32)
  sodium.crypto_hash_sha256(out, Buffer.from(id))
  return out.toString('base64url')
}

function load(header) {
  if (header === undefined) return undefined
  const at = header.indexOf('sid=')
  if (at === -1) return undefined
  const end = header.indexOf(';', at)
  const value = header.slice(at + 4, end === -1 ? undefined : end)
  const dot = value.indexOf('.')
  if (dot === -1) return undefined
  const id = value.slice(0, dot)
  const given = Buffer.from(value.slice(dot + 1), 'base64url')
  const expected = Buffer.from(tagOf(id), 'base64url')
  if (given.length !== expected.length || !sodium.sodium_memcmp(given, expected)) return undefined
  const key = keyOf(id)
  const record = records.get(key)
  return record === undefined ? undefined : { key, data: JSON.parse(record) }
}

const server = createServer((req, res) => {
  if (req.url === '/login') {
    const id = newId()
    records.set(
      keyOf(id),
      JSON.stringify({
        user_id: 42,
        name: 'alice',
        roles: ['admin', 'dev'],
        counter: 0,
        t: Date.now(),
      }),
    )
    res.setHeader('set-cookie', `sid=${id}.${tagOf(id)}${ATTRIBUTES}`)
    res.end('ok')
    return
  }
  const session = load(req.headers.cookie)
  res.setHeader('vary', 'Cookie')
  if (session === undefined) {
    res.statusCode = 401
    res.end()
  } else if (req.url === '/read') {
    res.end(session.data.name)
  } else if (req.url === '/write') {
    session.data.counter += 1
    records.set(session.key, JSON.stringify(session.data))
    res.end(String(session.data.counter))
  } else {
    res.statusCode = 404
    res.end()
  }
})
server.keepAliveTimeout = 30_000
server.listen(Number(values.port ?? 3001), '127.0.0.1', () =>
  console.log('bench server (limit-store)'),
)
process.on('SIGTERM', () => process.exit(0))
