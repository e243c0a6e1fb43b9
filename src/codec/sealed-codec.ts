/**
 * The sealed cookie format, version 1 (docs/format.md):
 *
 * ```
 * v1.<keyId>.<nonce>.<ciphertext+tag>        every part base64url without padding
 * ```
 *
 * ChaCha20-Poly1305 (RFC 8439) under the HKDF-derived `session` key named by `keyId`, a random
 * 96-bit nonce, and additional data `tessera/v1|<cookie name>|<keyId>`, so a value cannot be moved
 * to another cookie name, version or key (CL-19, CL-20). The plaintext is one flag byte (0 = JSON,
 * 1 = raw DEFLATE of the JSON, used only when it is shorter), the created, issued and expiry times
 * as three big-endian uint32 Unix seconds, then the session data as a JSON object. Nothing is
 * decompressed or parsed before the tag verifies (CL-18).
 *
 * @module
 */
import { isCanonicalLength } from '../internal/base64url.js'
import { parseSafeJson } from '../internal/json.js'
import { deflateRawSync, inflateRawSync } from '../internal/node-zlib.js'
import { fillRandomPooled } from '../crypto/random.js'
import { defaultAead, NONCE_BYTES, TAG_BYTES, type Aead } from './aead.js'
import type { PurposeKeys } from './keyring.js'

/** The format version this codec writes and the only one it reads. */
export const SEALED_VERSION = 'v1'

/** The largest cookie value the codec will even look at (RFC 6265bis browser limit). */
export const MAX_SEALED_LENGTH = 4096

/** Largest plaintext accepted after decompression. */
const MAX_PLAINTEXT = 64 * 1024
/** Compress only payloads at least this long; shorter ones never shrink. */
const COMPRESS_FROM = 160

const DOT = 0x2e
const HEADER_BYTES = 13
const FLAG_JSON = 0
const FLAG_DEFLATE = 1

/** The nonce in base64url: 12 bytes, 16 characters, no padding. */
const NONCE_TEXT = 16

/** `v1.` + 8-char key id + `.`: the nonce starts at this offset. */
const NONCE_OFFSET = 12

