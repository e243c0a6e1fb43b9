/**
 * Events for audit logs (CL-48): what happened, to whom, when, from where — never a password,
 * cookie value, session ID or CSRF token. `sessionHash` is a short hash of the session's store key
 * or handle, enough to correlate lines.
 *
 * @module
 */

/** The kinds of sign-in event. */
export type AuthEventType =
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'reauthenticated'
  | 'session-revoked'
  | 'sessions-revoked'
  | 'password-changed'
  | 'session-protection'

/** One sign-in event. */
export interface AuthEvent {
  readonly type: AuthEventType
  /** The user, when known (for `login-failed`, the submitted account name). */
  readonly userId: string | undefined
  /** UTC time, ms. */
  readonly at: number
  readonly ip: string | undefined
  readonly sessionHash: string | undefined
  /** How many sessions a bulk revocation ended. */
  readonly count?: number
}

/** Receives events; exceptions it throws are caught and ignored so logging never breaks sign-in. */
export type AuthEventHandler = (event: AuthEvent) => void
