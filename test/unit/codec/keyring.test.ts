import { createHash, hkdfSync, randomBytes } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createKeyRing, secretFingerprint } from '../../../src/codec/keyring.js'
import { ConfigError, createSessionManager } from '../../../src/index.js'
import { SECRET_A, SECRET_B } from '../../helpers/secrets.js'

describe('key ring', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['short', 'short'],
    ['16 random bytes', randomBytes(16)],
    ['a placeholder', 'keyboard cat'],
    ['supersecretkey', 'supersecretkey'],
    ['changeme', 'changeme'],
    ['a repeated placeholder', 'supersecretkeysupersecretkeysupersecretkey'],
    ['one repeated character', 'a'.repeat(64)],
    ['an empty list', []],
  ])('CL-3 refuses a %s secret at start-up with ConfigError', (_name, secret) => {
    expect(() => createKeyRing(secret as never)).toThrow(ConfigError)
    expect(() => createSessionManager({ secret: secret as never })).toThrow(ConfigError)
  })

  it('says how to make a secret', () => {
    expect(() => createKeyRing('short')).toThrow(/npx tessera-session secret/)
  })

  it('accepts 32 random bytes, their base64url or hex, and a long random passphrase', () => {
    expect(() => createKeyRing(randomBytes(32))).not.toThrow()
    expect(() => createKeyRing(randomBytes(32).toString('base64url'))).not.toThrow()
    expect(() => createKeyRing(randomBytes(32).toString('hex'))).not.toThrow()
    expect(() => createKeyRing(randomBytes(32).toString('base64'))).not.toThrow()
    expect(() => createKeyRing('k3J9xQ2mVt8ZpL4wR7nB1cY6hF0dS5aG-Wq')).not.toThrow()
  })

  it('checks fallback secrets too', () => {
    expect(() => createKeyRing([SECRET_A, 'changeme'])).toThrow(/Fallback secret #1/)
  })

  it('derives stable key ids, one per secret', () => {
    const a = createKeyRing(SECRET_A).keys('session')
    const b = createKeyRing(SECRET_A).keys('session')
    expect(a.primary.id).toBe(b.primary.id)
    expect(a.primary.id).toMatch(/^[A-Za-z0-9_-]{8}$/)
  })
})

describe('key ring: why a secret is refused', () => {
  const refusal = (secret: unknown) => {
    try {
      createKeyRing(secret as never)
      return 'accepted'
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      return (err as Error).message.replace(/ Generate one with[\s\S]*$/, '')
    }
  }
  const WEAK =
    'The secret is too short or too predictable: it needs at least 32 bytes of randomness.'

  it('CL-3 names the reason: missing, empty, short bytes, placeholder, weak', () => {
    expect(refusal(undefined)).toBe('A secret is required to sign and seal sessions.')
    expect(refusal([])).toBe('A secret is required to sign and seal sessions.')
    expect(refusal('')).toBe('The secret is empty.')
    expect(refusal('   \t')).toBe('The secret is empty.')
    expect(refusal(42)).toBe('The secret is empty.')
    expect(refusal(randomBytes(31))).toBe('The secret has 31 bytes; at least 32 are needed.')
    expect(refusal('short')).toBe(WEAK)
    expect(refusal([SECRET_A, 'short'])).toBe(
      'Fallback secret #1 is too short or too predictable: it needs at least 32 bytes of randomness.',
    )
  })

  it('CL-3 refuses a placeholder whatever its case, spacing or separators', () => {
    for (const placeholder of [
      'keyboard cat',
      'Keyboard_Cat',
      '  CHANGE ME  ',
      'your.secret.key',
    ]) {
      expect(refusal(placeholder), placeholder).toBe('The secret is a well-known placeholder.')
    }
  })

  it('CL-3 does not take a long secret without letters for a placeholder', () => {
    // Placeholders are compared by their letters; a secret with none must not match them.
    const digits = '8271946305' + '1749260538' + '6039518274' + '5182730469' + '9463051827'
    expect(refusal(digits)).toBe('accepted')
  })

  it('CL-3 refuses 31 bytes of text however random, accepts 32', () => {
    expect(refusal('abcdefghijklmnopqrstuvwxyzABCDE')).toBe(WEAK)
    expect(refusal('abcdefghijklmnopqrstuvwxyzABCDEF')).toBe('accepted')
  })

  it('CL-3 needs 128 bits by character frequency, and refuses repetition however varied', () => {
    // 16 symbols twice each, no repeated run: exactly 4 × 32 = 128 bits.
    expect(refusal('abcdefghijklmnopponmlkjihgfedcba')).toBe('accepted')
    // 8 symbols four times each, no repeated run: 96 bits.
    expect(refusal('bbchcfaedbghedfcdecahggdgabhfefa')).toBe(WEAK)
    // 192 bits by character frequency, but one 16-character word three times.
    expect(refusal('Zq8vL2pW4rT6xN1m'.repeat(3))).toBe(WEAK)
    // Long text compresses, but judged against at most 48 bytes it is not repetitive.
    const long = Array.from({ length: 200 }, (_, i) => 'ghijklmnopqrstu.'[(i * 7 + (i >> 3)) % 16])
    expect(refusal(long.join(''))).toBe('accepted')
    // Repetitive means compressing below 75 % of (at most) 48 bytes: exactly 36 bytes still passes.
    const edge = 'OlY9oYcYDP2gbm3wUSsGzNoHEaIZmsOlY9oYcYDP2gbm3wUS.'
    expect(deflateRawSync(edge).length).toBe(36)
    expect(refusal(edge)).toBe('accepted')
  })
})

