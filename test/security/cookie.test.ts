import { createHash, createHmac } from 'node:crypto'
import { parse } from 'cookie'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defineCookie, readCookie, setCookie } from '../../src/core/cookie.js'
import { createIdSigner } from '../../src/core/store-session.js'
import { createKeyRing } from '../../src/codec/keyring.js'
import { ConfigError, createSessionManager } from '../../src/index.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { storeKey } from '../../src/stores/store-key.js'
import { nodeSha256Into, sha256Into } from '../../src/internal/sha256.js'
import { cookieJar, request } from '../helpers/jar.js'
import { SECRET_A, SECRET_B } from '../helpers/secrets.js'

const ATTRS = {
  path: '/',
  domain: undefined,
  secure: true,
  httpOnly: true,
  sameSite: 'lax',
  partitioned: false,
} as const

describe('cookie parsing and serialization', () => {
  it('CL-13 refuses names, paths and domains that would inject attributes', () => {
    expect(() => defineCookie('a=b; Max-Age=9; x', ATTRS)).toThrow(ConfigError)
    expect(() => defineCookie('sid', { ...ATTRS, path: '/; Domain=evil.example' })).toThrow(
      ConfigError,
    )
    expect(() =>
      defineCookie('sid', { ...ATTRS, secure: false, domain: 'a.example\r\nX: y' }),
    ).toThrow(ConfigError)
    expect(() => defineCookie('s id', ATTRS)).toThrow(ConfigError)
  })

  it('CL-10 enforces the __Host- and __Secure- prefix rules when the options are read', () => {
    expect(() => defineCookie('__Host-sid', { ...ATTRS, secure: false })).toThrow(ConfigError)
    expect(() => defineCookie('__Host-sid', { ...ATTRS, path: '/app' })).toThrow(ConfigError)
    expect(() => defineCookie('__Host-sid', { ...ATTRS, domain: 'example.com' })).toThrow(
      ConfigError,
    )
    expect(() => defineCookie('__Secure-sid', { ...ATTRS, secure: false })).toThrow(ConfigError)
    expect(() => defineCookie('__HOST-sid', ATTRS)).toThrow(ConfigError)
    expect(defineCookie('__Host-sid', ATTRS).name).toBe('__Host-sid')
  })

  it('CL-65 returns nothing for two cookies with our name, whatever their order', () => {
    expect(readCookie('sid=a; sid=b', 'sid')).toBeUndefined()
    expect(readCookie('sid=b; x=1; sid=a', 'sid')).toBeUndefined()
    expect(readCookie('x=1; sid=a', 'sid')).toBe('a')
  })

  it('CL-66 matches the name exactly and case-sensitively', () => {
    for (const header of ['SID=a', 'Sid=a', 'xsid=a', '=sid=a', 'sid2=a', 'asid=a; bsid=b']) {
      expect(readCookie(header, 'sid')).toBeUndefined()
    }
  })

  it('CL-63 never throws on any header (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        const value = readCookie(header, 'session')
        expect(value === undefined || typeof value === 'string').toBe(true)
      }),
      { numRuns: 3000 },
    )
    for (const header of ['session=%E0%A4%A', 'session=%FF%FE', 'session=%00', 'session=\u00c3(']) {
      expect(() => readCookie(header, 'session')).not.toThrow()
    }
  })

  it('reads a value exactly as cookie@1 parses it, without parsing the other cookies (property)', () => {
    const part = fc.constantFrom(
      'session',
      'sessionx',
      'xsession',
      'a',
      ' ',
      '\t',
      '=',
      ';',
      '"',
      'v1.',
      'AB_-',
      '%20',
    )
    const text = fc.array(part, { maxLength: 12 }).map((parts) => parts.join(''))
    fc.assert(
      fc.property(text, (header) => {
        const first = header.indexOf('session=')
        const parsed = parse(header, { decode: (v) => v }).session
        const value = readCookie(header, 'session')
        // Where the name occurs once at the start of a pair, both readers agree; duplicates are
        // refused by readCookie alone (CL-65), so those headers are not compared.
        if (value !== undefined) expect(value).toBe(parsed)
        if (first === -1) expect(value).toBeUndefined()
      }),
      { numRuns: 5000 },
    )
    expect(readCookie('a=1;  session = "v1.x" ; b=2', 'session')).toBeUndefined()
    expect(readCookie('a=1;  session="v1.x" ; b=2', 'session')).toBe('"v1.x"')
    expect(readCookie('session="session"', 'session')).toBe(parse('session="session"').session)
    expect(readCookie('session=\tv1.y\t', 'session')).toBe('v1.y')
    expect(readCookie('session=""', 'session')).toBe('""')
    expect(readCookie('session=   ; a=1', 'session')).toBeUndefined()
  })

  it('CL-64 reads a 16 KiB header of pathological cookies in one pass, finding the first and the last', () => {
    // Unbalanced quotes and runs of backslashes are what make a backtracking parser blow up; the
    // reader scans left to right (its speed is measured in the benchmarks, not asserted here).
    const noise = Array.from({ length: 1000 }, (_, i) => `c${i}="${'\\'.repeat(10)}`)
    const header = ['first=1', ...noise, 'session=v1.last'].join('; ')
    expect(header.length).toBeGreaterThan(16 * 1024)
    expect(readCookie(header, 'session')).toBe('v1.last')
    expect(readCookie(header, 'first')).toBe('1')
    expect(readCookie(header, 'c999')).toBe(`"${'\\'.repeat(10)}`)
    expect(readCookie(header, 'absent')).toBeUndefined()
  })

  it('CL-12 writes values of cookie-octet characters only', () => {
    expect(setCookie(defineCookie('s', ATTRS), 'v1.abc-_')).toMatch(/^s=v1\.abc-_;/)
  })
})

