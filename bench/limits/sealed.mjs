#!/usr/bin/env node
// Limit reference, sealed cookie: the least work a sealed-cookie session can do on node:http, to
// measure tessera against in the same run. Find `session=`, base64url-decode, ChaCha20-Poly1305
// open (libsodium), JSON.parse; on a write JSON.stringify, seal under a fresh nonce, Set-Cookie.
// No lifetimes, no option checks, no key ids: a yardstick, not a session library.
// Usage: node bench/limits/sealed.mjs --port 3001   (the routes of bench/server.mjs)
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import sodium from 'sodium-native'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const KEY = Buffer.alloc(32, 3)
const AD = Buffer.from('limit/sealed')
const NONCE = 12
const TAG = 16
const ATTRIBUTES = '; Path=/; HttpOnly; SameSite=Lax'

function seal(data) {
  const plain = Buffer.from(JSON.stringify(data))
  const out = Buffer.allocUnsafe(NONCE + plain.length + TAG)
  const nonce = out.subarray(0, NONCE)
  sodium.randombytes_buf(nonce)
  sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out.subarray(NONCE), plain, AD, null, nonce, KEY)
  return `session=${out.toString('base64url')}${ATTRIBUTES}`
}

function open(header) {
  if (header === undefined) return undefined
  const at = header.indexOf('session=')
  if (at === -1) return undefined
  const end = header.indexOf(';', at)
  const sealed = Buffer.from(header.slice(at + 8, end === -1 ? undefined : end), 'base64url')
  if (sealed.length < NONCE + TAG) return undefined
  const plain = Buffer.allocUnsafe(sealed.length - NONCE - TAG)
  try {
    sodium.crypto_aead_chacha20poly1305_ietf_decrypt(
      plain,
      null,
      sealed.subarray(NONCE),
      AD,
      sealed.subarray(0, NONCE),
      KEY,
    )
  } catch {
    return undefined
  }
  return JSON.parse(plain.toString())
}

const server = createServer((req, res) => {
  if (req.url === '/login') {
    res.setHeader(
      'set-cookie',
      seal({ user_id: 42, name: 'alice', roles: ['admin', 'dev'], counter: 0, t: Date.now() }),
    )
    res.end('ok')
    return
  }
  const session = open(req.headers.cookie)
  res.setHeader('vary', 'Cookie')
  if (session === undefined) {
    res.statusCode = 401
    res.end()
  } else if (req.url === '/read') {
    res.end(session.name)
  } else if (req.url === '/write') {
    session.counter += 1
    res.setHeader('set-cookie', seal(session))
    res.end(String(session.counter))
  } else {
    res.statusCode = 404
    res.end()
  }
})
server.keepAliveTimeout = 30_000
server.listen(Number(values.port ?? 3001), '127.0.0.1', () =>
  console.log('bench server (limit-sealed)'),
)
process.on('SIGTERM', () => process.exit(0))
