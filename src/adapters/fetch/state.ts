/**
 * What tessera remembers about one request between `getSession()` and `commit()`: its one
 * `HttpRequest` (built once, transport read under `trustProxy`), the cookies other helpers asked for (the login-form CSRF cookie), and the
 * mounted CSRF check for `csrfToken()`. Keyed by the request's `Session` object, which exists once
 * per request, so a handler only ever passes its `{ session }` around.
 *
 * @module
 */
import type { Csrf } from '../../auth/csrf-protection.js'
import type { FetchHttpRequest } from './request.js'

/** One request's adapter state. */
export interface RequestState {
  /** The request as sessions, CSRF and the guards read it. */
  readonly request: FetchHttpRequest
  /** Extra Set-Cookie values appended at commit. */
  readonly cookies: string[]
  /** Set by `csrfProtected()`, read by `csrfToken()`. */
  csrf: Csrf | undefined
}

// A symbol-keyed slot on the session, not a WeakMap: an entry per request costs about 1.9 µs in
// ephemeron bookkeeping (docs/decisions.md §30), and the session lives exactly as long as the state.
const STATE = Symbol('tessera.fetch.state')
type WithState = { [STATE]?: RequestState }

/** Remember the state of the request that owns `session`. */
export function bindState(session: object, state: RequestState): void {
  ;(session as WithState)[STATE] = state
}

/** The state of the request that owns `session`, if `fetchSessions()` made it. */
export function stateOf(session: object): RequestState | undefined {
  // Own slot only: an object made from the session (`Object.create(session)`) is not it.
  return Object.hasOwn(session, STATE) ? (session as WithState)[STATE] : undefined
}

/** The state of the request that owns `session`, or a TypeError naming the missing wrapper. */
export function stateFor(session: object, helper: string): RequestState {
  const state = stateOf(session)
  if (state === undefined) {
    throw new TypeError(
      `${helper} needs a session from fetchSessions(): wrap the handler with tessera.wrap() ` +
        'or call tessera.getSession(request).',
    )
  }
  return state
}
