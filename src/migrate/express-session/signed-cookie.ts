/**
 * express-session's signed cookie, read without express-session or cookie-signature: the value is
 * `s:` + the session ID + `.` + the base64 (unpadded) HMAC-SHA256 of the ID under the app's
 * secret, URL-encoded in the cookie (`s%3A…`). Any of the app's secrets may have signed it.
 *
 * Not a public entry point.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Longest cookie value looked at; express-session's own values are about 80 characters. */
const MAX_VALUE_LENGTH = 1024

/**
 * The session ID of an express-session cookie value, or `undefined` when the value is malformed
 * or no secret verifies its signature. Every failure looks the same to the caller.
 *
 * @param raw The cookie value as it stands in the Cookie header (still URL-encoded).
 * @param secrets The app's express-session secrets; the first signs, any verifies.
 */
export function unsignSessionId(raw: string, secrets: readonly string[]): string | undefined {
  if (raw.length > MAX_VALUE_LENGTH) return undefined
  let value: string
  try {
    value = raw.includes('%') ? decodeURIComponent(raw) : raw
  } catch {
    return undefined
  }
  if (!value.startsWith('s:')) return undefined
  const signed = value.slice(2)
  const dot = signed.lastIndexOf('.')
  if (dot <= 0) return undefined
  const id = signed.slice(0, dot)
  const given = Buffer.from(signed.slice(dot + 1))
  for (const secret of secrets) {
    const expected = Buffer.from(signature(id, secret))
    // Same length first: timingSafeEqual throws on different lengths. The length of a SHA-256
    // signature is public, so the early exit leaks nothing.
    if (expected.length === given.length && timingSafeEqual(expected, given)) return id
  }
  return undefined
}

/** cookie-signature's signature: base64 HMAC-SHA256 without `=` padding. */
export function signature(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')
}
