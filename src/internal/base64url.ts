/**
 * base64url (RFC 4648 §5, no padding) helpers. Strict decoding: Node's decoder silently skips
 * characters outside the alphabet, so the input is checked first.
 *
 * @module
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/

/** Encode bytes as unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

/**
 * Decode unpadded base64url; `undefined` for any character outside the alphabet, a bad length, or
 * a non-canonical encoding (stray bits in the last character), so one byte string has exactly one
 * accepted spelling.
 */
export function decodeBase64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : undefined
}

/** True when `text` uses only the base64url alphabet. */
export function isBase64url(text: string): boolean {
  return BASE64URL.test(text)
}
