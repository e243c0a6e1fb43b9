/**
 * Turning tessera's own Set-Cookie values back into the name, value and options that Next's
 * `cookies().set()` takes. Only our own output is parsed (the `cookie` package's serializer), so
 * the grammar is small: `name=value` then `; Attribute` or `; Attribute=value` pairs.
 *
 * @module
 */

/** The options of Next's `cookies().set(name, value, options)` that tessera uses. */
export interface NextCookieOptions {
  maxAge?: number
  expires?: Date
  path?: string
  domain?: string
  secure?: boolean
  httpOnly?: boolean
  sameSite?: 'lax' | 'strict' | 'none'
  partitioned?: boolean
  priority?: 'low' | 'medium' | 'high'
}

/** One Set-Cookie value, parsed. */
export interface ParsedSetCookie {
  readonly name: string
  /** The decoded value (Next encodes it again when it serializes the cookie). */
  readonly value: string
  readonly options: NextCookieOptions
}

const SAME_SITE = new Set(['lax', 'strict', 'none'])
const PRIORITY = new Set(['low', 'medium', 'high'])

/** Parse one of tessera's Set-Cookie values; throws `TypeError` on anything else. */
export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...attributes] = header.split(';')
  const eq = pair.indexOf('=')
  if (eq <= 0) throw new TypeError('Not a Set-Cookie value.')
  const name = pair.slice(0, eq).trim()
  const value = decodeURIComponent(pair.slice(eq + 1).trim())
  const options: NextCookieOptions = {}
  for (const attribute of attributes) {
    const at = attribute.indexOf('=')
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase()
    const raw = at === -1 ? '' : attribute.slice(at + 1).trim()
    switch (key) {
      case 'max-age':
        options.maxAge = Number(raw)
        break
      case 'expires':
        options.expires = new Date(raw)
        break
      case 'path':
        options.path = raw
        break
      case 'domain':
        options.domain = raw
        break
      case 'secure':
        options.secure = true
        break
      case 'httponly':
        options.httpOnly = true
        break
      case 'partitioned':
        options.partitioned = true
        break
      case 'samesite': {
        const sameSite = raw.toLowerCase()
        if (SAME_SITE.has(sameSite)) options.sameSite = sameSite as 'lax' | 'strict' | 'none'
        break
      }
      case 'priority': {
        const priority = raw.toLowerCase()
        if (PRIORITY.has(priority)) options.priority = priority as 'low' | 'medium' | 'high'
        break
      }
      default:
        break
    }
  }
  checkPrefix(name, options)
  return { name, value, options }
}

/**
 * The cookie-name prefixes' rules (RFC 6265bis §4.1.3): `__Secure-` needs Secure; `__Host-` needs
 * Secure, `Path=/` and no Domain. Browsers drop a cookie that breaks them, so breaking them here
 * is a bug in tessera, reported at once instead of a session that silently never sticks.
 */
function checkPrefix(name: string, options: NextCookieOptions): void {
  const lower = name.toLowerCase()
  if (lower.startsWith('__secure-') && options.secure !== true) {
    throw new TypeError(`${name} must be Secure.`)
  }
  if (
    lower.startsWith('__host-') &&
    (options.secure !== true || options.path !== '/' || options.domain !== undefined)
  ) {
    throw new TypeError(`${name} must be Secure, with Path=/ and no Domain.`)
  }
}