describe('key ring: encoded secrets and derived keys', () => {
  const sessionKey = (secret: Parameters<typeof createKeyRing>[0]) =>
    createKeyRing(secret).keys('session').primary.key
  // 32 bytes whose base64 has '+' and '/': the first three bytes encode as `++//`.
  const BYTES = Buffer.concat([Buffer.from([0xfb, 0xef, 0xff]), randomBytes(29)])
  const withDistinct = (n: number, length = 32) =>
    Buffer.from(Array.from({ length }, (_, i) => (i % n) * 17 + 3))

  it('CL-3 uses a hex, base64 or base64url secret as the bytes it encodes', () => {
    const expected = sessionKey(BYTES)
    expect(sessionKey(BYTES.toString('hex'))).toEqual(expected)
    expect(sessionKey(BYTES.toString('hex').toUpperCase())).toEqual(expected)
    expect(BYTES.toString('base64')).toMatch(/^\+\+\/\/.*=$/)
    expect(sessionKey(BYTES.toString('base64'))).toEqual(expected)
    expect(sessionKey(BYTES.toString('base64url'))).toEqual(expected)
    const longer = Buffer.concat([BYTES, Buffer.from([1, 2])]) // 34 bytes: base64 ends in `==`
    expect(longer.toString('base64')).toMatch(/==$/)
    expect(sessionKey(longer.toString('base64'))).toEqual(sessionKey(longer))
  })

  it('CL-3 reads a string as hex only when all of it is hex of even length', () => {
    const hex = BYTES.toString('hex')
    for (const text of [`${hex}a`, `Zz${hex}`, `${hex}Zz`]) {
      expect(sessionKey(text), text).toEqual(sessionKey(Buffer.from(text, 'utf8')))
    }
    // Hex after a non-hex start is base64url text, decoded as such (68 characters, 51 bytes).
    const mixed = `ZzZz${hex}`
    expect(new Set(Buffer.from(mixed, 'base64url')).size).toBeGreaterThanOrEqual(16)
    expect(sessionKey(mixed)).toEqual(sessionKey(Buffer.from(mixed, 'base64url')))
  })

  it('CL-3 decodes only keys of varied bytes: 12 distinct in hex, 16 in base64', () => {
    expect(sessionKey(withDistinct(12).toString('hex'))).toEqual(sessionKey(withDistinct(12)))
    // Fewer distinct bytes: the text is judged as a passphrase (and refused or used as text).
    const asText = (secret: string) => {
      try {
        return sessionKey(secret)
      } catch {
        return 'refused'
      }
    }
    expect(asText(withDistinct(11).toString('hex'))).not.toEqual(sessionKey(withDistinct(11)))
    const b64 = (n: number) => withDistinct(n, 33).toString('base64url')
    expect(sessionKey(b64(16))).toEqual(sessionKey(withDistinct(16, 33)))
    expect(asText(b64(15))).not.toEqual(sessionKey(withDistinct(15, 33)))
    // 32 zero bytes, as hex or base64: not a key, and too predictable as text.
    expect(() => createKeyRing('00'.repeat(32))).toThrow(ConfigError)
    expect(() => createKeyRing('A'.repeat(43))).toThrow(ConfigError)
  })

  it('CL-20 derives the documented keys: HKDF-SHA256 with salt tessera/hkdf/v1 (docs/format.md)', () => {
    const ring = createKeyRing(BYTES)
    const salt = 'tessera/hkdf/v1'
    const hkdf = (info: string, length: number) =>
      Buffer.from(hkdfSync('sha256', BYTES, salt, info, length))
    expect(ring.keys('session').primary.key).toEqual(hkdf('tessera session key', 32))
    expect(ring.keys('csrf').primary.key).toEqual(hkdf('tessera csrf key', 32))
    expect(ring.keys('session').primary.id).toBe(hkdf('tessera key id', 6).toString('base64url'))
    expect(ring.keys('session')).toBe(ring.keys('session'))
    expect(ring.size).toBe(1)
  })

  it('CL-21 finds each key by its id, the fallbacks too', () => {
    const other = randomBytes(32)
    const keys = createKeyRing([BYTES, other]).keys('session')
    expect(keys.all).toHaveLength(2)
    expect(keys.byId(keys.primary.id)).toBe(keys.primary)
    expect(keys.byId(keys.all[1]!.id)?.key).toEqual(sessionKey(other))
    expect(keys.byId('AAAAAAAA')).toBeUndefined()
  })

  it('fingerprints a secret in 8 characters of its SHA-256, never showing the secret', () => {
    const fingerprint = secretFingerprint(SECRET_A)
    expect(fingerprint).toBe(createHash('sha256').update(SECRET_A).digest('base64url').slice(0, 8))
    expect(secretFingerprint(Buffer.from(SECRET_A))).toBe(fingerprint)
    expect(secretFingerprint(SECRET_B)).not.toBe(fingerprint)
  })
})
