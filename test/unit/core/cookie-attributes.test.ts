import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  MAX_SET_COOKIE_BYTES,
  defineCookie,
  deleteCookie,
  readCookie,
  setCookie,
  type CookieAttributes,
} from '../../../src/core/cookie.js'
import { ConfigError, CookieTooLargeError } from '../../../src/index.js'

const HOST: CookieAttributes = {
  path: '/',
  domain: undefined,
  secure: true,
  httpOnly: true,
  sameSite: 'lax',
  partitioned: false,
}

afterEach(() => {
  vi.useRealTimers()
})

describe('defineCookie: attribute suffix', () => {
  it('writes every attribute that is set, and nothing else', () => {
    expect(defineCookie('__Host-s', HOST).suffix).toBe('; Path=/; HttpOnly; Secure; SameSite=Lax')
    expect(defineCookie('__Host-s', { ...HOST, partitioned: true }).suffix).toBe(
      '; Path=/; HttpOnly; Secure; Partitioned; SameSite=Lax',
    )
    const scoped = defineCookie('__Secure-s', {
      ...HOST,
      path: '/app',
      domain: 'example.com',
      httpOnly: false,
      sameSite: 'strict',
    })
    expect(scoped.suffix).toBe('; Domain=example.com; Path=/app; Secure; SameSite=Strict')
    expect(scoped.name).toBe('__Secure-s')
    expect(defineCookie('s', { ...HOST, secure: false }).suffix).toBe(
      '; Path=/; HttpOnly; SameSite=Lax',
    )
  })
})

describe('defineCookie: prefix and attribute rules', () => {
  it('requires Secure, Path=/ and no Domain for __Host-, each on its own', () => {
    expect(() => defineCookie('__Host-s', { ...HOST, secure: false })).toThrow(ConfigError)
    expect(() => defineCookie('__Host-s', { ...HOST, path: '/app' })).toThrow(ConfigError)
    expect(() => defineCookie('__Host-s', { ...HOST, domain: 'example.com' })).toThrow(ConfigError)
  })

  it('requires Secure for __Secure-, and allows it a Domain and a Path', () => {
    expect(() => defineCookie('__Secure-s', { ...HOST, secure: false })).toThrow(/__Secure-/)
    expect(() =>
      defineCookie('__Secure-s', { ...HOST, path: '/app', domain: 'example.com' }),
    ).not.toThrow()
  })

  it('refuses a prefix spelled in another case', () => {
    expect(() => defineCookie('__host-s', HOST)).toThrow(/not spelled exactly/)
    expect(() => defineCookie('__SECURE-s', HOST)).toThrow(/not spelled exactly/)
    expect(() => defineCookie('host-s', { ...HOST, secure: false })).not.toThrow()
  })

  it('refuses SameSite=None and Partitioned without Secure, allows them with it', () => {
    const plain = { ...HOST, secure: false }
    expect(() => defineCookie('s', { ...plain, sameSite: 'none' })).toThrow(/SameSite=None/)
    expect(() => defineCookie('s', { ...plain, partitioned: true })).toThrow(/Partitioned/)
    expect(defineCookie('s', { ...HOST, sameSite: 'none' }).suffix).toContain('SameSite=None')
  })

  it('says which attributes __Host- needs', () => {
    expect(() => defineCookie('__Host-s', { ...HOST, secure: false })).toThrow(
      'uses the __Host- prefix, which browsers accept only with Secure, Path=/ and no Domain',
    )
  })

  it('checks only a prefix at the start of the name', () => {
    expect(() => defineCookie('x__host-s', { ...HOST, secure: false })).not.toThrow()
    expect(() => defineCookie('__host-s__Host-', HOST)).toThrow(/not spelled exactly/)
  })

  it('wraps an invalid name or attribute in a ConfigError that keeps the cause', () => {
    let error: unknown
    try {
      defineCookie('a b', HOST)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(/^Invalid cookie name or attribute: ./)
    expect((error as Error).cause).toBeInstanceOf(Error)
  })

  it('refuses a comma in the name, which the serializer lets through', () => {
    expect(() => defineCookie('a,b', HOST)).toThrow(/not allowed in a name/)
  })
})

describe('readCookie', () => {
  it('returns nothing for no header, an empty header or an empty value', () => {
    expect(readCookie(undefined, 's')).toBeUndefined()
    expect(readCookie('', 's')).toBeUndefined()
    expect(readCookie('s=', 's')).toBeUndefined()
    expect(readCookie('other=1', 's')).toBeUndefined()
  })

  it('finds the cookie after other pairs, with spaces or tabs before it', () => {
    expect(readCookie('a=1; s=v', 's')).toBe('v')
    expect(readCookie('a=1;\ts=v', 's')).toBe('v')
    expect(readCookie('a=1;s=v', 's')).toBe('v')
    expect(readCookie(' s=v', 's')).toBe('v')
    expect(readCookie('\ts=v', 's')).toBe('v')
  })

  it('returns the value as sent, without percent-decoding it', () => {
    expect(readCookie('s=a%20b', 's')).toBe('a%20b')
  })

  it('does not count a longer name ending in ours, or our name inside a value, as a second copy', () => {
    expect(readCookie('xs=1; s=v', 's')).toBe('v')
    expect(readCookie('a=s=x; s=v', 's')).toBe('v')
    expect(readCookie('s=v; a=s=x', 's')).toBe('v')
  })

  it('returns nothing when the name appears twice, even with a pair in between', () => {
    expect(readCookie('s=a; b=1; s=c', 's')).toBeUndefined()
    expect(readCookie('s=a;s=c', 's')).toBeUndefined()
  })
})

describe('setCookie and deleteCookie', () => {
  const spec = defineCookie('__Host-s', HOST)

  it('writes a browser-session cookie with no Max-Age or Expires', () => {
    expect(setCookie(spec, 'v')).toBe('__Host-s=v; Path=/; HttpOnly; Secure; SameSite=Lax')
  })

  it('writes Max-Age and the matching Expires, Max-Age=0 included', () => {
    expect(setCookie(spec, 'v', 60, 0)).toBe(
      '__Host-s=v; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=60; Expires=Thu, 01 Jan 1970 00:01:00 GMT',
    )
    expect(setCookie(spec, 'v', 0, 0)).toContain(
      '; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    )
  })

  it('dates Expires from the current time when no time is given', () => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.UTC(2026, 11, 3, 8, 0, 0))
    expect(setCookie(spec, 'v', 3_600)).toContain('Expires=Thu, 03 Dec 2026 09:00:00 GMT')
  })

  it('accepts exactly 4096 bytes and refuses 4097, with the size', () => {
    const base = setCookie(spec, '').length
    const fits = 'a'.repeat(MAX_SET_COOKIE_BYTES - base)
    expect(setCookie(spec, fits)).toHaveLength(4096)
    expect(() => setCookie(spec, `${fits}a`)).toThrow(CookieTooLargeError)
    try {
      setCookie(spec, `${fits}a`)
    } catch (err) {
      expect((err as CookieTooLargeError).size).toBe(4097)
    }
  })

  it('deletes with the same name and attributes, Max-Age=0 and a past Expires', () => {
    expect(deleteCookie(spec)).toBe(
      '__Host-s=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    )
  })
})
