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
  const rest = text.length % 4
  if (rest === 1 || !BASE64URL.test(text)) return undefined
  if (rest !== 0) {
    // The last character carries 4 (rest 2) or 2 (rest 3) unused low bits, which must be zero.
    const last = ALPHABET.indexOf(text.charAt(text.length - 1))
    if ((last & (rest === 2 ? 0b1111 : 0b11)) !== 0) return undefined
  }
  return Buffer.from(text, 'base64url')
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * True when base64url text of `length` characters, ending in `last`, is a possible canonical
 * encoding: not one character past a group of four, and no stray bits in the last character.
 * (The alphabet is the caller's to check.)
 */
export function isCanonicalLength(length: number, last: string): boolean {
  const rest = length % 4
  if (rest === 1) return false
  if (rest === 0) return true
  return (ALPHABET.indexOf(last) & (rest === 2 ? 0b1111 : 0b11)) === 0
}

/** True when `text` uses only the base64url alphabet. */
export function isBase64url(text: string): boolean {
  return BASE64URL.test(text)
}
