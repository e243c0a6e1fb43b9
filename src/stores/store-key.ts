/**
 * The store key of a session ID: base64url SHA-256, so a leaked store holds no usable cookie (CL-4).
 *
 * @module
 */
import { createHash } from 'node:crypto'

/** SHA-256 of the session ID, base64url (43 characters). */
export function storeKey(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url')
}
