/**
 * Defects found by the adversarial review (hardening issue), each named after the defect: these
 * tests fail on the code before the fix.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeNext } from '../../src/auth/guards.js'
import { DecodeError } from '../../src/errors.js'
import { untagFlaskValue } from '../../src/codec/flask/tagged-json.js'

function isSameOriginPath(result: string): boolean {
  if (!result.startsWith('/') || result.startsWith('//') || result.startsWith('/\\')) return false
  return new URL(result, 'http://app.example/').origin === 'http://app.example'
}

describe('defect 1: open redirect through dot segments', () => {
  it.each([
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/%2e%2e//evil.example',
    '/..//evil.example',
  ])('safeNext(%s) never yields a protocol-relative URL', (next) => {
    const result = safeNext(next)
    expect(result.startsWith('//')).toBe(false)
    expect(isSameOriginPath(result)).toBe(true)
  })

  it('keeps ordinary same-site paths', () => {
    expect(safeNext('/sessions?tab=1')).toBe('/sessions?tab=1')
  })

  it('always returns a same-origin path for random paths, encodings, backslashes and control characters', () => {
    const piece = fc.constantFrom(
      '/',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2f',
      '\\',
      '\t',
      '\r',
      '\n',
      'evil.example',
      'a',
      '?',
      '#',
      '@',
      ':',
    )
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.string({ maxLength: 8 }),
        (parts, tail) => {
          expect(isSameOriginPath(safeNext(parts.join('') + tail))).toBe(true)
        },
      ),
      { numRuns: 5000 },
    )
  })
})

describe('defect 8: the Flask " di" tag cannot bring back forbidden keys', () => {
  it.each(['__proto____', 'constructor__', 'prototype__'])('refuses {" di": {"%s": 1}}', (key) => {
    expect(() => untagFlaskValue({ ' di': { [key]: 1 } })).toThrow(DecodeError)
  })

  it('still untags an ordinary " di" key', () => {
    expect(untagFlaskValue({ ' di': { name__: 1 } })).toEqual({ name: 1 })
  })
})
