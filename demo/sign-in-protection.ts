/**
 * What protects sign-in beyond the login throttle (issue 11, defects 4 and 5):
 *
 * - **Known devices.** After a successful login (or sign-up) the browser gets a `device` cookie:
 *   a random id bound to the username by an HMAC under a key derived from the app secret. A login
 *   that presents a valid one for the username it submits is not held by the per-account lock,
 *   so an attacker who fails 100 times from 20 IPs cannot lock the owner out of the devices they
 *   already use (OWASP's "device cookies"). The attacker cannot mint one without the password;
 *   a stolen one still needs the password, and loses its privilege after 10 failures of its own.
 * - **Sign-up per IP.** Sign-ups that pass the form checks are counted per IP group before any
 *   password hashing or username lookup: 20, each less than an hour after the previous one.
 *
 * @module
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { createRateLimit, type RateLimit, type ThrottleStore } from 'tessera-session/auth'

/** The cookie that marks a browser as one the account has signed in from. */
export const DEVICE_COOKIE = 'device'
/** How long a device is remembered: 180 days. */
const DEVICE_LIFETIME_S = 180 * 24 * 3600
const VERSION = 'v1'

/** Known-device cookies, bound to a username. */
export interface KnownDevices {
  /** The device id of this request's cookie when it was issued for `username`, else `undefined`. */
  of(c: Context, username: string): string | undefined
  /** After a successful login of `username`: keep its valid cookie, or issue one. */
  remember(c: Context, username: string): void
}

/** The demo's sign-in protections, built once in `createApp`. */
export interface SignInProtection {
  readonly devices: KnownDevices
  /** Sign-up attempts per IP group (RATE_LIMIT_DEFAULTS: 20 per sliding hour). */
  readonly signups: RateLimit
}

/** Build them from the app secret (the first one seals) and the throttle store. */
export function createSignInProtection(options: {
  secret: string | readonly string[]
  store: ThrottleStore
  now: () => number
  trustProxy: boolean
}): SignInProtection {
  const secret = typeof options.secret === 'string' ? options.secret : (options.secret[0] ?? '')
  const key = Buffer.from(hkdfSync('sha256', secret, 'tessera-demo', 'known-device cookie', 32))
  const mac = (id: string, username: string) =>
    createHmac('sha256', key).update(`${VERSION}.${id}.${username}`).digest('base64url')

  const of = (c: Context, username: string): string | undefined => {
    const value = getCookie(c, DEVICE_COOKIE)
    if (value === undefined || value.length > 128) return undefined
    const [version, id, tag, ...rest] = value.split('.')
    if (version !== VERSION || id === undefined || tag === undefined || rest.length > 0) {
      return undefined
    }
    const expected = Buffer.from(mac(id, username))
    const given = Buffer.from(tag)
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined
  }

  const devices: KnownDevices = {
    of,
    remember(c, username) {
      if (of(c, username) !== undefined) return
      const id = randomBytes(16).toString('base64url')
      setCookie(c, DEVICE_COOKIE, `${VERSION}.${id}.${mac(id, username)}`, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        maxAge: DEVICE_LIFETIME_S,
        secure: isHttps(c, options.trustProxy),
      })
    },
  }
  const signups = createRateLimit({
    store: options.store,
    now: options.now,
    keyPrefix: 'demo:signup:',
  })
  return { devices, signups }
}

function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') {
    return true
  }
  return new URL(c.req.url).protocol === 'https:'
}
