/**
 * Flask session cookies, byte for byte: read the cookies a Flask app writes and write cookies a
 * Flask app reads.
 *
 * ```ts
 * import { decodeFlaskCookie, encodeFlaskCookie } from 'tessera-session/codec/flask'
 * ```
 *
 * The format is Flask's default `SecureCookieSessionInterface`: itsdangerous
 * `URLSafeTimedSerializer` (salt `cookie-session`, HMAC-SHA1 key derivation and signature), with
 * Flask's tagged JSON inside (`docs/flask-format.md`). An uncompressed cookie is identical to the one
 * Flask writes for the same session, secret and second.
 *
 * > [!WARNING]
 * > Flask cookies are **signed, not encrypted**: anyone holding the cookie can base64-decode it
 * > and read every value in the session. The signature only stops changes. Keep secrets out of a
 * > Flask-format session, or use tessera's default sealed cookies.
 *
 * @module
 */
import { ConfigError, DecodeError } from '../../errors.js'
import {
  decodePayload,
  encodePayload,
  timestampSigner,
  type FlaskSecret,
  type SignerOptions,
  type TimestampSigner,
} from './itsdangerous.js'
import { parsePythonJson } from './python-json-parser.js'
import { dumpPythonJson } from './python-json.js'
import { tagFlaskValue, untagFlaskValue } from './tagged-json.js'
import type { FlaskValue } from './tagged-types.js'

export { FlaskTuple, FlaskUUID, Markup, type FlaskObject, type FlaskValue } from './tagged-types.js'
export { tagFlaskValue, untagFlaskValue } from './tagged-json.js'
export { formatHttpDate, parseHttpDate } from './http-date.js'
export {
  PythonFloat,
  compareCodePoints,
  dumpPythonJson,
  pythonFloatRepr,
  pythonStringLiteral,
  type PythonJson,
} from './python-json.js'
export { parsePythonJson, type ParsePythonJsonOptions } from './python-json-parser.js'
export {
  MAX_SIGNED_LENGTH,
  decodePayload,
  decodeTimestamp,
  encodePayload,
  encodeTimestamp,
  timestampSigner,
  type FlaskSecret,
  type KeyDerivation,
  type SignerDigest,
  type SignerOptions,
  type TimestampSigner,
  type UnsignedValue,
} from './itsdangerous.js'
export {
  FLASK_SESSION_KEYS,
  flaskLoginIdentifier,
  fromFlaskSession,
  toFlaskSession,
  type FlaskFlash,
  type FlaskLoginClient,
  type FlaskSessionParts,
} from './session-data.js'

/** Flask's default `PERMANENT_SESSION_LIFETIME`: 31 days, in seconds. */
export const FLASK_DEFAULT_MAX_AGE: number = 31 * 24 * 60 * 60

/** The current time in milliseconds, or a clock returning it. */
export type FlaskNow = number | (() => number)

/** Settings of a Flask cookie codec. Everything but `secret` defaults to Flask's behaviour. */
export interface FlaskCodecOptions extends SignerOptions {
  /**
   * Flask's `SECRET_KEY`, or `[SECRET_KEY, ...SECRET_KEY_FALLBACKS]`: the first signs, all verify.
   * Note the order is tessera's (newest first); Flask lists fallbacks separately.
   */
  secret: FlaskSecret | readonly FlaskSecret[]
  /**
   * Largest accepted age in seconds (Flask's `PERMANENT_SESSION_LIFETIME`, applied to every
   * session, permanent or not). An age equal to it still passes. `Infinity` turns the check off.
   * @default 2678400 (31 days)
   */
  maxAge?: number
  /**
   * Compress with zlib when that saves at least 2 bytes, as itsdangerous does.
   * @default true
   */
  compress?: boolean
  /**
   * How decoded floats with an integral value are represented (see `parsePythonJson`).
   * @default 'exact'
   */
  floats?: 'exact' | 'number'
  /**
   * Largest decoded JSON accepted, in bytes; decompression stops there.
   * @default 262144
   */
  maxPayloadBytes?: number
  /**
   * The clock (milliseconds since the epoch) used when a call gives no `now`.
   * @default Date.now
   */
  now?: FlaskNow
}

/** What a verified cookie holds. */
export interface DecodedFlaskCookie {
  /** The session (for Flask, a dict), with typed values (`FlaskTuple`, `Markup`, `Date`, …). */
  payload: FlaskValue
  /** Signing time in milliseconds (Flask signs in whole seconds). */
  issuedAt: number
  /** Which secret verified it: 0 is the current one; more means re-sign with the current one. */
  keyIndex: number
}

