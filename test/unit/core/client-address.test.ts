import { describe, expect, it } from 'vitest'
import { clientAddress } from '../../../src/core/http.js'

describe('clientAddress (trusted-proxy rule)', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9', false)).toBe('10.0.0.1')
    expect(clientAddress('10.0.0.1', '203.0.113.9', 0)).toBe('10.0.0.1')
  })

  it('with one trusted proxy takes the right-most hop, not the client-chosen left-most one', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    expect(clientAddress('10.0.0.1', '1.2.3.4, 203.0.113.9', true)).toBe('203.0.113.9')
    expect(clientAddress('10.0.0.1', '1.2.3.4, 203.0.113.9', 1)).toBe('203.0.113.9')
  })

  it('counts trusted hops from the right', () => {
    expect(clientAddress('10.0.0.1', 'forged, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9')
    expect(clientAddress('10.0.0.1', '203.0.113.9, 10.0.0.2', 5)).toBe('203.0.113.9')
  })

  it('walks leftwards while a function trusts the address', () => {
    const ours = (address: string): boolean => address.startsWith('10.')
    expect(clientAddress('10.0.0.1', 'forged, 203.0.113.9, 10.0.0.2', ours)).toBe('203.0.113.9')
    expect(clientAddress('198.51.100.7', 'forged', ours)).toBe('198.51.100.7')
  })

  it('joins repeated headers and skips empty entries', () => {
    expect(clientAddress('10.0.0.1', ['1.2.3.4', ' 203.0.113.9 ,'], 1)).toBe('203.0.113.9')
    expect(clientAddress('10.0.0.1', undefined, true)).toBe('10.0.0.1')
    expect(clientAddress('10.0.0.1', ' , ', true)).toBe('10.0.0.1')
  })
})
