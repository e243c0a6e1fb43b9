/**
 * A user's active sessions: the list an account page shows ("Firefox on Linux, last seen …") and
 * the ways to end them, one, all but this one, or all (CL-47). With server-side sessions each row
 * is a store record of the user; a sealed cookie has no server-side list, so it shows itself, and
 * ending the others revokes every earlier login of the user in the revocation store.
 *
 * ```ts
 * import { createLoginManager } from 'tessera-session/auth'
 * const auth = createLoginManager({ sessions, loadUser })
 * const rows = await auth.listSessions(session)
 * await auth.revokeSession(session, rows[1].handle)
 * ```
 *
 * @module
 */
import type { SessionManager } from '../core/session-manager.js'
import { stateOf, type Session, type SessionState } from '../core/session.js'
import { createHmac } from '../internal/node-crypto.js'
import type { AuthEventType } from './events.js'
import type { RevocationStore } from './revocation.js'
import type { SignIns } from './sign-in.js'
import { describeDevice } from './user-agent.js'

/** One row of the active-sessions list. */
export interface ActiveSession {
  /** Opaque handle for `revokeSession`; not a session ID, not usable as a cookie. */
  readonly handle: string
  /** "Firefox on Linux". */
  readonly device: string
  readonly userAgent: string | null
  readonly ip: string | null
  readonly createdAt: number
  readonly lastSeenAt: number
  /** True for the session making the request. */
  readonly current: boolean
}

/** The active-sessions part of the login manager. */
export interface ActiveSessions {
  listSessions(session: Session): Promise<ActiveSession[]>
  revokeSession(session: Session, handle: string): Promise<boolean>
  revokeOtherSessions(session: Session): Promise<number>
  /** End every session of a user (account disabled or deleted, CL-47). */
  revokeAllSessions(userId: string): Promise<number>
}

/** @internal What the active sessions take from the login manager that owns them. */
export interface ActiveSessionsContext {
  readonly manager: SessionManager
  readonly revocations: RevocationStore
  readonly signIns: SignIns
  /** How long a revocation is kept: the longest any session can live, ms. */
  readonly longestLifeMs: number
  /** The login manager's logout (which revokes a sealed cookie's handle). */
  readonly logout: (session: Session) => Promise<void>
  /** An audit event (`onEvent`). */
  readonly emit: (type: AuthEventType, state: SessionState, userId: string, count?: number) => void
  /** The `revoked` lifecycle hook. */
  readonly revoked: (scope: 'session' | 'others' | 'user', userId: string, count: number) => void
}

/** @internal The active sessions of a login manager. */
export function createActiveSessions(context: ActiveSessionsContext): ActiveSessions {
  const { manager, revocations, signIns, longestLifeMs, emit, revoked } = context
  const now = manager.options.now
  const cookieMode = manager.mode === 'cookie'
  const handleKey = manager.keyRing.keys('revocation').primary.key

  return {
    async listSessions(session) {
      const state = stateOf(session)
      const found = signIns.read(state)
      if (found === undefined) return []
      if (cookieMode || state.store === undefined) {
        const t = now()
        return [
          {
            handle: handleOf(handleKey, found.auth.sid),
            device: describeDevice(state.client.userAgent),
            userAgent: state.client.userAgent ?? null,
            ip: state.client.ip ?? null,
            createdAt: found.auth.v,
            lastSeenAt: t,
            current: true,
          },
        ]
      }
      const rows = await state.store.listByUser(found.userId)
      return rows.map((info) => ({
        handle: handleOf(handleKey, info.key),
        device: describeDevice(info.userAgent),
        userAgent: info.userAgent,
        ip: info.ip,
        createdAt: info.createdAt,
        lastSeenAt: info.lastSeenAt,
        current: info.key === state.storeKey,
      }))
    },

    async revokeSession(session, handle) {
      const state = stateOf(session)
      const found = signIns.read(state)
      if (found === undefined || typeof handle !== 'string') return false
      if (cookieMode || state.store === undefined) {
        if (handle !== handleOf(handleKey, found.auth.sid)) return false
        await context.logout(session)
        return true
      }
      const rows = await state.store.listByUser(found.userId)
      const target = rows.find((info) => handleOf(handleKey, info.key) === handle)
      if (target === undefined) return false
      if (target.key === state.storeKey) {
        await context.logout(session)
      } else {
        await state.store.destroy(target.key)
      }
      emit('session-revoked', state, found.userId)
      revoked('session', found.userId, 1)
      return true
    },

    async revokeOtherSessions(session) {
      const state = stateOf(session)
      const found = signIns.read(state)
      if (found === undefined) return 0
      let count: number
      if (cookieMode || state.store === undefined) {
        const t = now()
        await revocations.revokeUser(found.userId, t, t + longestLifeMs)
        signIns.update(state, { ...found.auth, v: t })
        count = 0
      } else {
        count = await state.store.destroyByUser(found.userId, state.storeKey)
      }
      emit('sessions-revoked', state, found.userId, count)
      revoked('others', found.userId, count)
      return count
    },

    async revokeAllSessions(userId) {
      const t = now()
      await revocations.revokeUser(userId, t + 1, t + longestLifeMs)
      const store = manager.options.store
      const count = store === undefined ? 0 : await store.destroyByUser(userId)
      revoked('user', userId, count)
      return count
    },
  }
}

/** A row's handle: HMAC of its store key or login handle under the `revocation` key, 22 chars. */
function handleOf(key: Uint8Array, id: string): string {
  return createHmac('sha256', key).update(id).digest('base64url').slice(0, 22)
}
