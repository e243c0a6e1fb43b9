// Feature probe: which node: APIs work on this runtime. Prints one JSON object.
// Run with node/bun/deno directly; under workerd it is imported by a Worker that returns probe().
import * as nodeCrypto from 'node:crypto'
import * as zlib from 'node:zlib'
import * as nodeModule from 'node:module'
import { Buffer as NodeBuffer } from 'node:buffer'

const hex = (b) => NodeBuffer.from(b).toString('hex')
// RFC 8439 §2.8.2
const KEY = NodeBuffer.from(
  '808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f',
  'hex',
)
const NONCE = NodeBuffer.from('070000004041424344454647', 'hex')
const AD = NodeBuffer.from('50515253c0c1c2c3c4c5c6c7', 'hex')
const PT = NodeBuffer.from(
  "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
)
const TAG = '1ae10b594f09e26a7e902ecbd0600691'

function attempt(fn) {
  try {
    const v = fn()
    return v === true ? 'ok' : v === false ? 'wrong result' : String(v)
  } catch (e) {
    return `throws: ${String(e && e.message ? e.message : e).slice(0, 90)}`
  }
}

export function probe(extra = {}) {
  return {
    sodium: attempt(() => {
      const req = nodeModule.createRequire(import.meta.url)
      const s = req('sodium-native')
      const out = NodeBuffer.alloc(PT.length + 16)
      s.crypto_aead_chacha20poly1305_ietf_encrypt(out, PT, AD, null, NONCE, KEY)
      return hex(out.subarray(PT.length)) === TAG
    }),
    createRequire: attempt(() => typeof nodeModule.createRequire(import.meta.url) === 'function'),
    chacha: attempt(() => {
      const c = nodeCrypto.createCipheriv('chacha20-poly1305', KEY, NONCE, { authTagLength: 16 })
      c.setAAD(AD, { plaintextLength: PT.length })
      NodeBuffer.concat([c.update(PT), c.final()])
      return hex(c.getAuthTag()) === TAG
    }),
    hkdfSync: attempt(
      () => NodeBuffer.from(nodeCrypto.hkdfSync('sha256', KEY, 'salt', 'info', 32)).length === 32,
    ),
    createHmac: attempt(
      () =>
        nodeCrypto.createHmac('sha1', 'k').update('m').digest('hex') ===
          '9c0b9b2d5b1d5fd7c0ec6a7a9a64ee1ff2ae8d1c' ||
        nodeCrypto
          .createHmac('sha256', 'key')
          .update('The quick brown fox jumps over the lazy dog')
          .digest('hex') === 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    ),
    createHash: attempt(
      () =>
        nodeCrypto.createHash('sha1').update('abc').digest('hex') ===
        'a9993e364706816aba3e25717850c26c9cd0d89d',
    ),
    cryptoHash: attempt(() =>
      typeof nodeCrypto.hash !== 'function'
        ? 'missing'
        : nodeCrypto.hash('sha256', 'abc', 'hex') ===
          'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    ),
    timingSafeEqual: attempt(
      () =>
        nodeCrypto.timingSafeEqual(NodeBuffer.from('ab'), NodeBuffer.from('ab')) &&
        !nodeCrypto.timingSafeEqual(NodeBuffer.from('ab'), NodeBuffer.from('ac')),
    ),
    randomBytes: attempt(() => nodeCrypto.randomBytes(16).length === 16),
    randomFillSync: attempt(() => nodeCrypto.randomFillSync(NodeBuffer.alloc(16)).length === 16),
    getRandomValues: attempt(
      () => globalThis.crypto.getRandomValues(new Uint8Array(16)).length === 16,
    ),
    zlib: attempt(() => {
      const data = NodeBuffer.from('hello hello hello hello hello hello')
      return (
        zlib.inflateRawSync(zlib.deflateRawSync(data)).equals(data) &&
        zlib.inflateSync(zlib.deflateSync(data)).equals(data)
      )
    }),
    globalBuffer: attempt(() => typeof globalThis.Buffer === 'function'),
    base64url: attempt(() => NodeBuffer.from([251, 255]).toString('base64url') === '-_8'),
    ...extra,
  }
}

const isMain =
  typeof process !== 'undefined' &&
  Array.isArray(process.argv) &&
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].split('/').pop())
if (isMain) console.log(JSON.stringify(probe()))
