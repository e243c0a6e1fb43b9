import { describe, expect, it } from 'vitest'

import { COMMON_PASSWORDS } from '../../../src/crypto/common-passwords.js'
import {
  MAX_PASSWORD_BYTES,
  checkPasswordPolicy,
  isCommonPassword,
  normalizePassword,
} from '../../../src/crypto/password-policy.js'
import { ConfigError, PasswordPolicyError } from '../../../src/errors.js'

const entries = COMMON_PASSWORDS.split(/\s+/).filter((w) => w !== '')

describe('the common-password blocklist', () => {
  it('CL-38 holds at least 3 000 distinct lowercase entries of 8 characters or more', () => {
    const long = new Set(entries.filter((w) => w.length >= 8))
    expect(long.size).toBeGreaterThanOrEqual(3000)
    expect(new Set(entries).size).toBe(entries.length)
    expect(entries.every((w) => w === w.toLowerCase() && /^[\x21-\x7e]+$/.test(w))).toBe(true)
  })

  it('CL-38 contains the obvious ones', () => {
    const obvious = ['password', 'password1', '12345678', '123456789', 'qwertyuiop', 'iloveyou']
    obvious.push('letmein1', 'sunshine', 'princess', 'football', '1qaz2wsx', 'trustno1', 'abc12345')
    for (const word of obvious) expect(entries, word).toContain(word)
  })

  it('CL-38 catches case, leetspeak, spaces, decorations and repeats', () => {
    for (const weak of [
      'PASSWORD',
      'P@ssw0rd',
      'p a s s w o r d',
      'Monkey2024!',
      'monkey123',
      '!!sunshine',
      'dragon1234',
      'football1988',
      'aaaaaaaaaa',
      'abcabcabc',
      '11111111',
      'qwerty123',
    ]) {
      expect(isCommonPassword(weak), weak).toBe(true)
    }
    for (const fine of [
      'correct horse battery staple',
      'tiger84736251',
      'Zq8#vL2!pW',
      'monkeyXq9!v3w',
    ]) {
      expect(isCommonPassword(fine), fine).toBe(false)
    }
  })
})

describe('checkPasswordPolicy', () => {
  const rejects = (password: string, options?: Parameters<typeof checkPasswordPolicy>[1]) =>
    expect(() => checkPasswordPolicy(password, options), password).toThrow(PasswordPolicyError)

  it('CL-38 rejects common passwords, the app name with a year, and the user own email', () => {
    rejects('password')
    rejects('12345678')
    rejects('Tessera2025', { context: ['Tessera'] })
    rejects('tessera-demo!', { context: ['Tessera Demo'] })
    rejects('alice@example.com', { context: ['alice@example.com'] })
    rejects('alice1990!', { context: ['bob', 'alice@example.com'] })
    rejects('4l1c3-2025', { context: ['alice'] })
  })

  it('CL-38 accepts a passphrase, and passphrases that merely mention a context word', () => {
    expect(() => checkPasswordPolicy('correct horse battery staple')).not.toThrow()
    const context = ['alice', 'Tessera']
    expect(() => checkPasswordPolicy('alice likes green tea at noon', { context })).not.toThrow()
    expect(() => checkPasswordPolicy('ünïcödé pässwörd ☂', { context })).not.toThrow()
  })

  it('CL-38 has no composition rules: lowercase-only and digit-free passwords pass', () => {
    for (const pw of ['purple elephant umbrella', 'bright window sunrise', 'zqvxmplokj']) {
      expect(() => checkPasswordPolicy(pw), pw).not.toThrow()
    }
  })

  it('CL-38 enforces a minimum of 8 characters, configurable upwards but never below 8', () => {
    rejects('zq8#vL2')
    expect(() => checkPasswordPolicy('zq8#vL2!')).not.toThrow()
    rejects('zq8#vL2!pW4@', { minLength: 15 })
    expect(() => checkPasswordPolicy('zq8#vL2!pW4@rt6', { minLength: 15 })).not.toThrow()
    expect(() => checkPasswordPolicy('zq8#vL2!pW4@rt6', { minLength: 7 })).toThrow(ConfigError)
    expect(() => checkPasswordPolicy('zq8#vL2!pW4@rt6', { minLength: 65 })).toThrow(ConfigError)
  })

  it('CL-37 counts characters, not bytes or UTF-16 units, for the minimum', () => {
    rejects('🔑🔒🗝️🔐🛡') // 6 code points, 20+ UTF-16 units
    expect(() => checkPasswordPolicy('🔑🔒🗝🔐🛡⚔🏰🐉')).not.toThrow() // 8 code points
  })

  it('CL-37 accepts 64 characters and refuses over 1 024 bytes, also after NFKC expansion', () => {
    expect(() => checkPasswordPolicy('Xq9!vLm3#pW2@rT6'.repeat(4))).not.toThrow()
    rejects('Xq9!vLm3#pW2@rT6'.repeat(65)) // 1 040 bytes
    // U+FDFA is one character that NFKC expands to 18: 60 of them fit raw, not normalized.
    const expanding = '\ufdfa'.repeat(60)
    expect(Buffer.byteLength(expanding)).toBeLessThanOrEqual(MAX_PASSWORD_BYTES)
    expect(() => normalizePassword(expanding)).toThrow(PasswordPolicyError)
  })

  it('CL-37 normalizes to NFKC', () => {
    expect(normalizePassword('cafe\u0301')).toBe('caf\u00e9')
    expect(normalizePassword('\uff21\uff22')).toBe('AB')
    expect(() => normalizePassword(42 as unknown as string)).toThrow(PasswordPolicyError)
  })
})
