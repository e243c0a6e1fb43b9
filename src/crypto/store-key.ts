/**
 * The store key of a session ID: base64url SHA-256, so a leaked store holds no usable cookie (CL-4).
 *
 * @module
 */
import { SHA256_BYTES, sha256Into } from '../internal/sha256.js'

// The ID is written into a buffer kept for the purpose and hashed by libsodium where it loads
// (0.45 µs, against 0.75 µs for node:crypto's one-shot hash): this runs on every request that
// carries a session cookie. IDs are 43 characters; anything longer is copied out first.
const input = Buffer.allocUnsafeSlow(256)
const digest = Buffer.allocUnsafeSlow(SHA256_BYTES)

/** SHA-256 of the session ID, base64url (43 characters). */
export function storeKey(sessionId: string): string {
  if (sessionId.length > input.length / 3) {
    sha256Into(digest, Buffer.from(sessionId, 'utf8'))
  } else {
    const length = input.write(sessionId, 0, 'utf8')
    sha256Into(digest, input.subarray(0, length))
  }
  return digest.toString('base64url')
}
