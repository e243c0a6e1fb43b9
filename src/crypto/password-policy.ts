/**
 * The password policy of NIST SP 800-63B-4 §3.1.1.2 and ASVS v5.0.0-6.2 (checklist CL-37,
 * CL-38): Unicode NFKC normalization, at least 8 characters, at least 64 accepted, at most
 * 1 024 UTF-8 bytes (checked before any hashing), no composition rules, and a blocklist of common
 * passwords plus context words (the username, the app's name).
 *
 * ```ts
 * import { checkPasswordPolicy } from 'tessera-session/crypto'
 * ```
 *
 * @module
 */

import { ConfigError, PasswordPolicyError } from '../errors.js'
import { COMMON_PASSWORDS } from './common-passwords.js'

/** The hard cap on a password, in UTF-8 bytes, before and after normalization. */
export const MAX_PASSWORD_BYTES = 1024
/** The floor of the minimum length, in characters (Unicode code points). */
export const MIN_PASSWORD_LENGTH = 8
/** Every password up to this many characters must be accepted, so `minLength` can't exceed it. */
const MAX_MIN_LENGTH = 64
/** Context words shorter than this are ignored: they would match too much. */
const MIN_CONTEXT_WORD = 3

/** Options of {@link checkPasswordPolicy}. */
export interface PasswordPolicyOptions {
  /**
   * Words the password must not be built on: the username, the email address (its local part
   * is taken too), the app's name. Case and Unicode forms are ignored.
   */
  context?: readonly string[]
  /**
   * The minimum length in characters (code points). NIST recommends 15 for single-factor
   * sign-in; the floor is 8 and the ceiling 64.
   * @default 8
   */
  minLength?: number
}

/**
 * Normalizes a password to Unicode NFKC and enforces the 1 024-byte cap, without hashing.
 * `hashPassword` and `verifyPassword` call it, so `é` typed as U+00E9 or as `e` + U+0301 is the
 * same password. The cap is checked on the raw string first, so a 1 MB body costs no
 * normalization.
 *
 * @throws PasswordPolicyError when the password is not a string or is over 1 024 bytes.
 * @example
 * ```ts
 * normalizePassword('cafe\u0301') === 'caf\u00e9' // true
 * ```
 */
export function normalizePassword(password: string): string {
  if (typeof password !== 'string') throw new PasswordPolicyError('The password must be text.')
  // A UTF-16 code unit is at least one UTF-8 byte: this bounds the bytes before any real work.
  if (password.length > MAX_PASSWORD_BYTES || !fitsCap(password)) throw tooLong()
  const normalized = password.normalize('NFKC')
  if (!fitsCap(normalized)) throw tooLong()
  return normalized
}

/**
 * Checks a new password (sign-up, password change, reset) against the policy. Returns quietly
 * when it passes; there are no composition rules ("must contain a digit") by design.
 *
 * @throws PasswordPolicyError with a message fit to show the user: too short, too long, too
 *   common, or built on a context word.
 * @throws ConfigError when `minLength` is below 8 or above 64.
 * @example
 * ```ts
 * checkPasswordPolicy(form.password, { context: [form.username, 'Tessera'] })
 * ```
 */
export function checkPasswordPolicy(password: string, options: PasswordPolicyOptions = {}): void {
  const minLength = options.minLength ?? MIN_PASSWORD_LENGTH
  if (!Number.isSafeInteger(minLength) || minLength < MIN_PASSWORD_LENGTH) {
    throw new ConfigError(`minLength must be an integer of at least ${MIN_PASSWORD_LENGTH}.`)
  }
  if (minLength > MAX_MIN_LENGTH) {
    throw new ConfigError(`minLength must be at most ${MAX_MIN_LENGTH}: longer must be accepted.`)
  }
  const normalized = normalizePassword(password)
  if (codePoints(normalized) < minLength) {
    throw new PasswordPolicyError(`Use at least ${minLength} characters.`)
  }
  const lower = normalized.toLowerCase()
  if (isCommonPassword(lower)) {
    throw new PasswordPolicyError('This password is too common. Please choose another one.')
  }
  if (isBuiltOnContext(lower, options.context ?? [])) {
    throw new PasswordPolicyError('The password must not be based on your username or the site.')
  }
}

