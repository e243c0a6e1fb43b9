/**
 * How an express-session record becomes tessera session data: the default mapping, Passport's
 * mapping, and the sign-in a mapped `_user_id` turns into.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import type { Session } from '../../core/session.js'
import { readReserved, writeReserved, type SessionState } from '../../core/session-state.js'
import { randomToken } from '../../crypto/random.js'
import { SessionValueError } from '../../errors.js'

/** The data of an old session, as a `map` function receives it (express-session's `cookie` too). */
export type ExpressSessionData = Readonly<Record<string, unknown>>

/**
 * Turns an old session's data into the new session's keys. Return `_user_id` to sign the user in
 * (as `createLoginManager` would, but not fresh); every other key is set as with `session.set`.
 */
export type ExpressSessionMap = (data: ExpressSessionData) => Record<string, unknown>

/** The default mapping: every key of the record except express-session's `cookie`. */
export function copyExpressSession(data: ExpressSessionData): Record<string, unknown> {
  const { cookie: _cookie, ...rest } = data
  return rest
}

/**
 * Passport's mapping: `passport.user` (what `serializeUser` stored: a string or number) becomes
 * tessera's sign-in, and every other key except `cookie` and `passport` is copied.
 *
 * ```ts
 * import { mapPassport } from 'tessera-session/migrate/express-session'
 * withExpressSessionMigration(manager, { secret, source, map: mapPassport })
 * ```
 */
export function mapPassport(data: ExpressSessionData): Record<string, unknown> {
  const { cookie: _cookie, passport, ...rest } = data
  const user =
    passport !== null && typeof passport === 'object'
      ? (passport as { user?: unknown }).user
      : undefined
  return user === undefined ? rest : { ...rest, _user_id: user }
}

/** @internal What applying the mapped data did. */
export interface Applied {
  /** Keys set (the sign-in counts as one). */
  readonly keys: number
  /** Keys left out: reserved by tessera, refused as values, or over the key limit. */
  readonly skipped: readonly string[]
}

/**
 * @internal Set the mapped data on a new session. A `_user_id` that is a non-empty string or a number
 * becomes a sign-in the login manager accepts: the same reserved keys `login()` writes, marked
 * not fresh (no password was entered), with the request's User-Agent for `sessionProtection:
 * 'strong'` and, when given, the user's credential version.
 */
export function applyData(
  session: Session,
  state: SessionState,
  data: Readonly<Record<string, unknown>>,
  login: { now: number; userAgent: string | undefined; credentialVersion: string | undefined },
): Applied {
  const skipped: string[] = []
  let keys = 0
  for (const [key, value] of Object.entries(data)) {
    if (key === '_user_id' || value === undefined) continue
    try {
      session.set(key, value)
      keys += 1
    } catch (err) {
      if (!(err instanceof SessionValueError)) throw err
      skipped.push(key)
    }
  }
  const user = data._user_id
  const userId = typeof user === 'number' && Number.isFinite(user) ? String(user) : user
  if (typeof userId === 'string' && userId !== '') {
    const auth: Record<string, unknown> = {
      at: login.now,
      v: login.now,
      sid: randomToken(16),
      ua: uaHash(login.userAgent),
    }
    if (login.credentialVersion !== undefined) auth.cv = login.credentialVersion
    writeReserved(state, '_user_id', userId)
    writeReserved(state, '_fresh', false)
    writeReserved(state, '_auth', auth)
    if (typeof readReserved(state, '_csrf') !== 'string') {
      writeReserved(state, '_csrf', randomToken(32))
    }
    keys += 1
  } else if (user !== undefined) {
    skipped.push('_user_id')
  }
  return { keys, skipped }
}

/** The User-Agent digest the login manager compares under `sessionProtection: 'strong'`. */
function uaHash(userAgent: string | undefined): string {
  return createHash('sha256')
    .update(userAgent ?? '')
    .digest('base64url')
    .slice(0, 22)
}
