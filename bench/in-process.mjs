#!/usr/bin/env node
// `npm run bench:in-process`: what one request costs tessera's node adapter with no socket, no
// kernel and no load generator in the figure — real IncomingMessage / ServerResponse objects
// (the response buffers its output instead of writing it), driven in batches of 100 with a
// setImmediate between batches, so asynchronous commits settle as they would in a server. The
// same routes run on copies of the two limit references' logic, so each line has its yardstick.
// Best of --rounds rounds, µs per request, one core. Used for docs/decisions.md §30.
//   npm run bench:in-process -- [--rounds 8] [--requests 50000]
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { parseArgs } from 'node:util'
import sodium from 'sodium-native'
import { createSessionManager } from 'tessera-session'
import { withSessions } from 'tessera-session/adapters/node'
import { memoryStore } from 'tessera-session/stores/memory'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    requests: { type: 'string', default: '50000' },
  },
})
const SECRET = 'bench-secret-3kJ9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG'
const PAYLOAD = { user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 0 }
const socket = new Socket()

function routes(req, res) {
  const session = req.session
  if (req.url === '/read') res.end(session.get('name'))
  else if (req.url === '/write') {
    session.set('counter', (session.get('counter') ?? 0) + 1)
    res.end('1')
  } else {
    session.set('user_id', 42)
    session.set('name', 'alice')
    session.set('roles', ['admin', 'dev'])
    session.set('counter', 0)
    res.end('ok')
  }
}

// The limit references' work, as in bench/limits/*.mjs, as handlers.
const KEY = Buffer.alloc(32, 3)
const AD = Buffer.from('limit/sealed')
const TAG_KEY = Buffer.alloc(32, 5)
const ATTRIBUTES = '; Path=/; HttpOnly; SameSite=Lax'
function seal(data) {
  const plain = Buffer.from(JSON.stringify(data))
  const out = Buffer.allocUnsafe(12 + plain.length + 16)
  sodium.randombytes_buf(out.subarray(0, 12))
  sodium.crypto_aead_chacha20poly1305_ietf_encrypt(
    out.subarray(12),
    plain,
    AD,
    null,
    out.subarray(0, 12),
    KEY,
  )
  return `session=${out.toString('base64url')}${ATTRIBUTES}`
}
function open(header) {
  const at = header.indexOf('session=')
  const end = header.indexOf(';', at)
  const sealed = Buffer.from(header.slice(at + 8, end === -1 ? undefined : end), 'base64url')
  const plain = Buffer.allocUnsafe(sealed.length - 28)
  sodium.crypto_aead_chacha20poly1305_ietf_decrypt(
    plain,
    null,
    sealed.subarray(12),
    AD,
    sealed.subarray(0, 12),
    KEY,
  )
  return JSON.parse(plain.toString())
}
function limitSealed(req, res) {
  if (req.url === '/login') {
    res.setHeader('set-cookie', seal({ ...PAYLOAD, t: Date.now() }))
    return res.end('ok')
  }
  const session = open(req.headers.cookie)
  res.setHeader('vary', 'Cookie')
  if (req.url === '/read') return res.end(session.name)
  session.counter += 1
  res.setHeader('set-cookie', seal(session))
  res.end(String(session.counter))
}
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
const hash = (fn, id, key) => {
  const out = Buffer.allocUnsafe(fn === 'tag' ? 16 : 32)
  if (fn === 'tag') sodium.crypto_generichash(out, Buffer.from(id), key)
  else sodium.crypto_hash_sha256(out, Buffer.from(id))
  return out.toString('base64url')
}
function limitStore(req, res) {
  if (req.url === '/login') {
    const id = newId()
    records.set(hash('key', id), JSON.stringify({ ...PAYLOAD, t: Date.now() }))
    res.setHeader('set-cookie', `sid=${id}.${hash('tag', id, TAG_KEY)}${ATTRIBUTES}`)
    return res.end('ok')
  }
  const value = req.headers.cookie.slice(4)
  const dot = value.indexOf('.')
  const id = value.slice(0, dot)
  if (
    !sodium.sodium_memcmp(Buffer.from(value.slice(dot + 1)), Buffer.from(hash('tag', id, TAG_KEY)))
  )
    throw new Error('tag')
  const key = hash('key', id)
  const data = JSON.parse(records.get(key))
  res.setHeader('vary', 'Cookie')
  if (req.url === '/read') return res.end(data.name)
  data.counter += 1
  records.set(key, JSON.stringify(data))
  res.end(String(data.counter))
}

function request(handler, url, cookie) {
  const req = new IncomingMessage(socket)
  req.url = url
  req.method = 'GET'
  req.headers = { host: '127.0.0.1:3000', 'user-agent': 'bench', ...(cookie ? { cookie } : {}) }
  const res = new ServerResponse(req)
  handler(req, res)
  return res
}

async function cookiesOf(handler, n) {
  const cookies = []
  for (let i = 0; i < n; i++) {
    const res = request(handler, '/login')
    await new Promise(setImmediate)
    cookies.push(String(res.getHeader('set-cookie')).split(';')[0])
  }
  return cookies
}

const SERVERS = {
  'tessera sealed cookie': withSessions(createSessionManager({ secret: SECRET }), routes),
  'limit, sealed': limitSealed,
  'tessera memory store': withSessions(
    createSessionManager({
      secret: SECRET,
      store: memoryStore({ maxSessions: 1_000_000, warnInProduction: false }),
    }),
    routes,
  ),
  'limit, store': limitStore,
}
const cookies = {}
for (const [name, handler] of Object.entries(SERVERS))
  cookies[name] = await cookiesOf(handler, 2000)

const best = new Map()
async function measure(name, workload, path) {
  const list = cookies[name]
  const n = Number(values.requests)
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i += 100) {
    for (let j = 0; j < 100; j++)
      request(SERVERS[name], path, path === '/login' ? undefined : list[(i + j) % list.length])
    await new Promise(setImmediate)
  }
  const micros = Number(process.hrtime.bigint() - start) / n / 1000
  const label = `${name}|${workload}`
  best.set(label, Math.min(best.get(label) ?? Infinity, micros))
}
for (let round = 0; round < Number(values.rounds); round++) {
  for (const name of Object.keys(SERVERS)) {
    for (const [workload, path] of [
      ['READ', '/read'],
      ['WRITE', '/write'],
      ['NEW', '/login'],
    ]) {
      await measure(name, workload, path)
    }
  }
}
console.log('| µs per request (best of rounds) | READ | WRITE | NEW |\n|---|---:|---:|---:|')
for (const name of Object.keys(SERVERS)) {
  const cell = (w) => best.get(`${name}|${w}`).toFixed(2)
  console.log(`| ${name} | ${cell('READ')} | ${cell('WRITE')} | ${cell('NEW')} |`)
}
process.exit(0)
