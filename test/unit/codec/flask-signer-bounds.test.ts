import { describe, expect, it } from 'vitest'

import {
  decodePayload,
  encodePayload,
  timestampSigner,
} from '../../../src/codec/flask/itsdangerous.js'
import { encodeBase64url } from '../../../src/internal/base64url.js'
import { ConfigError, DecodeError } from '../../../src/errors.js'

// The edges of the itsdangerous signer and payload segment (docs/flask-format.md §1–2): lengths,
// dots, duplicate secrets, and what each refusal says.

const T = 1_700_000_000
const signer = timestampSigner('flask secret key for the unit tests')

function refusal(fn: () => unknown): string {
  try {
    fn()
    return 'accepted'
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError)
    return `${(err as DecodeError).reason}: ${(err as Error).message}`
  }
}

describe('timestampSigner edges', () => {
  it('examines values up to 16 384 characters and calls longer ones malformed', () => {
    const long = (n: number) => 'A'.repeat(n - 2) + '.A'
    expect(refusal(() => signer.unsign(long(16_384), T, Infinity))).toBe(
      'tampered: The cookie signature does not match any of the secrets.',
    )
    expect(refusal(() => signer.unsign(long(16_385), T, Infinity))).toBe(
      'malformed: The cookie is not a well-formed signed value.',
    )
  })

  it('signs and accepts an empty payload, and checks a value that starts with its dot', () => {
    const empty = signer.sign('', T)
    expect(empty.startsWith('.')).toBe(true)
    expect(signer.unsign(empty, T, Infinity)).toEqual({ payload: '', timestamp: T, keyIndex: 0 })
    expect(refusal(() => signer.unsign('.AAAA', T, Infinity))).toMatch(/^tampered: /)
  })

  it('names each refusal: expired and future', () => {
    const value = signer.sign('payload', T)
    expect(refusal(() => signer.unsign(value, T + 11, 10))).toBe(
      'expired: The cookie is older than the maximum age.',
    )
    expect(refusal(() => signer.unsign(value, T - 1, 10))).toBe(
      'future: The cookie was signed in the future (check the clocks).',
    )
  })

  it('reports the first secret that matches, even when a secret is listed twice', () => {
    const twice = timestampSigner(['same secret key', 'same secret key'])
    expect(twice.unsign(twice.sign('p', T), T, Infinity).keyIndex).toBe(0)
  })

  it('refuses to sign a time that is not whole non-negative seconds', () => {
    for (const seconds of [-1, 1.5, Number.NaN]) {
      expect(() => signer.sign('p', seconds), String(seconds)).toThrow(
        'A timestamp is a non-negative whole number of seconds.',
      )
    }
  })

  it('says what an empty secret is missing', () => {
    expect(() => timestampSigner('')).toThrow(ConfigError)
    expect(() => timestampSigner([])).toThrow(
      'A Flask cookie needs a non-empty secret key (Flask: SECRET_KEY).',
    )
  })
})

describe('the payload segment', () => {
  it('compresses by default, and only when asked not to leaves it as base64url', () => {
    const json = Buffer.from(JSON.stringify({ text: 'a'.repeat(100) }))
    expect(encodePayload(json).startsWith('.')).toBe(true)
    expect(encodePayload(json, false)).toBe(encodeBase64url(json))
  })

  it('takes an uncompressed payload of up to maxBytes and refuses one byte more', () => {
    const ten = encodeBase64url(Buffer.from('0123456789'))
    expect(decodePayload(ten, 10).toString()).toBe('0123456789')
    expect(refusal(() => decodePayload(ten, 9))).toBe(
      'malformed: The cookie is not a well-formed signed value.',
    )
  })

  it('says when a compressed payload is not a zlib stream', () => {
    expect(refusal(() => decodePayload('.' + encodeBase64url(Buffer.from('not zlib')), 100))).toBe(
      'malformed: The cookie payload is not a valid zlib stream.',
    )
  })
})
