/**
 * itsdangerous `URLSafeTimedSerializer` signing, as Flask configures it for session cookies.
 *
 * ```ts
 * import { timestampSigner } from 'tessera-session/codec/flask'
 * ```
 *
 * Wire format (docs/flask-format.md §1): `payload "." timestamp "." signature`, each part unpadded base64url;
 * the payload starts with `.` when it is zlib-compressed, and that dot is part of the signed
 * text. The signature is `HMAC(derivedKey, payload "." timestamp)`, where Flask derives the key
 * as `HMAC-SHA1(secret, "cookie-session")` (`key_derivation="hmac"`). Plain itsdangerous defaults
 * to `django-concat` instead; pass `keyDerivation` to match such tokens.
 *
 * The verifier is strict: it accepts only what an honest signer emits. Python's verifier also
 * accepts a few malleable variants (docs/flask-format.md §2: other values of the signature's last character,
 * extra `=`, `+`/`/`, appended non-ASCII characters); tessera refuses them.
 *
 * @module
 */
import { ConfigError, DecodeError } from '../../errors.js'
import { decodeBase64url, encodeBase64url } from '../../internal/base64url.js'
import { createHash, createHmac, timingSafeEqual } from '../../internal/node-crypto.js'
import { deflateSync, inflateSync } from '../../internal/node-zlib.js'

/** A secret key: a string is used as its UTF-8 bytes, as Python's `want_bytes` does. */
export type FlaskSecret = string | Uint8Array

/** How the signing key is derived from the secret (itsdangerous `Signer.key_derivation`). */
export type KeyDerivation = 'hmac' | 'django-concat' | 'concat' | 'none'

/** Hash used for key derivation and for the HMAC (itsdangerous `digest_method`). */
export type SignerDigest = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'

/** Signer settings. The defaults are Flask's session settings. */
export interface SignerOptions {
  /**
   * The salt: a per-purpose label mixed into the key.
   * @default 'cookie-session'
   */
  salt?: string | Uint8Array
  /**
   * Key derivation. Flask uses `'hmac'`; plain itsdangerous defaults to `'django-concat'`.
   * @default 'hmac'
   */
  keyDerivation?: KeyDerivation
  /**
   * Digest for key derivation and signatures.
   * @default 'sha1'
   */
  digest?: SignerDigest
}

/** What {@link TimestampSigner.unsign} returns. */
export interface UnsignedValue {
  /** The payload segment exactly as signed (with its leading `.` when compressed). */
  payload: string
  /** Signing time, Unix seconds. */
  timestamp: number
  /** Index in the secret list of the key that verified the signature (0 = current). */
  keyIndex: number
}

/** A timestamp signer bound to its keys. */
export interface TimestampSigner {
  /** `payload "." timestamp "." signature`, signed with the current (first) secret. */
  sign(payload: string, timestampSeconds: number): string
  /**
   * Check the signature with every secret (constant time), then the timestamp and its age.
   * Nothing of the payload is decoded here (CL-18).
   *
   * @param now Unix seconds.
   * @param maxAge Largest accepted age in seconds (`Infinity` for none); an age equal to it passes.
   * @throws DecodeError `malformed` (bad shape), `tampered` (no secret matches), `expired` or
   *   `future` (signed later than `now`).
   */
  unsign(value: string, now: number, maxAge: number): UnsignedValue
}

/** Longest cookie value examined, in characters; longer values are `malformed` at once. */
export const MAX_SIGNED_LENGTH = 16_384

const SIGNED_ALPHABET = /^[A-Za-z0-9_.-]+$/

/**
 * Create a signer. Secrets are ordered newest first: the first signs, all verify (Flask's
 * `SECRET_KEY` first, then `SECRET_KEY_FALLBACKS`).
 *
 * @throws ConfigError when no secret is given or one is empty (Flask refuses to sign then too).
 */
