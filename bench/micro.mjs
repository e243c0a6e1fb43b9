// Codec micro benchmarks for `npm run bench` (in this process, one core): ops/s of a sealed-codec
// seal + open of the bench payload, and of the raw AEAD seal + open of the same bytes, for each
// AEAD tessera can use: libsodium (sodium-native), node:crypto, and @noble/ciphers (pure JS, for
// runtimes with neither). Not run on its own: bench/run.mjs imports it (`--skip-micro` skips it).
import { createKeyRing, createSealedCodec } from 'tessera-session/codec'
import { nobleAead, nodeAead, sodiumAead } from '../dist/codec/aead.js'
import { readCookie } from '../dist/core/cookie.js'

const AEADS = [
  ['libsodium', sodiumAead],
  ['node:crypto', nodeAead],
  ['@noble/ciphers', nobleAead],
]
const PAYLOAD = { user_id: 42, name: 'alice', roles: ['admin', 'dev'] }

/** Calls of `fn` per second over `ms` milliseconds, after 2000 warm-up calls. */
function opsPerSecond(fn, ms) {
  for (let i = 0; i < 2000; i++) fn(i)
  let n = 0
  const start = process.hrtime.bigint()
  const end = start + BigInt(ms) * 1_000_000n
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 200; i++) fn(n++)
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9)
}

function sealOpen(codec, now) {
  // One data object whose counter changes: a spread per call cost 0.7 µs here, a fifth of the
  // figure, and measured the object spread rather than the codec.
  const data = { ...PAYLOAD, counter: 0 }
  return (n) => {
    data.counter = n
    const value = codec.seal({
      data,
      createdAt: now,
      issuedAt: now,
      expiresAt: now + 1_800_000,
    })
    if (!codec.open(value, now).ok) throw new Error('bench: open failed')
  }
}

function rawSealOpen(aead, key) {
  const nonce = Buffer.alloc(12, 7)
  const ad = Buffer.from('tessera/v1|session|abcdefgh')
  const plaintext = Buffer.from(`\u0000${JSON.stringify({ c: 1, i: 1, e: 2, d: PAYLOAD })}`)
  return () => {
    const sealed = aead.seal(key, nonce, plaintext, ad)
    if (aead.open(key, nonce, sealed, ad) === undefined) throw new Error('bench: raw open failed')
  }
}

/** [{ aead, sealOpen, rawAead }] in ops/s, one entry per AEAD available here. */
export function runMicro({ secret, ms = 1500 }) {
  const keys = createKeyRing(secret).keys('session')
  const now = Date.now()
  const results = []
  for (const [label, aead] of AEADS) {
    if (aead === undefined) continue
    const codec = createSealedCodec({ keys, cookieName: 'session', aead })
    results.push({
      aead: label,
      sealOpen: Math.round(opsPerSecond(sealOpen(codec, now), ms)),
      rawAead: Math.round(opsPerSecond(rawSealOpen(aead, keys.primary.key), ms)),
    })
    console.error(`  codec ${label}: ${results.at(-1).sealOpen} seal+open/s`)
  }
  return results
}

/**
 * CL-64's linear-time cookie reading, measured: µs to find the session cookie at the end of a
 * Cookie header of `n` pathological cookies (an unbalanced quote and a run of backslashes each,
 * what makes backtracking parsers blow up), for headers of about 1, 4 and 16 KiB. Linear means
 * µs per read grows at most in proportion to the header (µs per KiB does not grow).
 */
export function runCookieScan({ ms = 500 } = {}) {
  return [70, 280, 1120].map((n) => {
    const noise = Array.from({ length: n }, (_, i) => `c${i}="${'\\'.repeat(10)}`)
    const header = [...noise, 'session=v1.last'].join('; ')
    const perSecond = opsPerSecond(() => {
      if (readCookie(header, 'session') !== 'v1.last') throw new Error('bench: cookie not found')
    }, ms)
    const us = 1e6 / perSecond
    return {
      bytes: header.length,
      us: Math.round(us * 100) / 100,
      usPerKiB: Math.round((us / (header.length / 1024)) * 100) / 100,
    }
  })
}
