/**
 * Constant-time comparison of secrets (MACs, tokens), so the time a comparison takes says
 * nothing about where two values first differ.
 *
 * ```ts
 * import { timingSafeEqualString } from 'tessera-session/crypto'
 * ```
 *
 * @module
 */

import { timingSafeEqual } from '../internal/node-crypto.js'

/**
 * Compares two byte arrays in time that depends only on their lengths. Arrays of different
 * lengths compare `a` against itself (the same work as an equal-length comparison) and return
 * `false`: the length of a secret is not itself secret, its content is.
 *
 * @example
 * ```ts
 * timingSafeEqualBytes(expectedMac, receivedMac)
 * ```
 */
export function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) {
    timingSafeEqual(a, a)
    return false
  }
  return timingSafeEqual(a, b)
}

/**
 * Compares two strings by their UTF-8 bytes in constant time for equal lengths. For different
 * lengths it does the same work on `a` alone and returns `false`, with no early exit on content.
 *
 * @example
 * ```ts
 * if (!timingSafeEqualString(expectedToken, submittedToken)) throw new CsrfError()
 * ```
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  return timingSafeEqualBytes(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
