/**
 * ChaCha20-Poly1305 (RFC 8439, 96-bit nonce) with two implementations that produce the same bytes:
 * libsodium through the optional `sodium-native` package (≈4 µs per seal+open on the reference
 * machine) and `node:crypto` (≈17 µs) as the fallback when the native module is not installed.
 * See docs/decisions.md for the measurement.
 *
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto'
import { createRequire } from 'node:module'

/** Key length in bytes. */
export const KEY_BYTES = 32
/** Nonce length in bytes (RFC 8439 §2.8). */
export const NONCE_BYTES = 12
/** Authentication tag length in bytes. */
export const TAG_BYTES = 16

/** One AEAD implementation. `open` returns `undefined` when the tag does not verify. */
export interface Aead {
  readonly name: 'libsodium' | 'node:crypto'
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Buffer
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Buffer | undefined
}

interface SodiumLike {
  crypto_aead_chacha20poly1305_ietf_encrypt(
    c: Uint8Array,
    m: Uint8Array,
    ad: Uint8Array | null,
    nsec: null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number
  crypto_aead_chacha20poly1305_ietf_decrypt(
    m: Uint8Array,
    nsec: null,
    c: Uint8Array,
    ad: Uint8Array | null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number
}

/** The node:crypto implementation (always available). */
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
    const head = decipher.update(body)
    try {
      return Buffer.concat([head, decipher.final()])
    } catch {
      return undefined
    }
  },
}

function loadSodium(): Aead | undefined {
  let sodium: SodiumLike
  try {
    sodium = createRequire(import.meta.url)('sodium-native') as SodiumLike
  } catch {
    return undefined
  }
  return {
    name: 'libsodium',
    seal(key, nonce, plaintext, ad) {
      const out = Buffer.allocUnsafe(plaintext.length + TAG_BYTES)
      sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out, plaintext, ad, null, nonce, key)
      return out
    },
    open(key, nonce, sealed, ad) {
      if (sealed.length < TAG_BYTES) return undefined
      const out = Buffer.allocUnsafe(sealed.length - TAG_BYTES)
      try {
        sodium.crypto_aead_chacha20poly1305_ietf_decrypt(out, null, sealed, ad, nonce, key)
      } catch {
        return undefined
      }
      return out
    },
  }
}

/** The libsodium implementation, or `undefined` when `sodium-native` is not installed. */
export const sodiumAead: Aead | undefined = loadSodium()

/** The fastest implementation available: libsodium, else node:crypto. */
export const defaultAead: Aead = sodiumAead ?? nodeAead
