import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Aead,
  defaultAead,
  nobleAead,
  nodeAead,
  nodeCryptoAead,
  passesKnownAnswer,
  sodiumAead,
} from '../../../src/codec/aead.js'

// RFC 8439 §2.8.2, typed in again here rather than imported, so the module's copy is checked too.
const KEY = Buffer.from('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f', 'hex')
const NONCE = Buffer.from('070000004041424344454647', 'hex')
const AD = Buffer.from('50515253c0c1c2c3c4c5c6c7', 'hex')
const TEXT = Buffer.from(
  "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the " +
    'future, sunscreen would be it.',
)
const CIPHERTEXT =
  'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92' +
  '728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b' +
  '4831d7bc3ff4def08e4b7a9de576d26586cec64b6116'
const TAG = '1ae10b594f09e26a7e902ecbd0600691'

const all: readonly Aead[] = [sodiumAead, nodeAead, nobleAead].filter(
  (aead): aead is Aead => aead !== undefined,
)

describe('AEAD implementations', () => {
  it('finds all three on Node and picks libsodium first', () => {
    expect(all.map((aead) => aead.name)).toEqual(['libsodium', 'node:crypto', 'noble'])
    expect(nodeCryptoAead).toBe(nodeAead)
    expect(defaultAead).toBe(sodiumAead)
  })

  it.each(all.map((aead) => [aead.name, aead] as const))(
    '%s seals the RFC 8439 §2.8.2 vector to the published bytes and opens it',
    (_, aead) => {
      const sealed = aead.seal(KEY, NONCE, TEXT, AD)
      expect(sealed.toString('hex')).toBe(CIPHERTEXT + TAG)
      expect(aead.open(KEY, NONCE, sealed, AD)?.equals(TEXT)).toBe(true)
      expect(passesKnownAnswer(aead)).toBe(true)
    },
  )

  it.each(all.map((aead) => [aead.name, aead] as const))(
    '%s refuses a changed tag, ciphertext, nonce or additional data, and a short input',
    (_, aead) => {
      const sealed = aead.seal(KEY, NONCE, TEXT, AD)
      const flipped = (bytes: Buffer, at: number): Buffer => {
        const copy = Buffer.from(bytes)
        copy[at] = (copy[at] ?? 0) ^ 0x80
        return copy
      }
      expect(aead.open(KEY, NONCE, flipped(sealed, sealed.length - 1), AD)).toBeUndefined()
      expect(aead.open(KEY, NONCE, flipped(sealed, 3), AD)).toBeUndefined()
      expect(aead.open(KEY, flipped(NONCE, 0), sealed, AD)).toBeUndefined()
      expect(aead.open(KEY, NONCE, sealed, flipped(AD, 0))).toBeUndefined()
      expect(aead.open(KEY, NONCE, sealed.subarray(0, 15), AD)).toBeUndefined()
    },
  )

  it('gives the same bytes from every implementation, each opening the others’', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 5000 }),
        fc.uint8Array({ maxLength: 64 }),
        (plaintext, ad) => {
          const key = randomBytes(32)
          const nonce = randomBytes(12)
          const sealed = all.map((aead) => aead.seal(key, nonce, plaintext, ad))
          for (const value of sealed) expect(value.equals(sealed[0]!)).toBe(true)
          for (const opener of all) {
            for (const value of sealed) {
              expect(opener.open(key, nonce, value, ad)?.equals(plaintext)).toBe(true)
            }
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('rejects an implementation that disagrees with the vector or throws', () => {
    const wrong: Aead = {
      name: 'noble',
      seal: (key, nonce, plaintext, ad) => flipFirst(nobleAead.seal(key, nonce, plaintext, ad)),
      open: (key, nonce, sealed, ad) => nobleAead.open(key, nonce, sealed, ad),
    }
    const throwing: Aead = {
      name: 'node:crypto',
      seal: () => {
        throw new Error('Unknown cipher')
      },
      open: () => undefined,
    }
    const accepting: Aead = {
      name: 'noble',
      seal: (key, nonce, plaintext, ad) => nobleAead.seal(key, nonce, plaintext, ad),
      open: (_key, _nonce, sealed) => Buffer.from(sealed.subarray(0, sealed.length - 16)),
    }
    expect(passesKnownAnswer(wrong)).toBe(false)
    expect(passesKnownAnswer(throwing)).toBe(false)
    expect(passesKnownAnswer(accepting)).toBe(false)
  })

  it('passes every real implementation, and fails one that seals right but opens wrong', () => {
    for (const aead of all) expect(passesKnownAnswer(aead), aead.name).toBe(true)
    // Seals the published bytes, but never opens anything: refused by the open step.
    const refusing: Aead = { ...nobleAead, open: () => undefined }
    // Seals and opens the vector, but also "opens" the forged tag: refused by the forgery step.
    let last = Buffer.alloc(0)
    const forgiving: Aead = {
      name: 'noble',
      seal: (key, nonce, plaintext, ad) => {
        last = Buffer.from(plaintext)
        return nobleAead.seal(key, nonce, plaintext, ad)
      },
      open: () => last,
    }
    // Opens its own output, but its bytes are not ChaCha20-Poly1305's: refused by the byte check.
    const foreign: Aead = {
      name: 'noble',
      seal: (key, nonce, plaintext, ad) =>
        nobleAead.seal(flipFirst(Buffer.from(key)), nonce, plaintext, ad),
      open: (key, nonce, sealed, ad) =>
        nobleAead.open(flipFirst(Buffer.from(key)), nonce, sealed, ad),
    }
    expect(foreign.open(KEY, NONCE, foreign.seal(KEY, NONCE, TEXT, AD), AD)).toEqual(TEXT)
    expect(passesKnownAnswer(refusing)).toBe(false)
    expect(passesKnownAnswer(forgiving)).toBe(false)
    expect(passesKnownAnswer(foreign)).toBe(false)
  })
})

function flipFirst(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes)
  copy[0] = (copy[0] ?? 0) ^ 1
  return copy
}
