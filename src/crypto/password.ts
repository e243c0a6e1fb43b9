/**
 * Password hashing with argon2id (RFC 9106) through `@node-rs/argon2`, in PHC string format
 * (`$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>`), so each hash carries its own parameters
 * and can be upgraded on the next successful login (checklist CL-35, CL-36).
 *
 * ```ts
 * import { hashPassword, verifyPassword, needsRehash, dummyVerify } from 'tessera-session/crypto'
 * ```
 *
 * Every function normalizes the password (NFKC) and refuses more than 1 024 bytes before any
 * hashing (CL-37), and runs through a process-wide concurrency limiter (CL-71) in which login
 * verification has its own lane, apart from the hashing of sign-ups and password changes.
 *
 * @module
 */

import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2'

import { ConfigError } from '../errors.js'
import { defaultHashLimiter, type HashLimiter } from './hash-limiter.js'
import { normalizePassword } from './password-policy.js'
import { randomBytesPooled } from './random.js'

/** The argon2id work factors. */
export interface Argon2Params {
  /** Memory per hash, in KiB (`m=`). */
  memoryCost: number
  /** Passes over the memory (`t=`). */
  timeCost: number
  /** Lanes (`p=`). */
  parallelism: number
}

/**
 * The defaults: RFC 9106 §4's second recommended option, m = 64 MiB, t = 3, p = 4.
 * About 40–70 ms per hash or verify on the 2-core reference machine (docs/passwords-and-throttling.md).
 */
export const DEFAULT_ARGON2_PARAMS: Readonly<Argon2Params> = Object.freeze({
  memoryCost: 65_536,
  timeCost: 3,
  parallelism: 4,
})

/**
 * The floor that options are validated against: OWASP's m = 19 MiB, t = 2, p = 1 (Password
 * Storage Cheat Sheet, ASVS 5.0 Appendix C). For hosts where 64 MiB × concurrency does not fit.
 */
export const MIN_ARGON2_PARAMS: Readonly<Argon2Params> = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
})

/** Upper bounds that keep one hash (or one stored hash's verify) from exhausting the host. */
const MAX_PARAMS: Readonly<Argon2Params> = {
  memoryCost: 4_194_304,
  timeCost: 1000,
  parallelism: 255,
}
const SALT_BYTES = 16
const HASH_BYTES = 32
/** argon2id, as `@node-rs/argon2`'s `Algorithm.Argon2id` (a const enum we can't import). */
const ARGON2ID = 2

/** Options of the password functions. Resolve them once and pass the same object every time. */
export interface PasswordHashOptions {
  /**
   * Memory per hash in KiB; at least 19 456.
   * @default 65536
   */
  memoryCost?: number
  /**
   * Passes over the memory; at least 2.
   * @default 3
   */
  timeCost?: number
  /**
   * Lanes; at least 1.
   * @default 4
   */
  parallelism?: number
  /**
   * An optional pepper: a secret key (≥ 32 bytes) kept outside the database, fed to argon2 as
   * its secret input K (RFC 9106 §3.1). Hashes made with it verify only with it.
   */
  pepper?: Uint8Array
  /**
   * The concurrency limiter.
   * @default defaultHashLimiter()
   */
  limiter?: HashLimiter
  /**
   * The limiter lane to queue in (`HashLimiterOptions.lanes`), so hashing for sign-up or a
   * password change cannot starve login verification.
   * @default 'verify' for verifyPassword and dummyVerify, 'hash' for hashPassword
   */
  lane?: string
}

/**
 * Hashes a password with argon2id, a fresh 16-byte salt and a 32-byte tag.
 *
 * @throws PasswordPolicyError when the password is over 1 024 bytes (nothing is hashed).
 * @throws PasswordHashBusyError when the limiter's queue is full or the wait times out.
 * @throws ConfigError when the options are below the OWASP floor.
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse battery staple')
 * ```
 */
export async function hashPassword(
  password: string,
  options: PasswordHashOptions = {},
): Promise<string> {
  const input = Buffer.from(normalizePassword(password), 'utf8')
  const params = resolveParams(options)
  const settings = { ...params, ...pepperOf(options), outputLen: HASH_BYTES, algorithm: ARGON2ID }
  const salt = randomBytesPooled(SALT_BYTES)
  return limiterOf(options).run(
    () => argon2Hash(input, { ...settings, salt }),
    options.lane ?? 'hash',
  )
}

/**
 * Checks a password against a stored hash. A hash that is not argon2 PHC (empty, malformed,
 * another algorithm, a disabled account's marker) returns `false` after a dummy verification
 * with the current parameters, so the answer takes as long as a real one (CL-41).
 *
 * @throws PasswordPolicyError when the password is over 1 024 bytes (nothing is hashed).
 * @throws PasswordHashBusyError when the limiter's queue is full or the wait times out.
 * @example
 * ```ts
 * if (await verifyPassword(user.passwordHash, form.password)) { … }
 * ```
 */
export async function verifyPassword(
  hash: string,
  password: string,
  options: PasswordHashOptions = {},
): Promise<boolean> {
  const input = Buffer.from(normalizePassword(password), 'utf8')
  const params = resolveParams(options)
  if (typeof hash === 'string' && parseHash(hash) !== undefined) {
    const pepper = pepperOf(options)
    const ok = await limiterOf(options).run(
      () => argon2Verify(hash, input, pepper).catch(() => undefined),
      options.lane ?? 'verify',
    )
    if (ok !== undefined) return ok
  }
  await runDummy(input, params, options)
  return false
}

