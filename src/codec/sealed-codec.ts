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
 * 1 = raw DEFLATE of the JSON, used only when it is shorter) followed by
 * `{"c":created,"i":issued,"e":expires,"d":{…data}}` with times in Unix seconds. Nothing is
 * decompressed or parsed before the tag verifies (CL-18).
 *
 * @module
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { decodeBase64url, encodeBase64url } from '../internal/base64url.js'
import { parseSafeJson } from '../internal/json.js'
import { randomBytesPooled } from '../crypto/random.js'
import { defaultAead, NONCE_BYTES, type Aead } from './aead.js'
import type { PurposeKeys } from './keyring.js'

/** The format version this codec writes and the only one it reads. */
export const SEALED_VERSION = 'v1'

/** The largest cookie value the codec will even look at (RFC 6265bis browser limit). */
export const MAX_SEALED_LENGTH = 4096

/** Largest plaintext accepted after decompression. */
const MAX_PLAINTEXT = 64 * 1024
/** Compress only payloads at least this long; shorter ones never shrink. */
const COMPRESS_FROM = 160

const FLAG_JSON = 0
const FLAG_DEFLATE = 1

const SHAPE = /^v1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{23,})$/

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
  /** The AEAD implementation. @default libsodium when installed, else node:crypto */
  readonly aead?: Aead
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
      const json =
        `{"c":${toSeconds(envelope.createdAt)},"i":${toSeconds(envelope.issuedAt)},` +
        `"e":${toSeconds(envelope.expiresAt)},"d":${JSON.stringify(envelope.data)}}`
      const plaintext = frame(json)
      const nonce = randomBytesPooled(NONCE_BYTES)
      const { id, key } = keys.primary
      const sealed = aead.seal(key, nonce, plaintext, additionalData(id))
      return `${SEALED_VERSION}.${id}.${encodeBase64url(nonce)}.${encodeBase64url(sealed)}`
    },

    open(value, now) {
      if (value.length > MAX_SEALED_LENGTH) return failure('malformed')
      const match = SHAPE.exec(value)
      if (match === null) return failure('malformed')
      const [, keyId = '', nonceText = '', bodyText = ''] = match
      const derived = keys.byId(keyId)
      if (derived === undefined) return failure('unknown-key')
      const nonce = decodeBase64url(nonceText)
      const body = decodeBase64url(bodyText)
      if (nonce === undefined || body === undefined || nonce.length !== NONCE_BYTES) {
        return failure('malformed')
      }
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

function frame(json: string): Buffer {
  const raw = Buffer.from(json, 'utf8')
  if (raw.length >= COMPRESS_FROM) {
    const packed = deflateRawSync(raw)
    if (packed.length < raw.length) return Buffer.concat([Buffer.of(FLAG_DEFLATE), packed])
  }
  return Buffer.concat([Buffer.of(FLAG_JSON), raw])
}

function parseEnvelope(plaintext: Buffer): SealedEnvelope | undefined {
  let json: Buffer
  if (plaintext[0] === FLAG_JSON) {
    json = plaintext.subarray(1)
  } else if (plaintext[0] === FLAG_DEFLATE) {
    try {
      json = inflateRawSync(plaintext.subarray(1), { maxOutputLength: MAX_PLAINTEXT })
    } catch {
      return undefined
    }
  } else {
    return undefined
  }
  const parsed = parseSafeJson(json.toString('utf8'))
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  const { c, i, e, d } = parsed as Record<string, unknown>
  if (!isSeconds(c) || !isSeconds(i) || !isSeconds(e) || i < c || e < i) return undefined
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return undefined
  return { data: d as Record<string, unknown>, createdAt: c * 1000, issuedAt: i * 1000, expiresAt: e * 1000 }
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function toSeconds(ms: number): number {
  return Math.floor(ms / 1000)
}

function failure(reason: OpenFailure): OpenResult {
  return { ok: false, reason }
}
