import { createHash, createHmac, randomBytes } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { createKeyRing } from '../../../src/codec/keyring.js'
import { TAGGED_ID_SHAPE, createIdSigner } from '../../../src/crypto/id-signer.js'
import { storeKey } from '../../../src/crypto/store-key.js'

// Session ID tags (CL-5) and store keys (CL-4): the bytes must be exactly HMAC-SHA256 and SHA-256,
// since other processes and older releases compute the same values.

const NEW = 'n'.repeat(8) + randomBytes(32).toString('base64url')
const OLD = 'o'.repeat(8) + randomBytes(32).toString('base64url')
const id = () => randomBytes(32).toString('base64url')
const hmacTag = (key: Buffer, value: string) =>
  createHmac('sha256', key).update(value).digest().subarray(0, 16).toString('base64url')

describe('createIdSigner', () => {
  it('CL-5 tags an ID with HMAC-SHA256 under the newest session-id key, truncated to 128 bits', () => {
    const keys = createKeyRing([NEW, OLD]).keys('session-id')
    const signer = createIdSigner(keys)
    for (let i = 0; i < 20; i += 1) {
      const value = id()
      const signed = signer.sign(value)
      expect(signed).toMatch(TAGGED_ID_SHAPE)
      expect(signed).toBe(`${value}.${hmacTag(keys.primary.key, value)}`)
      expect(signer.verify(signed)).toEqual({ id: value, rotated: false })
    }
  })

  it('CL-21 verifies a tag under an older key and marks it rotated; refuses other keys and shapes', () => {
    const value = id()
    const before = createIdSigner(createKeyRing(OLD).keys('session-id')).sign(value)
    const signer = createIdSigner(createKeyRing([NEW, OLD]).keys('session-id'))
    expect(signer.verify(before)).toEqual({ id: value, rotated: true })
    const stranger = createIdSigner(createKeyRing(NEW.replace('n', 'm')).keys('session-id'))
    expect(stranger.verify(signer.sign(value))).toBeUndefined()
    const [, tag = ''] = signer.sign(value).split('.')
    const flipped = tag.slice(0, -1) + (tag.endsWith('A') ? 'B' : 'A')
    expect(signer.verify(`${value}.${flipped}`)).toBeUndefined()
    expect(signer.verify(`${value}.${tag}x`)).toBeUndefined()
    expect(signer.verify(`x${value}.${tag}`)).toBeUndefined()
    expect(signer.verify(value)).toBeUndefined()
  })

  it('CL-5 gives the HMAC bytes for any key length and any ID length', () => {
    for (const bytes of [32, 64, 65, 100]) {
      const key = randomBytes(bytes)
      const keys = { primary: { id: 'k', key }, all: [{ id: 'k', key }], byId: () => undefined }
      const signer = createIdSigner(keys)
      for (const value of ['', 'a', id(), 'é'.repeat(40), 'x'.repeat(64), 'y'.repeat(65)]) {
        expect(signer.sign(value), `${bytes}-byte key, ${value.length}-char ID`).toBe(
          `${value}.${hmacTag(key, value)}`,
        )
      }
    }
  })
})

describe('storeKey', () => {
  it('CL-4 is the base64url SHA-256 of the ID, for short and long IDs alike', () => {
    for (const value of [
      '',
      id(),
      'é'.repeat(85),
      'z'.repeat(86),
      'q'.repeat(300),
      'w'.repeat(2000),
    ]) {
      const expected = createHash('sha256').update(value, 'utf8').digest('base64url')
      expect(storeKey(value), `${value.length} characters`).toBe(expected)
    }
  })
})