describe('server-side session IDs', () => {
  it('CL-1 mints 256-bit IDs: 1000 sessions, all distinct, 43 base64url characters', async () => {
    const store = memoryStore()
    const manager = createSessionManager({ secret: SECRET_A, store })
    const ids = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const jar = cookieJar()
      await request(manager, jar, (h) => h.session.set('n', i))
      const [id, tag] = jar.cookies.get('session')!.split('.')
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Buffer.from(id!, 'base64url')).toHaveLength(32)
      expect(tag).toMatch(/^[A-Za-z0-9_-]{22}$/)
      ids.add(id!)
    }
    expect(ids.size).toBe(1000)
  })

  it('tags IDs with HMAC-SHA256 (the one-shot fast path equals createHmac)', () => {
    const keys = createKeyRing(SECRET_A).keys('session-id')
    const signer = createIdSigner(keys)
    for (let i = 0; i < 200; i++) {
      const id = Buffer.from(`${i}`.padEnd(32, 'x'))
        .toString('base64url')
        .slice(0, 43)
        .padEnd(43, 'A')
      const expected = createHmac('sha256', keys.primary.key)
        .update(id)
        .digest()
        .subarray(0, 16)
        .toString('base64url')
      expect(signer.sign(id)).toBe(`${id}.${expected}`)
    }
  })

  it('computes the store key and the ID tag with libsodium or node:crypto to the same bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'binary' }), (text) => {
        const input = Buffer.from(text, 'utf8')
        const viaNode = Buffer.alloc(32)
        const viaDefault = Buffer.alloc(32)
        nodeSha256Into(viaNode, input)
        sha256Into(viaDefault, input)
        expect(viaDefault.toString('hex')).toBe(createHash('sha256').update(input).digest('hex'))
        expect(viaNode.equals(viaDefault)).toBe(true)
        expect(storeKey(text)).toBe(createHash('sha256').update(text).digest('base64url'))
      }),
      { numRuns: 500 },
    )
    const keys = createKeyRing(SECRET_A).keys('session-id')
    const signer = createIdSigner(keys)
    for (const id of ['x'.repeat(43), 'é'.repeat(40), 'y'.repeat(300)]) {
      const expected = createHmac('sha256', keys.primary.key).update(id).digest()
      expect(signer.sign(id)).toBe(`${id}.${expected.subarray(0, 16).toString('base64url')}`)
    }
  })

  it('CL-4 keys store records by the SHA-256 of the ID, never the cookie value', async () => {
    const store = memoryStore()
    const manager = createSessionManager({ secret: SECRET_A, store })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    const cookie = jar.cookies.get('session')!
    const id = cookie.split('.')[0]!
    expect(await store.get(storeKey(id))).toBeDefined()
    expect(await store.get(id)).toBeUndefined()
    expect(await store.get(cookie)).toBeUndefined()
    const raw = cookieJar()
    raw.cookies.set('session', storeKey(id))
    expect((await request(manager, raw, (h) => h.session.get('user'))).value).toBeUndefined()
  })

  it('CL-5 refuses forged and re-tagged IDs (property)', () => {
    const signer = createIdSigner(createKeyRing(SECRET_A).keys('session-id'))
    const other = createIdSigner(createKeyRing(SECRET_B).keys('session-id'))
    const valid = signer.sign('A'.repeat(43))
    expect(signer.verify(valid)).toEqual({ id: 'A'.repeat(43), rotated: false })
    expect(signer.verify(other.sign('A'.repeat(43)))).toBeUndefined()
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => {
        if (s !== valid) expect(signer.verify(s)).toBeUndefined()
      }),
      { numRuns: 3000 },
    )
  })

  it('CL-6 anonymous requests with random cookies create no store records', async () => {
    const store = memoryStore()
    const manager = createSessionManager({ secret: SECRET_A, store })
    for (let i = 0; i < 200; i++) {
      const jar = cookieJar()
      jar.cookies.set('session', `${'x'.repeat(43)}.${String(i).padStart(22, '0')}`)
      await request(manager, jar, (h) => h.session.get('user'))
    }
    expect(store.size).toBe(0)
  })
})
