import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'

import {
  createCsrfToken,
  createLoginCsrf,
  loginCsrfToken,
  maskCsrfToken,
  verifyCsrfToken,
  verifyLoginCsrf,
} from '../../src/auth/csrf.js'
import {
  checkRequestOrigin,
  createOriginCheck,
  type RequestOriginInput,
} from '../../src/auth/request-origin.js'
import { ConfigError } from '../../src/errors.js'

const HOUR = 3_600_000
const T0 = Date.UTC(2030, 0, 1)
const key = new Uint8Array(randomBytes(32))

/** Asserts that `fn` throws a ConfigError with exactly `message`. */
function expectConfigError(fn: () => unknown, message: string): void {
  expect(fn).toThrow(ConfigError)
  expect(fn).toThrow(new ConfigError(message))
}

describe('synchronizer tokens', () => {
  it('CL-52 carries 256 bits: 100 000 secrets are distinct 43-character base64url strings', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 100_000; i += 1) seen.add(createCsrfToken())
    expect(seen.size).toBe(100_000)
    for (const secret of [...seen].slice(0, 100)) {
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32)
    }
  })

  it('CL-52 masks per response (BREACH): two renders differ and both verify', () => {
    const secret = createCsrfToken()
    const a = maskCsrfToken(secret)
    const b = maskCsrfToken(secret)
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[A-Za-z0-9_-]{86}$/)
    expect(a).not.toContain(secret)
    expect(verifyCsrfToken(secret, a)).toBe(true)
    expect(verifyCsrfToken(secret, b)).toBe(true)
  })

  it('CL-49 refuses a missing, empty, malformed or non-string token', () => {
    const secret = createCsrfToken()
    const good = maskCsrfToken(secret)
    for (const bad of [undefined, null, '', 'x', good.slice(1), `${good}A`, [good], 42, {}]) {
      expect(verifyCsrfToken(secret, bad), JSON.stringify(bad)).toBe(false)
    }
    expect(
      verifyCsrfToken(
        secret,
        good.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBe(false)
    expect(verifyCsrfToken(undefined, good)).toBe(false)
    expect(verifyCsrfToken('not-a-secret', good)).toBe(false)
  })

  it("CL-49 refuses bob's token with alice's session, and the bare secret", () => {
    const [alice, bob] = [createCsrfToken(), createCsrfToken()]
    expect(verifyCsrfToken(alice, maskCsrfToken(bob))).toBe(false)
    expect(verifyCsrfToken(alice, alice)).toBe(false)
  })

  it('CL-52 refuses the old token once the secret rotates (login, re-auth)', () => {
    const before = createCsrfToken()
    const token = maskCsrfToken(before)
    const after = createCsrfToken()
    expect(verifyCsrfToken(after, token)).toBe(false)
    expect(verifyCsrfToken(after, maskCsrfToken(after))).toBe(true)
  })

  it('refuses to mask something that is not a 32-byte secret', () => {
    for (const bad of ['short', 'A'.repeat(22), 'A'.repeat(44)]) {
      expectConfigError(() => maskCsrfToken(bad), 'Not a CSRF secret made by createCsrfToken().')
    }
  })
})