export function timestampSigner(
  secret: FlaskSecret | readonly FlaskSecret[],
  options: SignerOptions = {},
): TimestampSigner {
  const secrets: readonly FlaskSecret[] =
    typeof secret === 'string' || secret instanceof Uint8Array ? [secret] : secret
  if (secrets.length === 0 || secrets.some((s) => s.length === 0)) {
    throw new ConfigError('A Flask cookie needs a non-empty secret key (Flask: SECRET_KEY).')
  }
  const digest = options.digest ?? 'sha1'
  const salt = toBytes(options.salt ?? 'cookie-session')
  const derivation = options.keyDerivation ?? 'hmac'
  const keys = secrets.map((s) => deriveKey(toBytes(s), salt, derivation, digest))
  const signature = (key: Buffer, signed: string): string =>
    createHmac(digest, key).update(signed, 'latin1').digest('base64url')

  return {
    sign(payload, timestampSeconds) {
      const signed = `${payload}.${encodeTimestamp(timestampSeconds)}`
      return `${signed}.${signature(keys[0]!, signed)}`
    },
    unsign(value, now, maxAge) {
      if (value.length > MAX_SIGNED_LENGTH || !SIGNED_ALPHABET.test(value)) throw bad('malformed')
      const cut = value.lastIndexOf('.')
      if (cut < 0) throw bad('malformed')
      const signed = value.slice(0, cut)
      const given = Buffer.from(value.slice(cut + 1), 'latin1')
      let keyIndex = -1
      // Every key is tried, so the time taken does not depend on which one matches.
      keys.forEach((key, i) => {
        const expected = Buffer.from(signature(key, signed), 'latin1')
        if (expected.length === given.length && timingSafeEqual(expected, given) && keyIndex < 0) {
          keyIndex = i
        }
      })
      if (keyIndex < 0) throw bad('tampered')
      const dot = signed.lastIndexOf('.')
      if (dot < 0) throw bad('malformed') // a validly signed value without a timestamp
      const timestamp = decodeTimestamp(signed.slice(dot + 1))
      if (timestamp === undefined) throw bad('malformed')
      const age = now - timestamp
      if (age < 0) throw bad('future')
      if (age > maxAge) throw bad('expired')
      return { payload: signed.slice(0, dot), timestamp, keyIndex }
    },
  }
}

function bad(reason: DecodeError['reason']): DecodeError {
  const messages: Record<DecodeError['reason'], string> = {
    malformed: 'The cookie is not a well-formed signed value.',
    tampered: 'The cookie signature does not match any of the secrets.',
    expired: 'The cookie is older than the maximum age.',
    future: 'The cookie was signed in the future (check the clocks).',
    'unknown-key': 'The cookie names an unknown key.',
  }
  return new DecodeError(reason, messages[reason])
}

function toBytes(value: string | Uint8Array): Buffer {
  return typeof value === 'string'
    ? Buffer.from(value, 'utf8')
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
}

function deriveKey(secret: Buffer, salt: Buffer, how: KeyDerivation, digest: SignerDigest): Buffer {
  switch (how) {
    case 'hmac':
      return createHmac(digest, secret).update(salt).digest()
    case 'django-concat':
      return createHash(digest).update(salt).update('signer').update(secret).digest()
    case 'concat':
      return createHash(digest).update(salt).update(secret).digest()
    case 'none':
      return secret
  }
}

/**
 * Encode Unix seconds as itsdangerous does: big-endian, leading zero bytes dropped, base64url
 * (0 → `""`, 1700000000 → `ZVPxAA`).
 */
export function encodeTimestamp(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new RangeError('A timestamp is a non-negative whole number of seconds.')
  }
  let hex = seconds.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  return seconds === 0 ? '' : encodeBase64url(Buffer.from(hex, 'hex'))
}

/**
 * Decode a timestamp segment. Strict: canonical base64url of at most 8 bytes without leading
 * zero bytes, as {@link encodeTimestamp} writes. Values past 2^53 read as `MAX_SAFE_INTEGER`
 * (far in the future, so verification answers `future`).
 */
export function decodeTimestamp(text: string): number | undefined {
  const bytes = decodeBase64url(text)
  if (bytes === undefined || bytes.length > 8 || bytes[0] === 0) return undefined
  if (encodeBase64url(bytes) !== text) return undefined
  let n = 0n
  for (const byte of bytes) n = (n << 8n) | BigInt(byte)
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n)
}

/**
 * The payload segment for JSON bytes, with itsdangerous's compression rule: compress with zlib
 * and prefix `.` when that saves at least 2 bytes. Node's zlib produces valid streams that may
 * differ byte-wise from CPython's; an uncompressed payload is byte-identical to Flask's.
 */
export function encodePayload(json: Uint8Array, compress = true): string {
  if (compress) {
    const compressed = deflateSync(json, { level: 6 })
    if (compressed.length < json.length - 1) return `.${encodeBase64url(compressed)}`
  }
  return encodeBase64url(json)
}

/**
 * The JSON bytes of a verified payload segment: base64url, then zlib when it starts with `.`.
 * Decompression stops at `maxBytes`.
 *
 * @throws DecodeError (`malformed`) for bad base64url, a bad zlib stream or too much output.
 */
export function decodePayload(segment: string, maxBytes: number): Buffer {
  const compressed = segment.startsWith('.')
  const bytes = decodeBase64url(compressed ? segment.slice(1) : segment)
  if (bytes === undefined || (!compressed && bytes.length > maxBytes)) throw bad('malformed')
  if (!compressed) return bytes
  try {
    return inflateSync(bytes, { maxOutputLength: maxBytes })
  } catch {
    throw new DecodeError('malformed', 'The cookie payload is not a valid zlib stream.')
  }
}
