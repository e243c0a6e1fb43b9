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
    expect(() => normalizePassword(42 as unknown as string)).toThrow('The password must be text.')
  })
})

describe('the blocklist rules, one by one', () => {
  it('CL-38 undoes each leetspeak substitution on its own', () => {
    const substitutions: Array<[string, string]> = [
      ['c0mputer', '0 → o'],
      ['beaut1ful', '1 → i'],
      ['barce1ona', '1 → l'],
      ['ang3lica', '3 → e'],
      ['b4bygirl', '4 → a'],
      ['chri5tian', '5 → s'],
      ['compu7er', '7 → t'],
      ['decem8er', '8 → b'],
      ['chan9eme', '9 → g'],
      ['chocol@te', '@ → a'],
      ['chri$tine', '$ → s'],
      ['cal!fornia', '! → i'],
      ['aus+ralia', '+ → t'],
      ['barce|ona', '| → l'],
    ]
    for (const [weak, rule] of substitutions) expect(isCommonPassword(weak), rule).toBe(true)
    // Each of these needs its substitution: with another symbol in its place it is not on the list.
    for (const [weak] of substitutions) {
      expect(isCommonPassword(weak.replace(/[0-9@$!+|]/u, 'x')), weak).toBe(false)
    }
  })

  it('CL-38 undoes leetspeak in a common word that also carries a decoration', () => {
    expect(isCommonPassword('C0mputer2024!')).toBe(true)
    expect(isCommonPassword('b4bygirl1990')).toBe(true)
  })

  it('CL-38 reads 1 as l while other symbols are undone too, and undoes a word made only of symbols', () => {
    expect(isCommonPassword('b4rce1ona')).toBe(true) // barcelona: 4 → a and 1 → l together
    expect(isCommonPassword('8@538@||')).toBe(true) // baseball, every letter substituted
  })

  it('CL-38 treats one unit of 1 to 4 characters repeated as common, a 5-character unit as not', () => {
    expect(isCommonPassword('aaaaaaaaaaa')).toBe(true) // 11: only a 1-character unit divides it
    expect(isCommonPassword('qzxqzxqzx')).toBe(true)
    expect(isCommonPassword('kxqzkxqzkxqz')).toBe(true)
    expect(isCommonPassword('kxqzvkxqzv')).toBe(false)
    // The whole password must be the repeat, not just its start or its end.
    expect(isCommonPassword('llama juggles quietness')).toBe(false)
  })

  it('CL-38 treats a password of nothing but whitespace as common', () => {
    expect(isCommonPassword(' '.repeat(8))).toBe(true)
    expect(isCommonPassword('\t \t \u3000\t \t')).toBe(true)
    expect(() => checkPasswordPolicy(' '.repeat(12))).toThrow(PasswordPolicyError)
  })

  it('CL-38 counts up to 4 symbols, a year, a run or a repeated digit as a weak decoration', () => {
    for (const weak of [
      'monkey#7%!', // 4 symbols
      'Monkey2024!!', // a year and 2 symbols
      'football1988!',
      'dragon123456!', // an ascending run
      'dragon123456!!',
      'sunshine987654', // a descending run
      'sunshine77777', // one digit repeated
    ]) {
      expect(isCommonPassword(weak), weak).toBe(true)
    }
  })

  it('CL-38 keeps a common word with a long or unpredictable decoration on either side', () => {
    for (const fine of [
      'sunshine#7%!&', // 5 symbols
      'sunshine12024', // a year must be the whole decoration
      'sunshine2024!!!', // a year with 3 symbols
      'sunshine12#34567', // a run broken by a symbol
      'sunshine123456!!!', // a run with 3 symbols
      '84736251sunshine',
      'sunshine84736251',
    ]) {
      expect(isCommonPassword(fine), fine).toBe(false)
    }
  })
})