/** From NONCE_OFFSET to the end: 16 nonce characters, a dot, the body (sticky: no slicing). */
const NONCE_AND_BODY = /[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/y

/** `v1.` + 8-char key id + `.` + 16-char nonce + `.`: the body starts at this offset. */
const BODY_OFFSET = 29

/** What a sealed cookie carries. Times are milliseconds (stored as whole seconds). */
export interface SealedEnvelope {
  readonly data: Readonly<Record<string, unknown>>
  /** When the session began (or was last fully authenticated): the absolute timeout runs from here. */
  readonly createdAt: number
  /** When this cookie was sealed: the idle timeout runs from here. */
  readonly issuedAt: number
  /** After this instant the cookie is refused, whatever its Expires says. */
  readonly expiresAt: number
}

/** Why a cookie was refused. */
export type OpenFailure = 'malformed' | 'tampered' | 'expired' | 'unknown-key' | 'future'

/** The outcome of opening a cookie. `rotated` is true when a fallback key opened it. */
export type OpenResult =
  | { readonly ok: true; readonly envelope: SealedEnvelope; readonly rotated: boolean }
  | { readonly ok: false; readonly reason: OpenFailure }

/** Options of `createSealedCodec`. */
export interface SealedCodecOptions {
  /** The `session` purpose keys of a key ring. */
  readonly keys: PurposeKeys
  /** The cookie name the values are bound to. */
  readonly cookieName: string
  /** Allowed clock skew for an issued-at in the future, in ms. @default 60_000 */
  readonly skewMs?: number
  /** The AEAD implementation. @default libsodium where it loads, else node:crypto, else noble */
  readonly aead?: Aead
  /**
   * The longest value `open` looks at, in characters: one cookie's worth by default, more for a
   * session chunked over several cookies.
   * @default 4096
   */
  readonly maxLength?: number
}

/** Seals and opens session envelopes for one cookie name. */
export interface SealedCodec {
  seal(envelope: SealedEnvelope): string
  open(value: string, now: number): OpenResult
}

/** Build a codec bound to one cookie name and key set. */
export function createSealedCodec(options: SealedCodecOptions): SealedCodec {
  const { keys, cookieName } = options
  const aead = options.aead ?? defaultAead
  const skewMs = options.skewMs ?? 60_000
  const maxLength = options.maxLength ?? MAX_SEALED_LENGTH
  const adCache = new Map<string, Buffer>()
  const additionalData = (keyId: string): Buffer => {
    let ad = adCache.get(keyId)
    if (ad === undefined) {
      ad = Buffer.from(`tessera/${SEALED_VERSION}|${cookieName}|${keyId}`, 'utf8')
      adCache.set(keyId, ad)
    }
    return ad
  }

  return {
    seal(envelope) {
      const plaintext = frame(
        toSeconds(envelope.createdAt),
        toSeconds(envelope.issuedAt),
        toSeconds(envelope.expiresAt),
        JSON.stringify(envelope.data),
      )
      const { id, key } = keys.primary
      // nonce ‖ ciphertext ‖ tag in one buffer, encoded once: 12 bytes are 16 base64url
      // characters exactly, so the text splits at 16 into the nonce and body parts.
      const out = Buffer.allocUnsafe(NONCE_BYTES + plaintext.length + TAG_BYTES)
      const nonce = out.subarray(0, NONCE_BYTES)
      fillRandomPooled(out, 0, NONCE_BYTES)
      const body = out.subarray(NONCE_BYTES)
      if (aead.sealInto !== undefined) {
        aead.sealInto(body, key, nonce, plaintext, additionalData(id))
      } else {
        body.set(aead.seal(key, nonce, plaintext, additionalData(id)))
      }
      const text = out.toString('base64url')
      return `${SEALED_VERSION}.${id}.${text.slice(0, NONCE_TEXT)}.${text.slice(NONCE_TEXT)}`
    },

    open(value, now) {
      if (
        value.length > maxLength ||
        value.length < BODY_OFFSET + 23 ||
        !value.startsWith('v1.') ||
        value.charCodeAt(11) !== DOT ||
        value.charCodeAt(28) !== DOT
      ) {
        return failure('malformed')
      }
      const keyId = value.slice(3, 11)
      const derived = keys.byId(keyId)
      if (derived === undefined) return failure('unknown-key')
      // Nonce and body: base64url only (a stray '.' included), the body canonically encoded,
      // checked in one pass, then decoded together: 16 nonce characters are 12 bytes exactly.
      NONCE_AND_BODY.lastIndex = NONCE_OFFSET
      if (
        !NONCE_AND_BODY.test(value) ||
        !isCanonicalLength(value.length - BODY_OFFSET, value.charAt(value.length - 1))
      ) {
        return failure('malformed')
      }
      const bytes = Buffer.from(
        value.slice(NONCE_OFFSET, NONCE_OFFSET + NONCE_TEXT) + value.slice(BODY_OFFSET),
        'base64url',
      )
      const nonce = bytes.subarray(0, NONCE_BYTES)
      const body = bytes.subarray(NONCE_BYTES)
      const plaintext = aead.open(derived.key, nonce, body, additionalData(keyId))
      if (plaintext === undefined) return failure('tampered')
      // Authenticated from here on: only now is anything decompressed or parsed.
      const envelope = parseEnvelope(plaintext)
      if (envelope === undefined) return failure('malformed')
      if (envelope.issuedAt > now + skewMs || envelope.createdAt > now + skewMs) {
        return failure('future')
      }
      if (now >= envelope.expiresAt) return failure('expired')
      return { ok: true, envelope, rotated: derived !== keys.primary }
    },
  }
}

/** flag (1 byte) · created, issued, expires (uint32 seconds, big-endian) · JSON or DEFLATE(JSON). */
function frame(createdAt: number, issuedAt: number, expiresAt: number, json: string): Buffer {
  const length = Buffer.byteLength(json)
  let out: Buffer
  if (length >= COMPRESS_FROM) {
    const packed = deflateRawSync(json)
    if (packed.length < length) {
      out = Buffer.allocUnsafe(HEADER_BYTES + packed.length)
      out[0] = FLAG_DEFLATE
      packed.copy(out, HEADER_BYTES)
      return writeTimes(out, createdAt, issuedAt, expiresAt)
    }
  }
  out = Buffer.allocUnsafe(HEADER_BYTES + length)
  out[0] = FLAG_JSON
  out.write(json, HEADER_BYTES, 'utf8')
  return writeTimes(out, createdAt, issuedAt, expiresAt)
}

function writeTimes(out: Buffer, createdAt: number, issuedAt: number, expiresAt: number): Buffer {
  out.writeUInt32BE(createdAt, 1)
  out.writeUInt32BE(issuedAt, 5)
  out.writeUInt32BE(expiresAt, 9)
  return out
}

function parseEnvelope(plaintext: Buffer): SealedEnvelope | undefined {
  if (plaintext.length < HEADER_BYTES + 2) return undefined
  const c = plaintext.readUInt32BE(1)
  const i = plaintext.readUInt32BE(5)
  const e = plaintext.readUInt32BE(9)
  if (i < c || e < i) return undefined
  let json: string
  if (plaintext[0] === FLAG_JSON) {
    json = plaintext.toString('utf8', HEADER_BYTES)
  } else if (plaintext[0] === FLAG_DEFLATE) {
    try {
      json = inflateRawSync(plaintext.subarray(HEADER_BYTES), {
        maxOutputLength: MAX_PLAINTEXT,
      }).toString('utf8')
    } catch {
      return undefined
    }
  } else {
    return undefined
  }
  const data = parseSafeJson(json)
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined
  return {
    data: data as Record<string, unknown>,
    createdAt: c * 1000,
    issuedAt: i * 1000,
    expiresAt: e * 1000,
  }
}

function toSeconds(ms: number): number {
  return Math.min(0xffffffff, Math.max(0, Math.floor(ms / 1000)))
}

function failure(reason: OpenFailure): OpenResult {
  return { ok: false, reason }
}