/** A codec with its options resolved and keys derived once. */
export interface FlaskCodec {
  /** Sign `value` as Flask would at `now`. @throws SessionValueError for values Flask cannot carry. */
  encode(value: FlaskValue, options?: { now?: FlaskNow }): string
  /**
   * Verify and read a cookie value.
   * @throws DecodeError `malformed`, `tampered`, `expired` or `future`; never another error.
   */
  decode(cookie: string, options?: { now?: FlaskNow; maxAge?: number }): DecodedFlaskCookie
}

const DEFAULT_MAX_PAYLOAD = 256 * 1024

/**
 * Create a Flask cookie codec. Resolve it once at start-up and reuse it per request.
 *
 * @example
 * ```ts
 * const codec = createFlaskCodec({ secret: [process.env.SECRET_KEY!, process.env.OLD_SECRET_KEY!] })
 * const { payload, keyIndex } = codec.decode(cookieValue)
 * const fresh = codec.encode({ ...(payload as object), visits: 1 })
 * ```
 * @throws ConfigError for an empty secret or an invalid `maxAge` / `maxPayloadBytes`.
 */
export function createFlaskCodec(options: FlaskCodecOptions): FlaskCodec {
  const signer: TimestampSigner = timestampSigner(options.secret, options)
  const defaultMaxAge = checkMaxAge(options.maxAge ?? FLASK_DEFAULT_MAX_AGE)
  const maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD
  if (!Number.isSafeInteger(maxPayload) || maxPayload < 2) {
    throw new ConfigError('maxPayloadBytes must be a whole number of bytes of at least 2.')
  }
  const compress = options.compress ?? true
  const floats = options.floats ?? 'exact'
  const clock = options.now ?? Date.now
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

  return {
    encode(value, call = {}) {
      const json = Buffer.from(dumpPythonJson(tagFlaskValue(value)), 'latin1') // pure ASCII
      return signer.sign(encodePayload(json, compress), seconds(call.now ?? clock))
    },
    decode(cookie, call = {}) {
      if (typeof cookie !== 'string') throw new DecodeError('malformed')
      const maxAge = call.maxAge === undefined ? defaultMaxAge : checkMaxAge(call.maxAge)
      // Signature and age first; nothing of the payload is decoded before that (CL-18).
      const { payload, timestamp, keyIndex } = signer.unsign(
        cookie,
        seconds(call.now ?? clock),
        maxAge,
      )
      try {
        const text = utf8.decode(decodePayload(payload, maxPayload))
        const value = untagFlaskValue(parsePythonJson(text, { floats }))
        return { payload: value, issuedAt: timestamp * 1000, keyIndex }
      } catch (err) {
        if (err instanceof DecodeError) throw err
        throw new DecodeError('malformed', 'The cookie payload is not valid tagged JSON.')
      }
    },
  }
}

/**
 * Sign a value as a Flask session cookie.
 *
 * @example
 * ```ts
 * const cookie = encodeFlaskCookie({ user_id: 42 }, { secret: 'dev', now: 1_700_000_000_000 })
 * // 'eyJ1c2VyX2lkIjo0Mn0.ZVPxAA.hjhtQRGPO7UK57j5dSOtrXVGqbs', as Flask writes it
 * ```
 * @throws ConfigError for an empty secret; SessionValueError for values Flask cannot carry.
 */
export function encodeFlaskCookie(value: FlaskValue, options: FlaskCodecOptions): string {
  return createFlaskCodec(options).encode(value)
}

/**
 * Verify and read a Flask session cookie value.
 *
 * @example
 * ```ts
 * try {
 *   const { payload, issuedAt } = decodeFlaskCookie(value, { secret: ['new key', 'old key'] })
 * } catch (err) {
 *   if (err instanceof DecodeError) console.log(err.reason) // 'tampered', 'expired', …
 * }
 * ```
 * @throws DecodeError `malformed`, `tampered`, `expired` or `future`; ConfigError for an empty
 *   secret or invalid options.
 */
export function decodeFlaskCookie(cookie: string, options: FlaskCodecOptions): DecodedFlaskCookie {
  return createFlaskCodec(options).decode(cookie)
}

function seconds(now: FlaskNow): number {
  const ms = typeof now === 'function' ? now() : now
  if (!Number.isFinite(ms) || ms < 0) throw new ConfigError('now must be a time in milliseconds.')
  return Math.floor(ms / 1000)
}

function checkMaxAge(maxAge: number): number {
  if (!(maxAge >= 0) || (!Number.isSafeInteger(maxAge) && maxAge !== Infinity)) {
    throw new ConfigError('maxAge must be a whole number of seconds (or Infinity).')
  }
  return maxAge
}
