/**
 * Random tokens and bytes from the operating system's CSPRNG (`crypto.randomFillSync`), for
 * session IDs, CSRF secrets, nonces and salts. Never `Math.random`, never UUIDs (ASVS
 * v5.0.0-11.5.1, checklist CL-1 and CL-2).
 *
 * ```ts
 * import { randomToken } from 'tessera-session/crypto'
 * ```
 *
 * One `randomBytes(32)` call costs a few microseconds, mostly fixed per-call overhead. So bytes
 * are drawn from a 4 KiB pool, filled in one call and handed out slice by slice; each slice is
 * copied out and zeroed in the pool, so the pool never holds a byte that was already handed out.
 * The pool is per process (child processes and cluster workers start with their own), and a
 * request larger than a quarter of the pool bypasses it.
 *
 * @module
 */

import { ConfigError } from '../errors.js'
import { encodeBase64url } from '../internal/base64url.js'
import { randomFillSync } from '../internal/node-crypto.js'

const POOL_SIZE = 4096
const MAX_POOLED = POOL_SIZE / 4
/** The fewest bytes a token may carry: 128 bits (ASVS v5.0.0-11.5.1). */
const MIN_TOKEN_BYTES = 16

// allocUnsafeSlow: a buffer of our own, not a slice of Node's shared Buffer pool.
const pool: Buffer = Buffer.allocUnsafeSlow(POOL_SIZE)
let offset = POOL_SIZE

/** Copies `n` fresh random bytes into `target` at `at`, refilling the pool when it runs dry. */
function drawInto(target: Uint8Array, at: number, n: number): void {
  if (offset + n > POOL_SIZE) {
    randomFillSync(pool)
    offset = 0
  }
  pool.copy(target, at, offset, offset + n)
  pool.fill(0, offset, offset + n)
  offset += n
}

/**
 * Returns `n` cryptographically secure random bytes in a new buffer that the caller owns.
 *
 * @param n - How many bytes, a non-negative integer.
 * @example
 * ```ts
 * const salt = randomBytesPooled(16)
 * ```
 */
export function randomBytesPooled(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ConfigError(`randomBytesPooled needs a non-negative integer, got ${String(n)}.`)
  }
  const out = Buffer.allocUnsafe(n)
  if (n > MAX_POOLED) return randomFillSync(out)
  if (n > 0) drawInto(out, 0, n)
  return out
}

/**
 * Fills `target[at, at + n)` with fresh random bytes from the pool: for callers that have the
 * buffer already (a nonce written in front of the ciphertext), so nothing is allocated.
 *
 * @param target - The buffer to write into.
 * @param at - Where to start.
 * @param n - How many bytes, at most a quarter of the pool (1 KiB).
 */
export function fillRandomPooled(target: Uint8Array, at: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_POOLED || at < 0 || at + n > target.length) {
    throw new ConfigError(`fillRandomPooled cannot write ${String(n)} bytes at ${String(at)}.`)
  }
  if (n > 0) drawInto(target, at, n)
}

/**
 * Returns a random token of `bytes` bytes, encoded as unpadded base64url: 43 characters for the
 * default 32 bytes (256 bits).
 *
 * @param bytes - Entropy in bytes; at least 16 (128 bits).
 * @default bytes 32
 * @example
 * ```ts
 * const id = randomToken() // e.g. 'Xq3…', /^[A-Za-z0-9_-]{43}$/
 * ```
 */
export function randomToken(bytes = 32): string {
  if (!Number.isSafeInteger(bytes) || bytes < MIN_TOKEN_BYTES) {
    throw new ConfigError(
      `A random token needs at least ${MIN_TOKEN_BYTES} bytes (128 bits), got ${String(bytes)}.`,
    )
  }
  return encodeBase64url(randomBytesPooled(bytes))
}
