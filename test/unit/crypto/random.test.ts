import { describe, expect, it } from 'vitest'

import { fillRandomPooled, randomBytesPooled, randomToken } from '../../../src/crypto/random.js'
import { timingSafeEqualBytes, timingSafeEqualString } from '../../../src/crypto/compare.js'
import { ConfigError } from '../../../src/errors.js'

describe('randomToken', () => {
  it('CL-1 mints 100 000 distinct 256-bit base64url tokens that decode to 32 bytes', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 100_000; i += 1) {
      const token = randomToken()
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      seen.add(token)
    }
    expect(seen.size).toBe(100_000)
    for (const token of [...seen].slice(0, 1000)) {
      expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    }
  })

  it('CL-2 gives every byte value a fair share across many tokens (no stuck pool)', () => {
    const counts = new Array<number>(256).fill(0)
    for (let i = 0; i < 8192; i += 1) {
      for (const byte of Buffer.from(randomToken(), 'base64url')) counts[byte]! += 1
    }
    // 262 144 bytes: each value is expected 1 024 times; 700..1 350 is far beyond 8 sigma.
    expect(Math.min(...counts)).toBeGreaterThan(700)
    expect(Math.max(...counts)).toBeLessThan(1350)
  })

  it('CL-2 refuses tokens under 128 bits and honours larger sizes', () => {
    expect(() => randomToken(15)).toThrow(ConfigError)
    expect(() => randomToken(1.5)).toThrow(ConfigError)
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16)
    expect(randomToken(64)).toMatch(/^[A-Za-z0-9_-]{86}$/)
  })

  it('never uses Math.random', () => {
    const original = Math.random
    Math.random = () => {
      throw new Error('Math.random must not be used')
    }
    try {
      expect(randomToken()).toHaveLength(43)
      expect(randomBytesPooled(5000)).toHaveLength(5000)
    } finally {
      Math.random = original
    }
  })
})

describe('randomBytesPooled', () => {
  it('returns buffers the caller owns: changing one leaves the next draws untouched', () => {
    const a = randomBytesPooled(32)
    const copy = Buffer.from(a)
    const b = randomBytesPooled(32)
    b.fill(0)
    expect(a.equals(copy)).toBe(true)
  })

  it('serves sizes across pool refills and beyond the pool without repeating bytes', () => {
    const chunks = Array.from({ length: 400 }, (_, i) => randomBytesPooled((i % 97) + 1))
    const big = randomBytesPooled(10_000)
    expect(big).toHaveLength(10_000)
    expect(randomBytesPooled(0)).toHaveLength(0)
    const hex = new Set(chunks.filter((c) => c.length >= 16).map((c) => c.toString('hex')))
    expect(hex.size).toBe(chunks.filter((c) => c.length >= 16).length)
    expect(() => randomBytesPooled(-1)).toThrow(ConfigError)
  })
})

describe('timingSafeEqualString', () => {
  it('CL-52 is true only for identical strings, including non-ASCII ones', () => {
    expect(timingSafeEqualString('abc', 'abc')).toBe(true)
    expect(timingSafeEqualString('abc', 'abd')).toBe(false)
    expect(timingSafeEqualString('abc', 'abcd')).toBe(false)
    expect(timingSafeEqualString('', '')).toBe(true)
    expect(timingSafeEqualString('', 'a')).toBe(false)
    expect(timingSafeEqualString('é', 'é')).toBe(true)
    expect(timingSafeEqualString('é', 'e\u0301')).toBe(false)
  })

  it('compares byte arrays of different lengths as unequal', () => {
    expect(timingSafeEqualBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true)
    expect(timingSafeEqualBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false)
    expect(timingSafeEqualBytes(new Uint8Array(0), new Uint8Array([0]))).toBe(false)
  })
})

describe('fillRandomPooled', () => {
  it('writes fresh bytes into exactly [at, at + n) and leaves the rest of the buffer alone', () => {
    const target = Buffer.alloc(64, 0xee)
    fillRandomPooled(target, 8, 32)
    expect(target.subarray(0, 8).every((b) => b === 0xee)).toBe(true)
    expect(target.subarray(40).every((b) => b === 0xee)).toBe(true)
    expect(target.subarray(8, 40).equals(Buffer.alloc(32, 0xee))).toBe(false)
    const again = Buffer.alloc(64, 0xee)
    fillRandomPooled(again, 8, 32)
    expect(again.subarray(8, 40).equals(target.subarray(8, 40))).toBe(false)
  })

  it('fills up to the end of the buffer and up to 1 024 bytes, and refuses more', () => {
    const target = Buffer.alloc(2048)
    expect(() => fillRandomPooled(target, 2048 - 16, 16)).not.toThrow()
    expect(() => fillRandomPooled(target, 0, 1024)).not.toThrow()
    expect(() => fillRandomPooled(target, 0, 0)).not.toThrow()
    expect(() => fillRandomPooled(target, 0, 1025)).toThrow(ConfigError)
    expect(() => fillRandomPooled(target, 2048 - 15, 16)).toThrow(ConfigError)
    expect(() => fillRandomPooled(target, -1, 16)).toThrow(ConfigError)
    expect(() => fillRandomPooled(target, 0, -1)).toThrow(ConfigError)
    expect(() => fillRandomPooled(target, 0, 1.5)).toThrow(ConfigError)
  })

  it('refuses a byte count that is not a whole number, naming what it got', () => {
    expect(() => randomBytesPooled(1.5)).toThrow(ConfigError)
    expect(() => randomBytesPooled(Number.NaN)).toThrow(
      'randomBytesPooled needs a non-negative integer, got NaN.',
    )
    expect(() => fillRandomPooled(Buffer.alloc(8), 4, 5)).toThrow(
      'fillRandomPooled cannot write 5 bytes at 4.',
    )
    expect(() => randomToken(8)).toThrow(
      'A random token needs at least 16 bytes (128 bits), got 8.',
    )
  })
})
