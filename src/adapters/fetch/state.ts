/**
 * What tessera remembers about one request between `getSession()` and `commit()`: the request, how
 * its transport was read, the cookies other helpers asked for (the login-form CSRF cookie), and the
 * mounted CSRF check for `csrfToken()`. Keyed by the request's `Session` object, which exists once
 * per request, so a handler only ever passes its `{ session }` around.
 *
 * @module
 */
import type { Csrf } from '../../auth/csrf-protection.js'

/** One request's adapter state. */
export interface RequestState {
  readonly request: Request
  /** The client's connection was TLS (or a trusted proxy said so). */
  readonly encrypted: boolean
  /** Extra Set-Cookie values appended at commit. */
  readonly cookies: string[]
  /** Set by `csrfProtected()`, read by `csrfToken()`. */
  csrf: Csrf | undefined
}

const states = new WeakMap<object, RequestState>()

/** Remember the state of the request that owns `session`. */
export function bindState(session: object, state: RequestState): void {
  states.set(session, state)
}

/** The state of the request that owns `session`, or a TypeError naming the missing wrapper. */
export function stateFor(session: object, helper: string): RequestState {
  const state = states.get(session)
  if (state === undefined) {
    throw new TypeError(
      `${helper} needs a session from fetchSessions(): wrap the handler with tessera.wrap() ` +
        'or call tessera.getSession(request).',
    )
  }
  return state
}
