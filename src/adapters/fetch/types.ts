/**
 * The handler shapes of the fetch adapter, shared by the session wrapper, the guards and the CSRF
 * check.
 *
 * @module
 */
import type { AppSessionData, Session } from '../../core/session.js'

/** What a wrapped handler receives beside the request. */
export interface FetchSessionContext<Data extends object = AppSessionData> {
  /** The request's session, loaded. */
  readonly session: Session<Data>
}

/** A fetch handler that receives the session; `Rest` are the runtime's extra arguments. */
export type SessionHandler<
  Rest extends unknown[] = unknown[],
  Data extends object = AppSessionData,
> = (
  request: Request,
  context: FetchSessionContext<Data>,
  ...rest: Rest
) => Response | Promise<Response>

/**
 * Something that wraps a session handler in a check (a guard, CSRF protection), keeping its extra
 * arguments: `tessera.wrap(loginRequired(auth)(handler))`.
 */
export type HandlerWrapper = <Rest extends unknown[]>(
  handler: SessionHandler<Rest>,
) => SessionHandler<Rest>
