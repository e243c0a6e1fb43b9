/**
 * The demo's user accounts: one small repository interface, implemented on SQLite
 * (`sqlite-users.ts`) and PostgreSQL (`postgres-users.ts`), and the username rules both share.
 *
 * @module
 */

/** A stored account. Times are milliseconds since the epoch. */
export interface User {
  readonly id: string
  /** Lower-case, 3–32 characters of `[a-z0-9_.-]`. */
  readonly username: string
  /** argon2id PHC string (`tessera-session/crypto`). */
  readonly passwordHash: string
  readonly createdAt: number
  /** The latest successful login, or `null` before the first one. */
  readonly lastLoginAt: number | null
  /**
   * The credential generation: 1 at sign-up, one more at every password change, never changed by
   * a rehash. Sessions record it at login and end when it moves on (`credentialVersion`).
   */
  readonly credentialVersion: number
}

/** What the app needs from a user store. */
export interface UserRepository {
  /** `sqlite` or `postgres`, for logs and docs. */
  readonly kind: 'sqlite' | 'postgres'
  /** Create or upgrade the schema. Idempotent, and safe when several processes start at once. */
  migrate(): Promise<void>
  /** @throws UsernameTakenError when the name is taken, in any letter case. */
  create(input: { username: string; passwordHash: string; createdAt: number }): Promise<User>
  byId(id: string): Promise<User | undefined>
  /** Case-insensitive lookup. */
  byUsername(username: string): Promise<User | undefined>
  /**
   * A password change: replaces the hash and bumps `credentialVersion`, in one statement. With
   * `rehashOf` (the hash that was just verified) it is a rehash instead (CL-36): the version stays,
   * and nothing is written unless the stored hash is still that one, so a rehash can never undo a
   * password change that landed meanwhile.
   */
  setPasswordHash(id: string, passwordHash: string, options?: { rehashOf?: string }): Promise<void>
  recordLogin(id: string, at: number): Promise<void>
}

/** The username is already registered (the unique index said so). */
export class UsernameTakenError extends Error {
  constructor() {
    super('That username is already taken.')
    this.name = 'UsernameTakenError'
  }
}

/** Usernames: 3–32 characters of `[a-z0-9_.-]`. */
export const USERNAME_PATTERN: RegExp = /^[a-z0-9_.-]{3,32}$/

/** Form input to the stored form: trimmed and lower-cased (so `Alice` signs in as `alice`). */
export function normalizeUsername(input: string): string {
  return input.trim().toLowerCase()
}

/** A message for the form when the (normalized) username breaks the rules, else `undefined`. */
export function usernameProblem(username: string): string | undefined {
  if (username.length < 3) return 'Choose a username of at least 3 characters.'
  if (username.length > 32) return 'Choose a username of at most 32 characters.'
  if (!USERNAME_PATTERN.test(username)) {
    return 'Use only lower-case letters, digits, dots, dashes and underscores in the username.'
  }
  return undefined
}

/** User ids are positive integers in both databases; anything else matches no user. */
export function isUserId(id: string): boolean {
  return /^[1-9][0-9]{0,17}$/.test(id)
}
