/**
 * Lifecycle hooks: one typed event per step of a session's life, for metrics, traces and logs.
 * Events carry what happened and why, never a secret, session ID, cookie value or session data;
 * the signed-in user's ID only when the app asks for it (`includeUserId`). With no `hooks` option
 * nothing is allocated and nothing runs (docs/observability.md, docs/decisions.md §27).
 *
 * ```ts
 * import { createSessionManager } from 'tessera-session'
 * const manager = createSessionManager({
 *   secret: process.env.TESSERA_SECRET!,
 *   hooks: { onEvent: (event) => console.log(event.type) },
 * })
 * ```
 *
 * @module
 */
import { ConfigError } from '../errors.js'
import { checkShape, is } from './validate.js'

/** Where the session lives: a sealed cookie or a server-side store. */
export type SessionMode = 'cookie' | 'store'

/**
 * Why a presented session was refused. `tampered`: the seal or ID tag did not verify;
 * `unknown-key`: sealed under a key no longer configured; `expired`: past the deadline sealed
 * into the cookie; `future`: issued in the future (clock skew beyond a minute); `malformed`: not
 * the format at all; `not-found`: a well-signed ID with no record (purged, destroyed or revoked
 * elsewhere); `revoked`: signed out by the login manager (logout elsewhere, password change);
 * `invalid`: its data (after migration) fails the `schema` option; `unmigratable`: written at a
 * `schemaVersion` with no chain of `migrate` steps to the current one, or a step threw.
 */
export type RefusalReason =
  | 'tampered'
  | 'unknown-key'
  | 'expired'
  | 'future'
  | 'malformed'
  | 'not-found'
  | 'revoked'
  | 'invalid'
  | 'unmigratable'

interface EventBase {
  readonly mode: SessionMode
  /** When it happened, ms since the epoch (the manager's clock). */
  readonly at: number
  /** The signed-in user, only with `includeUserId: true` and only when one is signed in. */
  readonly userId?: string
}

/** A session was read from a valid cookie or record. */
export interface LoadedEvent extends EventBase {
  readonly type: 'loaded'
}
/** A new session was written for the first time. `size`: the sealed cookie's bytes. */
export interface CreatedEvent extends EventBase {
  readonly type: 'created'
  readonly size?: number
}
/** A changed session was written. `size`: the sealed cookie's bytes. */
export interface SavedEvent extends EventBase {
  readonly type: 'saved'
  readonly size?: number
}
/**
 * An unchanged session's deadline was pushed forward (`deadline`: the record was touched or the
 * cookie re-sealed) and/or its cookie re-issued (`cookie`).
 */
export interface RefreshedEvent extends EventBase {
  readonly type: 'refreshed'
  readonly deadline: boolean
  readonly cookie: boolean
  readonly size?: number
}
/**
 * The session was re-issued under a new identity: `key`, re-sealed or re-signed under the newest
 * secret after an older one opened it; `id`, a new session ID or seal after `regenerate()`.
 */
export interface RotatedEvent extends EventBase {
  readonly type: 'rotated'
  readonly kind: 'key' | 'id'
  readonly size?: number
}
/**
 * The login manager revoked sessions: `session` (logout or one session), `others` (every other
 * session of the user), `user` (all of them). `count`: records removed, when known.
 */
export interface RevokedEvent extends EventBase {
  readonly type: 'revoked'
  readonly scope: 'session' | 'others' | 'user'
  readonly count?: number
}
/** The session ended by `destroy()` or `clear()`: its cookie was deleted, its record removed. */
export interface DestroyedEvent extends EventBase {
  readonly type: 'destroyed'
}
/** A presented session was past its idle or absolute deadline under the current options. */
export interface ExpiredEvent extends EventBase {
  readonly type: 'expired'
  readonly timeout: 'idle' | 'absolute'
}
/** A presented cookie was refused; the request goes on with a new, empty session. */
export interface RefusedEvent extends EventBase {
  readonly type: 'refused'
  readonly reason: RefusalReason
}

/**
 * A loaded session written at an older `schemaVersion` was migrated step by step (`from` → `to`)
 * and validated; it is re-saved at the end of the request.
 */
export interface MigratedEvent extends EventBase {
  readonly type: 'migrated'
  readonly from: number
  readonly to: number
}

/** Every lifecycle event, discriminated by `type`. */
export type SessionEvent =
  | LoadedEvent
  | CreatedEvent
  | SavedEvent
  | RefreshedEvent
  | RotatedEvent
  | RevokedEvent
  | DestroyedEvent
  | ExpiredEvent
  | RefusedEvent
  | MigratedEvent

/** The event types, in lifecycle order. */
export const SESSION_EVENT_TYPES: readonly SessionEvent['type'][] = Object.freeze([
  'created',
  'loaded',
  'migrated',
  'saved',
  'refreshed',
  'rotated',
  'revoked',
  'destroyed',
  'expired',
  'refused',
])

/** The `hooks` option of the session options. */
export interface SessionHooks {
  /**
   * Called synchronously for every event. An exception it throws is caught (the request goes on)
   * and reported once (per manager) with `process.emitWarning` (code `TESSERA_HOOK_FAILED`).
   */
  onEvent?: (event: SessionEvent) => void
  /** Add the signed-in user's ID (`userId`) to events. @default false */
  includeUserId?: boolean
}

/** Hooks after validation: `undefined` when there is nothing to call. */
export interface ResolvedHooks {
  readonly onEvent: (event: SessionEvent) => void
  readonly includeUserId: boolean
}

const HOOKS_SHAPE = { onEvent: is.function, includeUserId: is.boolean }

/** Validate the `hooks` option; `undefined` when no listener is given. @throws ConfigError */
export function resolveHooks(hooks: SessionHooks | undefined): ResolvedHooks | undefined {
  if (hooks === undefined) return undefined
  if (typeof hooks !== 'object' || hooks === null) {
    throw new ConfigError('hooks must be an object such as { onEvent(event) { … } }.')
  }
  checkShape('hooks', hooks, HOOKS_SHAPE)
  const listener = hooks.onEvent
  if (listener === undefined) return undefined
  return Object.freeze({ onEvent: guard(listener), includeUserId: hooks.includeUserId === true })
}

/** A listener that never throws: its first failure is reported as a process warning. */
function guard(listener: (event: SessionEvent) => void): (event: SessionEvent) => void {
  let warned = false
  return (event) => {
    try {
      listener(event)
    } catch (err) {
      if (warned) return
      warned = true
      const what = err instanceof Error ? err.name : typeof err
      process.emitWarning(
        `tessera: a session hook threw (${what}) on a '${event.type}' event; ` +
          'the request went on. Later failures are not reported.',
        { code: 'TESSERA_HOOK_FAILED' },
      )
    }
  }
}

/** The signed-in user of session data, for events, when the app opted in. */
export function userIdFor(
  hooks: ResolvedHooks,
  data: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>,
): { userId?: string } {
  if (!hooks.includeUserId) return {}
  const id: unknown =
    data instanceof Map ? data.get('_user_id') : (data as Record<string, unknown>)._user_id
  return typeof id === 'string' || typeof id === 'number' ? { userId: String(id) } : {}
}
