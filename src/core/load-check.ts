/**
 * A check the sign-in layer runs on every sealed-cookie session as it is loaded (issue 14): a
 * session that was logged out, revoked, or belongs to a user whose sessions were all ended is
 * refused for all of its data, not only for its login. The login manager attaches one to its
 * session manager; core knows nothing of logins, only that a loaded session may be refused and
 * that a destroyed one may have to be retired.
 *
 * With a check attached, `handle.load()` opens the cookie before the handler runs (without
 * counting as an access, so a handler that never touches the session still adds nothing to the
 * response), and waits when the check has to ask a store.
 *
 * @module
 */
import type { SessionState } from './session-state.js'

/** @internal What the sign-in layer asks of a loaded sealed session. */
export interface LoadCheck {
  /**
   * True to refuse the session: the request goes on with a new, empty session and its cookie is
   * deleted. A promise when a store must be asked (a rejection fails the request: the adapters
   * answer 503), else the answer at once.
   */
  refuses(state: SessionState): boolean | Promise<boolean>
  /** At commit, for a loaded session the handler destroyed: revoke what it carried. */
  retire(state: SessionState): void | Promise<void>
}

/** @internal The checks of one session manager, read by its cookie sessions on each load. */
export interface LoadChecks {
  check: LoadCheck | undefined
}

const CHECKS = Symbol('tessera.loadChecks')

/** @internal Give a manager object its (empty) slot for load checks. */
export function withLoadChecks<T extends object>(manager: T, checks: LoadChecks): T {
  Object.defineProperty(manager, CHECKS, { value: checks })
  return manager
}

/**
 * @internal Attach a check to a session manager made by `createSessionManager` (anything else is
 * left alone: the login manager still checks each login itself). A second check runs after the
 * first: a session either refuses is refused, and both retire a destroyed one.
 */
export function attachLoadCheck(manager: object, check: LoadCheck): void {
  const checks = (manager as { [CHECKS]?: LoadChecks })[CHECKS]
  if (checks === undefined) return
  const first = checks.check
  checks.check =
    first === undefined
      ? check
      : {
          refuses(state) {
            const a = first.refuses(state)
            if (a === true) return true
            if (a === false) return check.refuses(state)
            return a.then((refused) => refused || check.refuses(state))
          },
          retire(state) {
            const a = first.retire(state)
            if (a === undefined) return check.retire(state)
            return a.then(() => check.retire(state))
          },
        }
}
