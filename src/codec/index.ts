/**
 * Cookie codecs as plain functions, for tools and tests: seal and open tessera's sealed cookies
 * outside a request (the CLI's `encode` and `decode` use these).
 *
 * ```ts
 * import { sealCookie, openSealedCookie } from 'tessera-session/codec'
 * const value = sealCookie({ name: 'alice' }, { secret })
 * openSealedCookie(value, { secret }).data // { name: 'alice' }
 * ```
 *
 * @module
 */
import { DecodeError } from '../errors.js'
import { createKeyRing, type Secret } from './keyring.js'
import { createSealedCodec } from './sealed-codec.js'

/** The cookie name a value is bound to when none is given: the default session cookie. */
export const DEFAULT_COOKIE_NAME = '__Host-session'

/** Options shared by `sealCookie` and `openSealedCookie`. */
export interface SealedCookieOptions {
  /** The secret, or `[current, ...older]`. */
  secret: Secret | readonly Secret[]
  /** The cookie name the value is bound to. @default '__Host-session' */
  cookieName?: string
  /** The time to judge or stamp with, in ms. @default Date.now() */
  now?: number
}

/** An opened sealed cookie. */
export interface OpenedCookie {
  readonly data: Record<string, unknown>
  /** When it was sealed (ms). */
  readonly issuedAt: number
  /** When the session began (ms). */
  readonly createdAt: number
  /** When it stops being accepted (ms). */
  readonly expiresAt: number
}

/**
 * Open a sealed cookie value.
 *
 * @throws DecodeError with `reason` `malformed`, `tampered`, `unknown-key`, `expired` or `future`.
 */
export function openSealedCookie(value: string, options: SealedCookieOptions): OpenedCookie {
  const ring = createKeyRing(options.secret)
  const codec = createSealedCodec({
    keys: ring.keys('session'),
    cookieName: options.cookieName ?? DEFAULT_COOKIE_NAME,
  })
  const result = codec.open(value, options.now ?? Date.now())
  if (!result.ok) throw new DecodeError(result.reason)
  const { envelope } = result
  return {
    data: { ...envelope.data },
    issuedAt: envelope.issuedAt,
    createdAt: envelope.createdAt,
    expiresAt: envelope.expiresAt,
  }
}

/**
 * Seal session data into a cookie value that a tessera app with the same secret and cookie name
 * opens.
 *
 * @param maxAge seconds until it expires. @default 1800 (the default idle timeout)
 */
export function sealCookie(
  data: Record<string, unknown>,
  options: SealedCookieOptions & { maxAge?: number },
): string {
  const ring = createKeyRing(options.secret)
  const codec = createSealedCodec({
    keys: ring.keys('session'),
    cookieName: options.cookieName ?? DEFAULT_COOKIE_NAME,
  })
  const now = options.now ?? Date.now()
  return codec.seal({
    data,
    createdAt: now,
    issuedAt: now,
    expiresAt: now + (options.maxAge ?? 1800) * 1000,
  })
}

export { createKeyRing, createSealedCodec }
export type { KeyRing, KeyPurpose, PurposeKeys, Secret } from './keyring.js'
export type { SealedCodec, SealedEnvelope, OpenResult, OpenFailure } from './sealed-codec.js'