/**
 * True when `password` is on the blocklist: as typed, with common leetspeak undone (`p@ssw0rd`),
 * as a common word with a short or predictable decoration (`monkey2024!`, `!!sunshine`), or as
 * one short unit repeated (`aaaaaaaa`, `abcabcabc`), or as nothing but whitespace.
 *
 * @example
 * ```ts
 * isCommonPassword('Password123') // true
 * ```
 */
export function isCommonPassword(password: string): boolean {
  const list = blocklist()
  const lower = password.normalize('NFKC').toLowerCase()
  const squeezed = lower.replace(/\s+/gu, '')
  // One short unit repeated (`aaaaaaaa`, `abcabcabc`, `lovelove`) is as guessable as a list entry,
  // and so is nothing but whitespace (eight spaces), which the squeeze leaves empty.
  if (squeezed === '' || /^(.{1,4})\1+$/u.test(squeezed)) return true
  for (const candidate of [lower, squeezed, ...unleet(squeezed)]) {
    if (list.has(candidate)) return true
  }
  const match = /^([^\p{L}]*)(.*?)([^\p{L}]*)$/u.exec(squeezed)
  const [, head = '', core = '', tail = ''] = match ?? []
  if (core === '' || !isWeakDecoration(head) || !isWeakDecoration(tail)) return false
  return [core, ...unleet(core)].some((c) => list.has(c))
}

let cached: Set<string> | undefined

/** The blocklist as a set, built once on first use. */
function blocklist(): Set<string> {
  cached ??= new Set(COMMON_PASSWORDS.split(/\s+/u).filter((w) => w !== ''))
  return cached
}

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '+': 't',
  '|': 'l',
}

/** The leetspeak readings of `text` (`1` read as `i`, and as `l`); empty when there is none. */
function unleet(text: string): string[] {
  if (!/[0-9@$!+|]/u.test(text)) return []
  const asI = text.replace(/[0-9@$!+|]/gu, (c) => LEET[c] ?? c)
  const asL = text.replace(/[0-9@$!+|]/gu, (c) => (c === '1' ? 'l' : (LEET[c] ?? c)))
  return asI === asL ? [asI] : [asI, asL]
}

const YEAR = /^(?:19|20)\d\d[^\p{L}\d]{0,2}$/u
const ASCENDING = '01234567890'
const DESCENDING = '09876543210'

/** A run of non-letters around a common word that adds almost nothing to guess. */
function isWeakDecoration(text: string): boolean {
  if (text.length <= 4 || YEAR.test(text)) return true
  const digits = text.replace(/[^\d]+$/u, '')
  if (text.length - digits.length > 2 || !/^\d+$/u.test(digits)) return false
  return ASCENDING.includes(digits) || DESCENDING.includes(digits) || /^(\d)\1*$/u.test(digits)
}

/** True when the password is made of context words plus fewer than 4 other letters. */
function isBuiltOnContext(lower: string, context: readonly string[]): boolean {
  // Longest first, so `tessera demo` is taken whole before `tessera` and `demo`.
  const words = [...contextWords(context)].sort((a, b) => b.length - a.length)
  if (words.length === 0) return false
  for (const candidate of [lower, ...unleet(lower)]) {
    let rest = candidate.replace(/[^\p{L}\p{N}]+/gu, '')
    const before = rest
    for (const word of words) rest = rest.split(word).join('')
    if (rest !== before && codePoints(rest.replace(/[^\p{L}]/gu, '')) < 4) return true
  }
  return false
}

/** Lowercased context words, with an email's local part and the parts of multi-word names. */
function contextWords(context: readonly string[]): Set<string> {
  const words = new Set<string>()
  for (const raw of context) {
    if (typeof raw !== 'string') continue
    const value = raw.normalize('NFKC').toLowerCase().trim()
    // An email counts by its local part (and that part's pieces), not by its domain.
    const at = value.lastIndexOf('@')
    const local = at > 0 ? value.slice(0, at) : value
    const parts = [value, local, ...local.split(/[^\p{L}\p{N}]+/u)]
    for (const part of parts) {
      const word = part.replace(/[^\p{L}\p{N}]+/gu, '')
      if (codePoints(word) >= MIN_CONTEXT_WORD) words.add(word)
    }
  }
  return words
}

function codePoints(text: string): number {
  let n = 0
  for (const _ of text) n += 1
  return n
}

function fitsCap(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') <= MAX_PASSWORD_BYTES
}

function tooLong(): PasswordPolicyError {
  return new PasswordPolicyError(`Use at most ${MAX_PASSWORD_BYTES} bytes.`)
}
