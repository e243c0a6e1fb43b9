/**
 * Cryptographic helpers: random tokens, constant-time comparison and password hashing (argon2id
 * with OWASP parameters, a policy check with a blocklist, a bounded hashing queue).
 *
 * ```ts
 * import { hashPassword, verifyPassword, needsRehash, checkPasswordPolicy } from 'tessera-session/crypto'
 * ```
 *
 * @module
 */
export { randomToken, randomBytesPooled } from './random.js'
export { timingSafeEqualString, timingSafeEqualBytes } from './compare.js'
export {
  hashPassword,
  verifyPassword,
  dummyVerify,
  needsRehash,
  DEFAULT_ARGON2_PARAMS,
  MIN_ARGON2_PARAMS,
} from './password.js'
export type { Argon2Params, PasswordHashOptions } from './password.js'
export {
  checkPasswordPolicy,
  normalizePassword,
  isCommonPassword,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
} from './password-policy.js'
export type { PasswordPolicyOptions } from './password-policy.js'
export { createHashLimiter, defaultHashLimiter } from './hash-limiter.js'
export type { HashLimiter, HashLimiterOptions } from './hash-limiter.js'