describe('login-form (pre-session) tokens', () => {
  it('CL-51 verifies a pair issued for the login form, with nothing stored', () => {
    const { cookie, token, expiresAt } = createLoginCsrf(key, T0)
    expect(cookie).toMatch(/^v1\.[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}$/)
    expect(cookie.length).toBeLessThan(100)
    expect(expiresAt).toBeGreaterThan(T0 + HOUR - 1000)
    expect(expiresAt).toBeLessThanOrEqual(T0 + HOUR)
    expect(verifyLoginCsrf(key, cookie, token, T0 + 1000)).toBe(true)
  })

  it('CL-51 expires after 1 hour (configurable between 15 min and 2 h)', () => {
    const { cookie, token, expiresAt } = createLoginCsrf(key, T0)
    expect(verifyLoginCsrf(key, cookie, token, expiresAt - 1)).toBe(true)
    expect(verifyLoginCsrf(key, cookie, token, expiresAt)).toBe(false)
    const short = createLoginCsrf(key, T0, { ttlMs: 15 * 60_000 })
    expect(verifyLoginCsrf(key, short.cookie, short.token, T0 + 15 * 60_000)).toBe(false)
    for (const ttlMs of [3 * HOUR, 2 * HOUR + 1, 15 * 60_000 - 1, 60_000, 1.5 * HOUR + 0.5]) {
      expectConfigError(
        () => createLoginCsrf(key, T0, { ttlMs }),
        'The login CSRF lifetime must be between 15 minutes and 2 hours.',
      )
    }
    const longest = createLoginCsrf(key, T0, { ttlMs: 2 * HOUR })
    expect(longest.expiresAt).toBe(T0 + 2 * HOUR)
    expect(verifyLoginCsrf(key, longest.cookie, longest.token, T0 + 2 * HOUR - 1)).toBe(true)
  })

  it('CL-51 refuses a cookie that expires more than 2 h (+1 s) from now, as a clock set ahead would issue', () => {
    const { cookie, token } = createLoginCsrf(key, T0, { ttlMs: 2 * HOUR })
    expect(verifyLoginCsrf(key, cookie, token, T0)).toBe(true)
    expect(verifyLoginCsrf(key, cookie, token, T0 - 1000)).toBe(true)
    expect(verifyLoginCsrf(key, cookie, token, T0 - 1001)).toBe(false)
    const ahead = createLoginCsrf(key, T0 + 10 * HOUR)
    expect(verifyLoginCsrf(key, ahead.cookie, ahead.token, T0)).toBe(false)
    expect(loginCsrfToken(key, ahead.cookie, T0)).toBeUndefined()
  })

  it('CL-53 reads a cookie expiry of at most 12 digits', () => {
    // 10^14 ms gives a 12-digit expiry in seconds, 10^15 ms a 13-digit one.
    const twelve = createLoginCsrf(key, 1e14)
    expect(twelve.cookie.split('.')[2]).toHaveLength(12)
    expect(verifyLoginCsrf(key, twelve.cookie, twelve.token, 1e14)).toBe(true)
    const thirteen = createLoginCsrf(key, 1e15)
    expect(thirteen.cookie.split('.')[2]).toHaveLength(13)
    expect(verifyLoginCsrf(key, thirteen.cookie, thirteen.token, 1e15)).toBe(false)
  })

  it('CL-53 refuses a cookie signed with the key whose nonce is not 16 bytes', () => {
    // What a leaked key or a future format could produce: the MAC alone does not make it valid.
    const signed = (nonceBytes: number) => {
      const body = `v1.${randomBytes(nonceBytes).toString('base64url')}.${(T0 + HOUR) / 1000}`
      const mac = createHmac('sha256', key)
        .update(`tessera/login-csrf/cookie\0${body}`)
        .digest('base64url')
      return `${body}.${mac}`
    }
    expect(loginCsrfToken(key, signed(16), T0)).toMatch(/^[A-Za-z0-9_-]{86}$/)
    for (const bytes of [0, 1, 15, 17, 32]) {
      expect(loginCsrfToken(key, signed(bytes), T0), String(bytes)).toBeUndefined()
    }
  })

  it('CL-51 refuses a missing or foreign token, and a token with another cookie', () => {
    const one = createLoginCsrf(key, T0)
    const two = createLoginCsrf(key, T0)
    expect(verifyLoginCsrf(key, one.cookie, undefined, T0)).toBe(false)
    expect(verifyLoginCsrf(key, undefined, one.token, T0)).toBe(false)
    expect(verifyLoginCsrf(key, one.cookie, two.token, T0)).toBe(false)
    const otherKey = new Uint8Array(randomBytes(32))
    expect(verifyLoginCsrf(otherKey, one.cookie, one.token, T0)).toBe(false)
  })

  it('CL-53 refuses a cookie and a field set to the same attacker-chosen value', () => {
    const forged = maskCsrfToken(createCsrfToken())
    expect(verifyLoginCsrf(key, forged, forged, T0)).toBe(false)
    const fake = `v1.${'A'.repeat(22)}.${(T0 + HOUR) / 1000}.${'B'.repeat(43)}`
    expect(verifyLoginCsrf(key, fake, forged, T0)).toBe(false)
  })

  it('CL-53 refuses a signed cookie whose expiry or nonce was edited', () => {
    const { cookie, token } = createLoginCsrf(key, T0)
    const [v, nonce, exp, mac] = cookie.split('.') as [string, string, string, string]
    const later = [v, nonce, String(Number(exp) + 3600), mac].join('.')
    const otherNonce = [v, nonce.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), exp, mac].join('.')
    expect(verifyLoginCsrf(key, later, token, T0)).toBe(false)
    expect(verifyLoginCsrf(key, otherNonce, token, T0)).toBe(false)
    expect(verifyLoginCsrf(key, `${cookie}.x`, token, T0)).toBe(false)
    expect(verifyLoginCsrf(key, cookie.replace('v1', 'v2'), token, T0)).toBe(false)
  })

  it('CL-52 re-renders the form with a fresh masked token for the same cookie', () => {
    const { cookie, token } = createLoginCsrf(key, T0)
    const again = loginCsrfToken(key, cookie, T0 + 60_000)
    expect(again).toBeDefined()
    expect(again).not.toBe(token)
    expect(verifyLoginCsrf(key, cookie, again, T0 + 60_000)).toBe(true)
    expect(loginCsrfToken(key, cookie, T0 + 2 * HOUR)).toBeUndefined()
    expect(loginCsrfToken(key, 'garbage', T0)).toBeUndefined()
  })

  it('CL-49 does not accept a pre-login token as the session token after login', () => {
    const { token } = createLoginCsrf(key, T0)
    expect(verifyCsrfToken(createCsrfToken(), token)).toBe(false)
  })

  it('refuses keys shorter than 32 bytes', () => {
    const message = 'The CSRF key must be a Uint8Array of at least 32 bytes.'
    expectConfigError(() => createLoginCsrf(new Uint8Array(16), T0), message)
    expectConfigError(() => createLoginCsrf(new Uint8Array(31), T0), message)
    expectConfigError(() => verifyLoginCsrf(new Uint8Array(0), 'x', 'y', T0), message)
  })
})