describe('checkPasswordPolicy, rule by rule', () => {
  const reason = (password: string, options?: Parameters<typeof checkPasswordPolicy>[1]) => {
    try {
      checkPasswordPolicy(password, options)
      return 'accepted'
    } catch (err) {
      expect(err).toBeInstanceOf(PasswordPolicyError)
      return (err as Error).message
    }
  }
  const CONTEXT = 'The password must not be based on your username or the site.'

  it('CL-38 tells the user which rule the password broke', () => {
    expect(reason('zq8#vL2!pW4@', { minLength: 15 })).toBe('Use at least 15 characters.')
    expect(reason('Xq9!vLm3#pW2@rT6'.repeat(65))).toBe('Use at most 1024 bytes.')
    expect(reason('password1')).toBe('This password is too common. Please choose another one.')
    expect(reason('alice1990!', { context: ['alice'] })).toBe(CONTEXT)
  })

  it('CL-37 accepts a minimum length of exactly 64 and refuses non-integer ones', () => {
    const sixtyFour = 'zq8#vL2!pW4@rt6'.padEnd(64, 'k')
    expect(reason(sixtyFour, { minLength: 64 })).toBe('accepted')
    expect(reason(sixtyFour.slice(0, 63), { minLength: 64 })).toBe('Use at least 64 characters.')
    for (const minLength of [10.5, Number.NaN]) {
      expect(() => checkPasswordPolicy(sixtyFour, { minLength }), String(minLength)).toThrow(
        ConfigError,
      )
    }
    expect(() => checkPasswordPolicy(sixtyFour, { minLength: 65 })).toThrow(/at most 64/)
    expect(() => checkPasswordPolicy(sixtyFour, { minLength: 7 })).toThrow(/at least 8/)
  })

  it('CL-37 refuses over 1 024 bytes as typed, even when NFKC would bring it under', () => {
    // e + U+0301 is 3 bytes that NFKC composes into é, 2 bytes: 1 026 bytes typed, 684 normalized.
    const decomposed = 'e\u0301'.repeat(342)
    expect(Buffer.byteLength(decomposed)).toBe(1026)
    expect(Buffer.byteLength(decomposed.normalize('NFKC'))).toBe(684)
    expect(() => normalizePassword(decomposed)).toThrow(PasswordPolicyError)
  })

  it('CL-38 takes the longer of two overlapping context words whole', () => {
    // Removing `ann` first would leave `marie`, five letters, and let the password through.
    expect(reason('marianne2024', { context: ['Ann', 'Marianne'] })).toBe(CONTEXT)
  })

  it('CL-38 counts each word of a multi-word name, and a handle written with @ by its parts', () => {
    expect(reason('tessera2025', { context: ['Tessera Demo'] })).toBe(CONTEXT)
    expect(reason('smith1975!', { context: ['@alice_smith'] })).toBe(CONTEXT)
    expect(reason('jones1975!', { context: [' @bob_jones '] })).toBe(CONTEXT)
  })

  it('CL-38 counts an email by its local part, not by its domain', () => {
    expect(reason('alice1990!', { context: ['alice@quokkamail.net'] })).toBe(CONTEXT)
    expect(reason('quokkamail99', { context: ['alice@quokkamail.net'] })).toBe('accepted')
  })

  it('CL-38 counts context words of 3 characters or more, and ignores shorter ones', () => {
    expect(reason('bob1990!!', { context: ['bob'] })).toBe(CONTEXT)
    expect(reason('li#4827%19', { context: ['Li'] })).toBe('accepted')
  })

  it('CL-38 refuses a context word plus fewer than 4 other letters, accepts 4', () => {
    expect(reason('alice+xyz1', { context: ['alice'] })).toBe(CONTEXT)
    expect(reason('alice+wxyz', { context: ['alice'] })).toBe('accepted')
    // A password that holds no context word is not judged by its letters.
    expect(reason('zq8#74!29x', { context: ['alice'] })).toBe('accepted')
  })

  it('CL-38 skips context entries that are not text, such as a missing email', () => {
    const context = [undefined, 42, 'alice'] as unknown as string[]
    expect(reason('alice1990!', { context })).toBe(CONTEXT)
    expect(reason('correct horse battery staple', { context })).toBe('accepted')
  })
})
