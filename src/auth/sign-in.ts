/**
 * Where a sign-in lives in the session: the reserved keys the login manager reads and writes, in
 * one place for both cookie formats. The user id and the freshness flag carry Flask-Login's names
 * (`_user_id`, `_fresh`, from `codec/flask/session-data.ts`) in every format; tessera's own record
 * of the login (`_auth`: when, its revocation handle, the User-Agent and credential stamps) sits
 * beside them. With Flask's format the layout adds what Flask-Login itself writes and reads:
 * the session-protection identifier `_id` at login, and a session that has only `_user_id` (signed
 * in on the Flask side) counts as signed in.
 *
 * @module
 */
import { FLASK_SESSION_KEYS, flaskLoginIdentifier } from '../codec/flask/session-data.js'
import { readReserved, writeReserved, type SessionState } from '../core/session.js'
import { randomToken } from '../crypto/random.js'
import { createHash } from '../internal/node-crypto.js'

/** tessera's record of a login, under `_auth`. Times are milliseconds. */
export interface SignInRecord {
  /** When the password was last entered. */
  at: number
  /** Validity stamp for cookie revocation. */
  v: number
  /** Random handle of this login (cookie revocation); `''` for a Flask-Login sign-in. */
  sid: string
  /** Hash of the User-Agent (session protection). */
  ua?: string
  /** The user's credential version at login (`credentialVersion`). */
  cv?: string
}

/** A signed-in session's user and login record. */
export interface SignIn {
  readonly userId: string
  readonly auth: SignInRecord
}

/** @internal Reads and writes sign-ins in sessions of one cookie format. */
export interface SignIns {
  /** The sign-in in `state`, field types checked (CL-69); `undefined` when nobody is signed in. */
  read(state: SessionState): SignIn | undefined
  /** Records a new login of `userId`: fresh, with a new CSRF secret. */
  start(state: SessionState, userId: string, auth: SignInRecord): void
  /** A remembered login ends at `until` (ms), whatever the session's own lifetime. */
  rememberUntil(state: SessionState, until: number): void
  /** Replaces the login record, keeping the user. */
  update(state: SessionState, auth: SignInRecord): void
  /** Marks the login fresh (a password was entered now) and renews the CSRF secret. */
  refresh(state: SessionState): void
  /** A new CSRF secret, as after a privilege change. */
  renewCsrf(state: SessionState): void
  /** Whether the session carries the freshness flag. */
  isMarkedFresh(state: SessionState): boolean
  /** Removes every key a sign-in writes. */
  clear(state: SessionState): void
}

const USER_ID = FLASK_SESSION_KEYS.userId
const FRESH = FLASK_SESSION_KEYS.fresh
const LOGIN_IDENTIFIER = FLASK_SESSION_KEYS.loginIdentifier
const RECORD = '_auth'
const UNTIL = '_until'
const CSRF = '_csrf'

/** Every key a sign-in may write, in either format. */
const SIGN_IN_KEYS = [USER_ID, FRESH, RECORD, UNTIL, CSRF, LOGIN_IDENTIFIER] as const

/** What the format adds to the common layout. */
interface FormatLayout {
  /** The record of a session signed in without one, or `undefined` when that is no sign-in. */
  withoutRecord(state: SessionState): SignInRecord | undefined
  /** Written at login after the common keys. */
  stamp(state: SessionState): void
}

const TESSERA_LAYOUT: FormatLayout = {
  withoutRecord: () => undefined,
  stamp: () => undefined,
}

/** Flask-Login's own keys, so that a login made on either side holds on the other. */
const FLASK_LOGIN_LAYOUT: FormatLayout = {
  // Signed in by Flask-Login on the Flask side: no tessera record, only `_user_id`. Its freshness
  // is Flask-Login's `_fresh`; it has no handle to revoke individually.
  withoutRecord: (state) => ({ at: state.createdAt, v: state.createdAt, sid: '' }),
  // Flask-Login's session-protection identifier, so a Flask app accepts this login too.
  stamp(state) {
    const identifier = flaskLoginIdentifier({
      remoteAddr: state.client.ip ?? null,
      userAgent: state.client.userAgent ?? null,
    })
    writeReserved(state, LOGIN_IDENTIFIER, identifier)
  },
}

/**
 * @internal The sign-in layout of a cookie format.
 *
 * @param format - The session manager's `format`.
 * @param now - The clock: a record stamped more than a minute ahead of it is no sign-in.
 */
export function signIns(format: 'tessera' | 'flask', now: () => number): SignIns {
  const layout = format === 'flask' ? FLASK_LOGIN_LAYOUT : TESSERA_LAYOUT
  return {
    read(state) {
      const userId = readReserved(state, USER_ID)
      if (typeof userId !== 'string' || userId === '') return undefined
      const auth = readReserved(state, RECORD) as Partial<SignInRecord> | null | undefined
      if (auth === undefined) {
        const record = layout.withoutRecord(state)
        return record === undefined ? undefined : { userId, auth: record }
      }
      if (auth === null || typeof auth !== 'object') return undefined
      if (!isTime(auth.at) || !isTime(auth.v) || typeof auth.sid !== 'string') return undefined
      if (auth.cv !== undefined && typeof auth.cv !== 'string') return undefined
      if (auth.at > now() + 60_000) return undefined
      return { userId, auth: auth as SignInRecord }
    },
    start(state, userId, auth) {
      writeReserved(state, USER_ID, userId)
      writeReserved(state, FRESH, true)
      writeReserved(state, RECORD, auth)
      writeReserved(state, CSRF, randomToken(32))
      layout.stamp(state)
    },
    rememberUntil(state, until) {
      writeReserved(state, UNTIL, until)
    },
    update(state, auth) {
      writeReserved(state, RECORD, auth)
    },
    refresh(state) {
      writeReserved(state, FRESH, true)
      writeReserved(state, CSRF, randomToken(32))
    },
    renewCsrf(state) {
      writeReserved(state, CSRF, randomToken(32))
    },
    isMarkedFresh(state) {
      return readReserved(state, FRESH) === true
    },
    clear(state) {
      for (const key of SIGN_IN_KEYS) writeReserved(state, key, undefined)
    },
  }
}

/**
 * The handle a login is revoked under: its own, or `'flask'` for a Flask-Login sign-in, which has
 * none (only a revocation of all the user's earlier logins reaches it).
 */
export function revocationHandle(auth: SignInRecord): string {
  return auth.sid || 'flask'
}

/** A short hash of a User-Agent (or other text): 22 base64url characters of its SHA-256. */
export function hashText(text: string | undefined): string {
  return createHash('sha256')
    .update(text ?? '')
    .digest('base64url')
    .slice(0, 22)
}

/**
 * @internal The session's name in audit events: a hash of its login handle, never the handle
 * itself. The handle is the same in every event of one sign-in, from the login (before a
 * server-side session has its new ID) to the logout, in both modes; a session without one (a
 * Flask-Login sign-in) is named by its store key, and a sealed cookie without one by nothing.
 */
export function sessionHash(state: SessionState): string | undefined {
  const sid = (readReserved(state, RECORD) as SignInRecord | undefined)?.sid
  const id = typeof sid === 'string' && sid !== '' ? sid : state.storeKey
  return id === undefined ? undefined : hashText(id).slice(0, 12)
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}
