import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeyRing } from '../../../src/codec/keyring.js'
import { ConfigError, createSessionManager } from '../../../src/index.js'
import { SECRET_A } from '../../helpers/secrets.js'

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
