/**
 * The store key of a session ID: base64url SHA-256, so a leaked store holds no usable cookie (CL-4).
 *
 * @module
 */
import * as crypto from 'node:crypto'

// One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object `createHash` builds: about a third
// of the cost, on every request that carries a session cookie. Older Node 20 falls back.
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined

/** SHA-256 of the session ID, base64url (43 characters). */
export function storeKey(sessionId: string): string {
  if (oneShot !== undefined) return oneShot('sha256', sessionId, 'base64url')
  return crypto.createHash('sha256').update(sessionId).digest('base64url')
}
