import { describe, expect, it, vi } from 'vitest'
import {
  EMPTY_COMMIT,
  clientAddress,
  hostName,
  isHttpsUrl,
  isLoopbackHost,
  pathOf,
  peerIsTrusted,
  queryOf,
  transport,
  urlHost,
} from '../../../src/core/http.js'

describe('EMPTY_COMMIT', () => {
  it('adds no cookie and no Vary, and cannot be changed', () => {
    expect(EMPTY_COMMIT).toEqual({ cookies: [], vary: false })
    expect(Object.isFrozen(EMPTY_COMMIT)).toBe(true)
    expect(Object.isFrozen(EMPTY_COMMIT.cookies)).toBe(true)
  })
})

describe('isLoopbackHost', () => {
  it('knows localhost and its subdomains, in any case', () => {
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('LocalHost')).toBe(true)
    expect(isLoopbackHost('app.localhost')).toBe(true)
  })

  it('knows all of 127.0.0.0/8 and ::1 with or without brackets', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('127.10.20.30')).toBe(true)
    expect(isLoopbackHost('::1')).toBe(true)
    expect(isLoopbackHost('[::1]')).toBe(true)
  })

  it('does not take look-alike public names or addresses for loopback', () => {
    expect(isLoopbackHost(undefined)).toBe(false)
    expect(isLoopbackHost('localhost.example.com')).toBe(false)
    expect(isLoopbackHost('notlocalhost')).toBe(false)
    expect(isLoopbackHost('127.0.0.1.example.com')).toBe(false)
    expect(isLoopbackHost('x127.0.0.1')).toBe(false)
    expect(isLoopbackHost('127.0.0.1000')).toBe(false)
    expect(isLoopbackHost('128.0.0.1')).toBe(false)
    expect(isLoopbackHost('::2')).toBe(false)
  })
})

describe('hostName', () => {
  it('drops the port and lower-cases', () => {
    expect(hostName('Example.COM:8080')).toBe('example.com')
    expect(hostName('example.com')).toBe('example.com')
  })

  it('keeps the brackets of an IPv6 literal and drops what follows them', () => {
    expect(hostName('[::1]:3000')).toBe('[::1]')
    expect(hostName('[FE80::1]')).toBe('[fe80::1]')
    expect(hostName('[::1')).toBe('[::1')
  })

  it('has no host for a missing or empty header', () => {
    expect(hostName(undefined)).toBeUndefined()
    expect(hostName('')).toBeUndefined()
  })

  it('answers each header for itself when headers alternate (it remembers only the last one)', () => {
    const headers = ['A.example:1', 'b.example', 'A.example:1', '', 'a.example', undefined]
    const names = ['a.example', 'b.example', 'a.example', undefined, 'a.example', undefined]
    for (let round = 0; round < 2; round++) {
      headers.forEach((header, i) => expect(hostName(header), String(header)).toBe(names[i]))
    }
  })
})

describe('peerIsTrusted', () => {
  it('trusts a peer for true or a positive count, never for false or 0', () => {
    expect(peerIsTrusted('10.0.0.1', true)).toBe(true)
    expect(peerIsTrusted('10.0.0.1', 2)).toBe(true)
    expect(peerIsTrusted('10.0.0.1', false)).toBe(false)
    expect(peerIsTrusted('10.0.0.1', 0)).toBe(false)
  })

  it('asks a predicate about the peer, and trusts no unknown peer', () => {
    const ours = vi.fn((address: string) => address === '10.0.0.1')
    expect(peerIsTrusted('10.0.0.1', ours)).toBe(true)
    expect(peerIsTrusted('10.0.0.2', ours)).toBe(false)
    expect(peerIsTrusted(undefined, ours)).toBe(false)
    expect(ours).toHaveBeenCalledTimes(2)
  })
})

