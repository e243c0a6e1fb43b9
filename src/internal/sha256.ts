/**
 * SHA-256 into a caller's buffer, for the two hashes on every server-side request: the HMAC tag
 * of the session ID and the store key. libsodium's `crypto_hash_sha256` where it loads and
 * reproduces the FIPS 180-2 "abc" vector, else node:crypto's one-shot `crypto.hash` (Node ≥
 * 20.12), else `createHash`. Per call here: 0.45 µs, 0.75 µs and 1.5 µs (docs/decisions.md §30).
 *
 * @module
 */
import { createHash, hashOnce } from './node-crypto.js'
import { sodium } from './sodium.js'

/** Digest length in bytes. */
export const SHA256_BYTES = 32

/** Writes the SHA-256 of `input` into `out[0..32)`. */
export type Sha256Into = (out: Uint8Array, input: Uint8Array) => void

const ABC = Buffer.from('abc')
const ABC_DIGEST = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'

/** node:crypto: the one-shot hash where it exists, else a Hash object. */
export const nodeSha256Into: Sha256Into = nodeSha256(hashOnce)

function nodeSha256(once: typeof hashOnce): Sha256Into {
  if (once === undefined) {
    return (out, input) => {
      out.set(createHash('sha256').update(input).digest())
    }
  }
  return (out, input) => {
    out.set(once('sha256', input, 'buffer'))
  }
}

function passes(fn: Sha256Into): boolean {
  try {
    const out = Buffer.alloc(SHA256_BYTES)
    fn(out, ABC)
    return out.toString('hex') === ABC_DIGEST
  } catch {
    return false
  }
}

function fromSodium(): Sha256Into | undefined {
  const lib = sodium
  if (lib === undefined) return undefined
  const fn: Sha256Into = (out, input) => lib.crypto_hash_sha256(out, input)
  return passes(fn) ? fn : undefined
}

/** The fastest SHA-256 that works here. */
export const sha256Into: Sha256Into = fromSodium() ?? nodeSha256Into