/**
 * Does the work of a failed `verifyPassword` with the current parameters, for a login whose user
 * does not exist, so unknown and known users take the same time (CL-41). Always `false`.
 *
 * @throws PasswordPolicyError and PasswordHashBusyError exactly as `verifyPassword` does.
 * @example
 * ```ts
 * const ok = user ? await verifyPassword(user.hash, pw) : await dummyVerify(pw)
 * ```
 */
export async function dummyVerify(
  password: string,
  options: PasswordHashOptions = {},
): Promise<false> {
  const input = Buffer.from(normalizePassword(password), 'utf8')
  await runDummy(input, resolveParams(options), options)
  return false
}

/**
 * True when a stored hash should be replaced on the next successful login: not argon2id, an
 * older argon2 version, any work factor below the current options, a salt under 16 bytes or a
 * tag under 32 bytes, or a hash that can't be parsed (CL-36).
 *
 * @example
 * ```ts
 * if (ok && needsRehash(user.passwordHash)) await saveHash(user, await hashPassword(pw))
 * ```
 */
export function needsRehash(hash: string, options: PasswordHashOptions = {}): boolean {
  const params = resolveParams(options)
  const parsed = typeof hash === 'string' ? parseHash(hash) : undefined
  if (parsed === undefined) return true
  return (
    parsed.algorithm !== 'argon2id' ||
    parsed.version !== 19 ||
    parsed.memoryCost < params.memoryCost ||
    parsed.timeCost < params.timeCost ||
    parsed.parallelism < params.parallelism ||
    parsed.saltBytes < SALT_BYTES ||
    parsed.hashBytes < HASH_BYTES
  )
}

interface ParsedHash extends Argon2Params {
  algorithm: 'argon2id' | 'argon2i' | 'argon2d'
  version: number
  saltBytes: number
  hashBytes: number
}

const PHC =
  /^\$(argon2id|argon2i|argon2d)\$(?:v=(\d{1,3})\$)?m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})(?:,[a-z]+=[A-Za-z0-9+/.-]*)*\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{16,})$/

/** Parses an argon2 PHC string; `undefined` when malformed or beyond the host-safety bounds. */
function parseHash(hash: string): ParsedHash | undefined {
  const m = PHC.exec(hash)
  if (m === null) return undefined
  const [, algorithm, version = '16', mem, time, lanes, salt = '', tag = ''] = m
  const parsed: ParsedHash = {
    algorithm: algorithm as ParsedHash['algorithm'],
    version: Number(version),
    memoryCost: Number(mem),
    timeCost: Number(time),
    parallelism: Number(lanes),
    saltBytes: Math.floor((salt.length * 3) / 4),
    hashBytes: Math.floor((tag.length * 3) / 4),
  }
  const sane =
    (parsed.version === 16 || parsed.version === 19) &&
    parsed.timeCost >= 1 &&
    parsed.parallelism >= 1 &&
    parsed.memoryCost >= 8 * parsed.parallelism &&
    parsed.memoryCost <= MAX_PARAMS.memoryCost &&
    parsed.timeCost <= MAX_PARAMS.timeCost &&
    parsed.parallelism <= MAX_PARAMS.parallelism
  return sane ? parsed : undefined
}

/** A failed verification with `params`: a PHC string with a random salt and a random tag. */
async function runDummy(
  input: Buffer,
  params: Argon2Params,
  options: PasswordHashOptions,
): Promise<void> {
  const b64 = (n: number): string => randomBytesPooled(n).toString('base64').replace(/=+$/u, '')
  const { memoryCost: m, timeCost: t, parallelism: p } = params
  const dummy = `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(SALT_BYTES)}$${b64(HASH_BYTES)}`
  const pepper = pepperOf(options)
  await limiterOf(options).run(
    () => argon2Verify(dummy, input, pepper).catch(() => false),
    options.lane ?? 'verify',
  )
}

function resolveParams(options: PasswordHashOptions): Argon2Params {
  const params: Argon2Params = {
    memoryCost: options.memoryCost ?? DEFAULT_ARGON2_PARAMS.memoryCost,
    timeCost: options.timeCost ?? DEFAULT_ARGON2_PARAMS.timeCost,
    parallelism: options.parallelism ?? DEFAULT_ARGON2_PARAMS.parallelism,
  }
  for (const name of ['memoryCost', 'timeCost', 'parallelism'] as const) {
    const value = params[name]
    if (!Number.isSafeInteger(value) || value < MIN_ARGON2_PARAMS[name]) {
      throw new ConfigError(
        `argon2 ${name} must be an integer of at least ${MIN_ARGON2_PARAMS[name]} ` +
          '(OWASP floor m=19456, t=2, p=1).',
      )
    }
    if (value > MAX_PARAMS[name]) {
      throw new ConfigError(`argon2 ${name} must be at most ${MAX_PARAMS[name]}.`)
    }
  }
  return params
}

function pepperOf(options: PasswordHashOptions): { secret?: Uint8Array } {
  if (options.pepper === undefined) return {}
  if (!(options.pepper instanceof Uint8Array) || options.pepper.byteLength < 32) {
    throw new ConfigError('A password pepper must be at least 32 bytes.')
  }
  return { secret: options.pepper }
}

function limiterOf(options: PasswordHashOptions): HashLimiter {
  return options.limiter ?? defaultHashLimiter()
}