describe('clientAddress with an unknown socket address', () => {
  it('does not ask the predicate about undefined, and believes no hop', () => {
    const ours = vi.fn(() => true)
    expect(clientAddress(undefined, '203.0.113.9', ours)).toBeUndefined()
    expect(ours).not.toHaveBeenCalled()
  })

  it('stops at the first address the predicate does not trust', () => {
    const ours = (address: string): boolean => address.startsWith('10.')
    expect(clientAddress('10.0.0.1', '10.0.0.9, 198.51.100.1, 10.0.0.2', ours)).toBe('198.51.100.1')
  })
})

describe('transport', () => {
  const proxy = { address: '10.0.0.1', tls: false }

  it('ignores X-Forwarded-* from an untrusted peer', () => {
    expect(transport(false, proxy, { for: '203.0.113.9', proto: 'https' })).toEqual({
      ip: '10.0.0.1',
      encrypted: false,
    })
    expect(transport(() => false, proxy, { for: '203.0.113.9', proto: 'https' })).toEqual({
      ip: '10.0.0.1',
      encrypted: false,
    })
  })

  it("believes a trusted peer's X-Forwarded-Proto: https, in any case", () => {
    expect(transport(true, proxy, { for: '203.0.113.9', proto: 'https' })).toEqual({
      ip: '203.0.113.9',
      encrypted: true,
    })
    expect(transport(true, proxy, { for: undefined, proto: ' HTTPS ' }).encrypted).toBe(true)
  })

  it('reads only the first protocol of a list or of repeated headers', () => {
    expect(transport(true, proxy, { for: undefined, proto: 'https, http' }).encrypted).toBe(true)
    expect(transport(true, proxy, { for: undefined, proto: 'http, https' }).encrypted).toBe(false)
    expect(transport(true, proxy, { for: undefined, proto: ['https', 'http'] }).encrypted).toBe(
      true,
    )
    expect(transport(true, proxy, { for: undefined, proto: ['http', 'https'] }).encrypted).toBe(
      false,
    )
  })

  it('keeps a TLS socket encrypted whatever the proxy says, and a plain one plain without a header', () => {
    const tls = { address: '10.0.0.1', tls: true }
    expect(transport(true, tls, { for: undefined, proto: 'http' }).encrypted).toBe(true)
    expect(transport(true, proxy, { for: undefined, proto: undefined })).toEqual({
      ip: '10.0.0.1',
      encrypted: false,
    })
    expect(transport(false, tls, { for: undefined, proto: undefined }).encrypted).toBe(true)
  })
})

describe('pathOf, queryOf and urlHost (the request target, read without new URL())', () => {
  const urls = [
    'https://app.example.com/account?tab=2',
    'http://127.0.0.1:3000/',
    'http://[::1]:8080/a/b/?x=1&y=%2F',
    'https://user:pw@app.example.com:8443/p?q#frag',
    'http://app.example.com?only=query',
    'http://app.example.com',
  ]

  it('agrees with the URL parser for absolute URLs as a Request holds them', () => {
    for (const raw of urls) {
      const url = new URL(raw)
      const serialized = url.href
      expect(pathOf(serialized)).toBe(url.pathname)
      expect(queryOf(serialized)).toBe(url.search)
      expect(urlHost(serialized)).toBe(url.host)
    }
  })

  it('splits an origin-form target (node:http’s req.url) at its first ?', () => {
    expect(pathOf('/admin/users?tab=2&next=/x?y')).toBe('/admin/users')
    expect(queryOf('/admin/users?tab=2&next=/x?y')).toBe('?tab=2&next=/x?y')
    expect(pathOf('/')).toBe('/')
    expect(queryOf('/')).toBe('')
    expect(queryOf('/a?')).toBe('?')
  })

  it('gives / and no query for a target that is neither (OPTIONS *, CONNECT host:port)', () => {
    expect(pathOf('*')).toBe('/')
    expect(queryOf('*')).toBe('')
    expect(pathOf('app.example.com:443')).toBe('/')
  })

  it('knows an https: URL by its scheme', () => {
    expect(isHttpsUrl('https://app.example.com/')).toBe(true)
    expect(isHttpsUrl('http://app.example.com/')).toBe(false)
  })
})