describe('checkRequestOrigin', () => {
  const allowedOrigins = ['https://app.example.com']
  const check = createOriginCheck({ allowedOrigins })
  const post = (headers: Omit<RequestOriginInput, 'method'>) =>
    check({ method: 'POST', ...headers })

  it('CL-50 lets safe methods through whatever their headers', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      expect(check({ method, origin: 'https://evil.example', secFetchSite: 'cross-site' })).toEqual(
        {
          ok: true,
        },
      )
    }
  })

  it('CL-54 accepts a same-origin POST, by Origin or, without it, by Referer', () => {
    expect(post({ origin: 'https://app.example.com', secFetchSite: 'same-origin' })).toEqual({
      ok: true,
    })
    expect(post({ origin: 'https://app.example.com' })).toEqual({ ok: true })
    expect(post({ referer: 'https://app.example.com/account?tab=1' })).toEqual({ ok: true })
    expect(post({ origin: 'https://APP.Example.com:443' })).toEqual({ ok: true })
  })

  it('CL-54 refuses Sec-Fetch-Site: cross-site, in any case, even with a valid Origin', () => {
    for (const secFetchSite of ['cross-site', 'Cross-Site', ' CROSS-SITE ']) {
      expect(post({ origin: 'https://app.example.com', secFetchSite })).toEqual({
        ok: false,
        reason: 'cross-site',
      })
    }
    expect(post({ origin: 'https://app.example.com', secFetchSite: 'bogus' })).toMatchObject({
      reason: 'bad-fetch-site',
    })
  })

  it('CL-54 accepts Sec-Fetch-Site: none (typed by the user) from an allowed origin', () => {
    expect(post({ origin: 'https://app.example.com', secFetchSite: 'none' })).toEqual({ ok: true })
    expect(post({ origin: 'https://evil.example', secFetchSite: 'none' })).toEqual({
      ok: false,
      reason: 'origin-mismatch',
    })
  })

  it('CL-54 refuses same-site requests unless configured, and even then checks the origin', () => {
    const sibling = { origin: 'https://admin.example.com', secFetchSite: 'same-site' }
    expect(post(sibling)).toMatchObject({ ok: false, reason: 'same-site' })
    const lenient = createOriginCheck({
      allowedOrigins: [...allowedOrigins, 'https://admin.example.com'],
      allowSameSite: true,
    })
    expect(lenient({ method: 'POST', ...sibling })).toEqual({ ok: true })
    expect(
      lenient({ method: 'POST', origin: 'https://blog.example.com', secFetchSite: 'same-site' }),
    ).toMatchObject({ ok: false, reason: 'origin-mismatch' })
  })

  it('CL-54 refuses foreign, look-alike and null origins', () => {
    for (const origin of [
      'https://evil.example',
      'https://app.example.com.evil.example',
      'http://app.example.com',
      'https://app.example.com:8443',
      'https://app.example.com, https://evil.example',
      'not a url',
    ]) {
      expect(post({ origin }), origin).toMatchObject({ ok: false, reason: 'origin-mismatch' })
    }
    for (const origin of ['null', 'NULL', ' null ']) {
      expect(post({ origin, referer: 'https://app.example.com/' })).toMatchObject({
        reason: 'null-origin',
      })
    }
  })

  it('CL-54 refuses a foreign Referer, and a request with neither Origin nor Referer', () => {
    expect(post({ referer: 'https://evil.example/app.example.com' })).toMatchObject({
      reason: 'referer-mismatch',
    })
    expect(post({ referer: 'javascript:alert(1)' })).toMatchObject({ reason: 'referer-mismatch' })
    expect(post({})).toMatchObject({ ok: false, reason: 'no-origin' })
    expect(post({ origin: '', referer: '  ' })).toMatchObject({ reason: 'no-origin' })
  })

  it('CL-53 exempts nothing for its Content-Type: text/plain, odd case or none', () => {
    for (const contentType of [
      'text/plain',
      'TEXT/PLAIN',
      'Application/X-WWW-Form-Urlencoded',
      'multipart/form-data; boundary=x',
      undefined,
      null,
      '',
    ]) {
      expect(post({ contentType, origin: 'https://evil.example' })).toMatchObject({ ok: false })
      expect(post({ contentType })).toMatchObject({ ok: false, reason: 'no-origin' })
      expect(post({ contentType, origin: 'https://app.example.com' })).toEqual({ ok: true })
    }
  })

  it('CL-54 can hold an API to its own media types, refusing simple ones and none', () => {
    const api = createOriginCheck({ allowedOrigins, allowedContentTypes: ['application/json'] })
    const origin = 'https://app.example.com'
    expect(api({ method: 'POST', origin, contentType: 'Application/JSON; charset=utf-8' })).toEqual(
      {
        ok: true,
      },
    )
    expect(
      api({ method: 'POST', origin, contentType: 'application/json ; charset=utf-8' }),
    ).toEqual({ ok: true })
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      expect(api({ method: 'DELETE', origin, contentType })).toMatchObject({
        reason: 'content-type',
      })
    }
  })

  it('CL-54 compares media types without Unicode case mapping: a dotless ı is not an i', () => {
    const api = createOriginCheck({ allowedOrigins, allowedContentTypes: ['application/json'] })
    const origin = 'https://app.example.com'
    expect(api({ method: 'POST', origin, contentType: 'appl\u0131cation/json' })).toEqual({
      ok: false,
      reason: 'content-type',
    })
  })

  it('treats every method but GET, HEAD, OPTIONS and TRACE as unsafe', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post', 'PROPFIND', '']) {
      expect(check({ method, origin: 'https://evil.example' }), method).toMatchObject({ ok: false })
    }
  })

  it('validates the configured origins at creation, never per request', () => {
    expectConfigError(
      () => createOriginCheck({ allowedOrigins: [] }),
      'allowedOrigins must list the app origin(s), e.g. https://example.com.',
    )
    for (const bad of [
      '*',
      'https://app.example.com/path',
      'https://app.example.com?x=1',
      'https://app.example.com#top',
      'ftp://x.example',
      'https://u:p@x.example',
      'https://u@x.example',
      'https://:p@x.example',
    ]) {
      expectConfigError(
        () => createOriginCheck({ allowedOrigins: ['https://ok.example', bad] }),
        `Not an origin: "${bad}" (use scheme://host[:port]).`,
      )
    }
    // Read from a file or an environment variable: any surrounding whitespace is trimmed.
    const padded = createOriginCheck({ allowedOrigins: ['\ufeffhttps://app.example.com\u00a0\n'] })
    expect(padded({ method: 'POST', origin: 'https://app.example.com' })).toEqual({ ok: true })
    expect(
      checkRequestOrigin(
        { method: 'POST', origin: 'https://a.example' },
        { allowedOrigins: ['https://A.example/'] },
      ),
    ).toEqual({ ok: true })
  })
})
