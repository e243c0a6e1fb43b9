/**
 * ChaCha20-Poly1305 (RFC 8439, 96-bit nonce) with three implementations that produce the same
 * bytes, picked once at module load: libsodium through the optional `sodium-native` package where
 * it loads (Node, Bun; Deno with `--allow-ffi`), else `node:crypto` where the runtime has the
 * cipher (Node, Deno, workerd), else `@noble/ciphers` in plain JavaScript (Bun without
 * sodium-native). Each candidate must seal and open the RFC 8439 §2.8.2 test vector byte for byte
 * before it is chosen, so a runtime whose `node:crypto` lacks or mangles the cipher falls through
 * to the next one instead of failing on the first cookie. Nothing is added per seal or open.
 * Measurements per runtime: docs/decisions.md §24.
 *
 * @module
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { createCipheriv, createDecipheriv } from '../internal/node-crypto.js'
import { sodium } from '../internal/sodium.js'

/** Key length in bytes. */
export const KEY_BYTES = 32
/** Nonce length in bytes (RFC 8439 §2.8). */
export const NONCE_BYTES = 12
/** Authentication tag length in bytes. */
export const TAG_BYTES = 16

/** One AEAD implementation. `open` returns `undefined` when the tag does not verify. */
export interface Aead {
  readonly name: 'libsodium' | 'node:crypto' | 'noble'
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Buffer
  /**
   * Seal into `out` (exactly `plaintext.length + 16` bytes), where the implementation can write
   * in place (libsodium); the others leave it out and `seal` is copied instead.
   */
  sealInto?(
    out: Uint8Array,
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    ad: Uint8Array,
  ): void
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Buffer | undefined
}

/**
 * The node:crypto implementation. Bun's node:crypto has no `chacha20-poly1305` (its calls throw
 * "Unknown cipher"); `defaultAead` checks before choosing it.
 */
export const nodeAead: Aead = {
  name: 'node:crypto',
  seal(key, nonce, plaintext, ad) {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES })
    cipher.setAAD(ad, { plaintextLength: plaintext.length })
    const head = cipher.update(plaintext)
    const tail = cipher.final()
    return Buffer.concat([head, tail, cipher.getAuthTag()])
  },
  open(key, nonce, sealed, ad) {
    if (sealed.length < TAG_BYTES) return undefined
    const body = sealed.subarray(0, sealed.length - TAG_BYTES)
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, {
      authTagLength: TAG_BYTES,
    })
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
    decipher.setAAD(ad, { plaintextLength: body.length })
    // Node and Deno refuse a bad tag in final(); workerd already in update(), so both are inside.
    try {
      const head = decipher.update(body)
      return Buffer.concat([head, decipher.final()])
    } catch {
      return undefined
    }
  },
}

/** The pure-JavaScript implementation (`@noble/ciphers`, audited), for runtimes without the others. */
export const nobleAead: Aead = {
  name: 'noble',
  seal(key, nonce, plaintext, ad) {
    const out = Buffer.allocUnsafe(plaintext.length + TAG_BYTES)
    chacha20poly1305(key, nonce, ad).encrypt(plaintext, out)
    return out
  },
  open(key, nonce, sealed, ad) {
    if (sealed.length < TAG_BYTES) return undefined
    const out = Buffer.allocUnsafe(sealed.length - TAG_BYTES)
    try {
      chacha20poly1305(key, nonce, ad).decrypt(sealed, out)
    } catch {
      return undefined
    }
    return out
  },
}

function loadSodium(): Aead | undefined {
  const lib = sodium
  if (lib === undefined) return undefined
  return {
    name: 'libsodium',
    sealInto(out, key, nonce, plaintext, ad) {
      lib.crypto_aead_chacha20poly1305_ietf_encrypt(out, plaintext, ad, null, nonce, key)
    },
    seal(key, nonce, plaintext, ad) {
      const out = Buffer.allocUnsafe(plaintext.length + TAG_BYTES)
      lib.crypto_aead_chacha20poly1305_ietf_encrypt(out, plaintext, ad, null, nonce, key)
      return out
    },
    open(key, nonce, sealed, ad) {
      if (sealed.length < TAG_BYTES) return undefined
      const out = Buffer.allocUnsafe(sealed.length - TAG_BYTES)
      try {
        lib.crypto_aead_chacha20poly1305_ietf_decrypt(out, null, sealed, ad, nonce, key)
      } catch {
        return undefined
      }
      return out
    },
  }
}

// RFC 8439 §2.8.2: key 80..9f, nonce 07000000 40..47, additional data 50515253 c0..c7.
const VECTOR_KEY = '808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'
const VECTOR_NONCE = '070000004041424344454647'
const VECTOR_AD = '50515253c0c1c2c3c4c5c6c7'
const VECTOR_TEXT =
  "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, " +
  'sunscreen would be it.'
const VECTOR_SEALED =
  'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92' +
  '728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b' +
  '4831d7bc3ff4def08e4b7a9de576d26586cec64b6116' +
  '1ae10b594f09e26a7e902ecbd0600691'

/**
 * True when `aead` seals the RFC 8439 §2.8.2 vector to the published bytes, opens them back, and
 * refuses them with one bit of the tag flipped. Any exception counts as false.
 */
export function passesKnownAnswer(aead: Aead): boolean {
  try {
    const key = Buffer.from(VECTOR_KEY, 'hex')
    const nonce = Buffer.from(VECTOR_NONCE, 'hex')
    const ad = Buffer.from(VECTOR_AD, 'hex')
    const text = Buffer.from(VECTOR_TEXT, 'utf8')
    const sealed = aead.seal(key, nonce, text, ad)
    if (sealed.toString('hex') !== VECTOR_SEALED) return false
    if (aead.open(key, nonce, sealed, ad)?.equals(text) !== true) return false
    const forged = Buffer.from(sealed)
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 1
    return aead.open(key, nonce, forged, ad) === undefined
  } catch {
    return false
  }
}

function working(aead: Aead | undefined): Aead | undefined {
  return aead !== undefined && passesKnownAnswer(aead) ? aead : undefined
}

/** The libsodium implementation, or `undefined` when `sodium-native` does not load here. */
export const sodiumAead: Aead | undefined = working(loadSodium())

/** The node:crypto implementation when this runtime's node:crypto has the cipher, else `undefined`. */
export const nodeCryptoAead: Aead | undefined = working(nodeAead)

/** The fastest implementation that works here: libsodium, else node:crypto, else noble. */
export const defaultAead: Aead = sodiumAead ?? nodeCryptoAead ?? nobleAead
