/**
 * Cookie parsing and serialization for the session cookie, on top of `cookie@1` (the parser Express
 * uses), with tessera's rules: prefix constraints checked when options are read (CL-10), attribute
 * injection refused (CL-13), exact case-sensitive name matching and "two cookies with our name →
 * none" (CL-65, CL-66), and the 4096-byte limit (CL-15). No request or response objects here.
 *
 * @module
 */
import { serialize } from 'cookie'
import { ConfigError, CookieTooLargeError } from '../errors.js'

/** The largest Set-Cookie header value a browser is guaranteed to keep (RFC 6265bis §5.6). */
export const MAX_SET_COOKIE_BYTES = 4096

/** Cookie attributes of the session cookie. */
export interface CookieAttributes {
  readonly path: string
  readonly domain: string | undefined
  readonly secure: boolean
  readonly httpOnly: boolean
  readonly sameSite: 'lax' | 'strict' | 'none'
  readonly partitioned: boolean
}

/** A resolved cookie: its full name and the attribute suffix, validated once. */
export interface CookieSpec {
  readonly name: string
  readonly attributes: CookieAttributes
  /** `; Path=/; HttpOnly; …`, precomputed. */
  readonly suffix: string
}

const IDENTITY = (value: string): string => value

/**
 * Validate a cookie name and attributes once and precompute the attribute suffix.
 *
 * @throws ConfigError for contradictory or unsafe settings (prefix rules, `SameSite=None` without
 * `Secure`, characters that would inject attributes).
 */
export function defineCookie(name: string, attributes: CookieAttributes): CookieSpec {
  if (name.startsWith('__Host-')) {
    if (!attributes.secure || attributes.path !== '/' || attributes.domain !== undefined) {
      throw new ConfigError(
        `The cookie name "${name}" uses the __Host- prefix, which browsers accept only with ` +
          'Secure, Path=/ and no Domain (RFC 6265bis §4.1.3.2).',
      )
    }
  } else if (name.startsWith('__Secure-') && !attributes.secure) {
    throw new ConfigError(
      `The cookie name "${name}" uses the __Secure- prefix, which needs Secure.`,
    )
  }
  if (/^__(host|secure)-/i.test(name) && !/^__(Host|Secure)-/.test(name)) {
    throw new ConfigError(
      `The cookie name "${name}" looks like a prefix but is not spelled exactly.`,
    )
  }
  if (attributes.sameSite === 'none' && !attributes.secure) {
    throw new ConfigError('SameSite=None needs Secure; browsers drop the cookie otherwise.')
  }
  if (attributes.partitioned && !attributes.secure) {
    throw new ConfigError('Partitioned cookies need Secure.')
  }
  let full: string
  try {
    full = serialize(name, 'x', {
      encode: IDENTITY,
      path: attributes.path,
      ...(attributes.domain === undefined ? {} : { domain: attributes.domain }),
      secure: attributes.secure,
      httpOnly: attributes.httpOnly,
      sameSite: attributes.sameSite,
      partitioned: attributes.partitioned,
    })
  } catch (err) {
    throw new ConfigError(`Invalid cookie name or attribute: ${(err as Error).message}`, {
      cause: err,
    })
  }
  if (/[\s,;=]/.test(name) || name === '') {
    throw new ConfigError(`The cookie name "${name}" contains characters not allowed in a name.`)
  }
  return { name, attributes, suffix: full.slice(name.length + 2) }
}

/**
 * Read our cookie from a Cookie header. Returns `undefined` when it is absent, empty, or present
 * more than once (never pick one of two: CL-65). Names match exactly and case-sensitively.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header === '') return undefined
  const first = indexOfCookie(header, name, 0)
  if (first === -1) return undefined
  if (indexOfCookie(header, name, first + name.length) !== -1) return undefined
  // The value runs to the next `;`, without surrounding blanks, as cookie@1's parser reads it
  // (quotes are kept, as there); taken directly, the other cookies of the header are not parsed.
  let start = first + name.length + 1
  let end = header.indexOf(';', start)
  if (end === -1) end = header.length
  while (start < end && isBlank(header.charCodeAt(start))) start++
  while (end > start && isBlank(header.charCodeAt(end - 1))) end--
  return end === start ? undefined : header.slice(start, end)
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09
}

/** True when the header names the cookie at all (once or more, empty or not). */
export function hasCookie(header: string | undefined, name: string): boolean {
  return header !== undefined && indexOfCookie(header, name, 0) !== -1
}

/** Position of `name=` at the start of a cookie pair, or -1. */
function indexOfCookie(header: string, name: string, from: number): number {
  // The name, then its `=` checked in place: no `name=` string built per call.
  let at = header.indexOf(name, from)
  while (at !== -1) {
    if (header.charCodeAt(at + name.length) === 0x3d) {
      let i = at - 1
      while (i >= 0 && isBlank(header.charCodeAt(i))) i--
      if (i < 0 || header.charCodeAt(i) === 0x3b) return at
    }
    at = header.indexOf(name, at + 1)
  }
  return -1
}

/**
 * A Set-Cookie value for `value`. `maxAge` in seconds makes the cookie persistent (with Expires for
 * old clients); without it the cookie ends with the browser session.
 *
 * @throws CookieTooLargeError over 4096 bytes.
 */
export function setCookie(spec: CookieSpec, value: string, maxAge?: number, now?: number): string {
  let header = `${spec.name}=${value}${spec.suffix}`
  if (maxAge !== undefined) {
    const expires = new Date((now ?? Date.now()) + maxAge * 1000).toUTCString()
    header += `; Max-Age=${maxAge}; Expires=${expires}`
  }
  const size = Buffer.byteLength(header)
  if (size > MAX_SET_COOKIE_BYTES) throw new CookieTooLargeError(size, MAX_SET_COOKIE_BYTES)
  return header
}

/** The Set-Cookie that deletes the cookie: same name and attributes, Max-Age=0, a past Expires (CL-14). */
export function deleteCookie(spec: CookieSpec): string {
  return `${spec.name}=${spec.suffix}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`
}
