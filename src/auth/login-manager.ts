/**
 * The login manager: Flask-Login for tessera sessions. Login regenerates the session (fixation,
 * CL-22) and restarts its absolute lifetime; logout destroys it and, for sealed cookies, revokes
 * its handle so a copied cookie is refused (CL-24, CL-25); the current user is loaded lazily, at
 * most once per request. Where the login is kept in the session is `sign-in.ts` (one layout per
 * cookie format); the active-sessions list and its revocations are `active-sessions.ts`.
 *
 * ```ts
 * import { createSessionManager } from 'tessera-session'
 * import { createLoginManager } from 'tessera-session/auth'
 * const sessions = createSessionManager({ secret })
 * const auth = createLoginManager({ sessions, loadUser: (id) => users.byId(id), userId: (u) => u.id })
 * await auth.login(session, user, { remember: true })
 * ```
 *
 * @module
 */
import { attachLoadCheck } from '../core/load-check.js'
import type { SessionManager } from '../core/session-manager.js'
import { stateOf, type Session, type SessionState } from '../core/session.js'
import { randomToken } from '../crypto/random.js'
import { memoryRevocations } from '../stores/memory/revocations.js'
import { ConfigError } from '../errors.js'
import { lifetime } from '../core/options.js'
import { checkShape, is, type Hints, type Shape } from '../core/validate.js'
import { createActiveSessions, type ActiveSessions } from './active-sessions.js'
import type { AuthEvent, AuthEventHandler, AuthEventType } from './events.js'
import type { RevocationStore } from './revocation.js'
import {
  hashText,
  revocationHandle,
  sessionHash,
  signIns,
  type SignIn,
  type SignInRecord,
} from './sign-in.js'

/** Options of `createLoginManager`. */
export interface LoginManagerOptions<User> {
  /** The session manager the app uses (its keys and store are shared). */
  sessions: SessionManager
  /** Load a user by id (Flask-Login's `user_loader`); `undefined` when it no longer exists. */
  loadUser: (id: string) => User | undefined | Promise<User | undefined>
  /** The id of a user (Flask-Login's `get_id`). @default `String(user.id)` */
  userId?: (user: User) => string
  /**
   * Where sealed-cookie sessions are revoked. Needed to make logout kill copied cookies; share one
   * between processes (SQLite, Redis, PostgreSQL). Unused with server-side sessions.
   * @default memoryRevocations()
   */
  revocations?: RevocationStore
  /** Seconds a password login counts as fresh for sensitive actions. @default 600 */
  freshFor?: number
  /** Lifetime of a remember-me login, seconds, at most 30 days. @default 1_209_600 (14 days) */
  rememberFor?: number
  /** `'strong'` binds a session to its User-Agent: a mismatch ends it. @default false */
  sessionProtection?: 'strong' | false
  /** Most sessions per user (server-side sessions): the oldest are ended at login. @default 20 */
  maxSessionsPerUser?: number
  /** Audit events. */
  onEvent?: AuthEventHandler
  /**
   * The user's credential generation: any value that changes whenever the password (or another
   * credential) changes and at no other time — a counter bumped by the password change, or the
   * time of the change. It is recorded in the session at login and compared with the stored user
   * at login commit and on every load, so a login that checked the old password but commits after
   * the change is refused, even when its session is written after `passwordChanged` ran. Never
   * derive it from the password hash if a login can rehash it (CL-36): the rehash would sign the
   * user out everywhere. Without it, only `passwordChanged`'s one-time revocation applies.
   */
  credentialVersion?: (user: User) => string | number
}

/** What `login` accepts besides the user. */
export interface LoginOptions {
  /** Keep the login across browser restarts for `rememberFor`. @default false */
  remember?: boolean
}

/**
 * The login manager. Its active-sessions methods (`listSessions`, `revokeSession`,
 * `revokeOtherSessions`, `revokeAllSessions`) are described in `active-sessions.ts`.
 */
export interface LoginManager<User> extends ActiveSessions {
  readonly freshForMs: number
  /**
   * Signs `user` in. With `credentialVersion`, the user is loaded again first: when its version is
   * no longer the one of `user` (the password changed since the app checked it), nothing is
   * signed in and the answer is `false`; otherwise `true`.
   */
  login(session: Session, user: User, options?: LoginOptions): Promise<boolean>
  logout(session: Session): Promise<void>
  /** The signed-in user, loaded once per request; `undefined` when anonymous or revoked. */
  currentUser(session: Session): Promise<User | undefined>
  /** True when a password was entered within `freshFor`. */
  isFresh(session: Session): boolean
  /** After the password was entered again: fresh again, new session ID, new absolute lifetime (CL-23). */
  confirm(session: Session): Promise<void>
  /**
   * Call after the new password is saved: other sessions end, this one is regenerated (CL-43)
   * and, with `credentialVersion`, records the user's new version (loaded again).
   */
  passwordChanged(session: Session): Promise<void>
  /** Record a failed login for the audit log. */
  loginFailed(account: string, ip: string | undefined): void
}

/** The sign-in defaults, in seconds (documented in SECURITY.md, checked by a test). */
export const LOGIN_DEFAULTS: Readonly<{
  freshFor: number
  rememberFor: number
  maxRememberFor: number
  maxSessionsPerUser: number
}> = Object.freeze({
  freshFor: 600,
  rememberFor: 14 * 24 * 3600,
  maxRememberFor: 30 * 24 * 3600,
  maxSessionsPerUser: 20,
})

const LOGIN_OPTIONS_SHAPE: Shape = {
  sessions: is.object,
  loadUser: is.function,
  userId: is.function,
  revocations: is.object,
  freshFor: is.seconds,
  rememberFor: is.seconds,
  sessionProtection: is.oneOf('strong', false),
  maxSessionsPerUser: is.count,
  onEvent: is.function,
  credentialVersion: is.function,
}

/** Flask-Login's names, and what they are called here. */
const LOGIN_OPTION_HINTS: Hints = {
  remember_cookie_duration: 'Use rememberFor, in seconds.',
  REMEMBER_COOKIE_DURATION: 'Use rememberFor, in seconds.',
  user_loader: 'Use loadUser.',
  userLoader: 'Use loadUser.',
  session_protection: "Use sessionProtection: 'strong' or false.",
}

/** Create a login manager. Options are checked now (ConfigError). */
export function createLoginManager<User>(options: LoginManagerOptions<User>): LoginManager<User> {
  const manager = options.sessions
  if (manager === undefined || typeof manager.begin !== 'function') {
    throw new ConfigError('createLoginManager needs `sessions`: the app’s session manager.')
  }
  if ((options.sessionProtection as unknown) === 'basic') {
    throw new ConfigError(
      "sessionProtection 'basic' is Flask-Login's mode that only marks a session non-fresh; " +
        "tessera has 'strong' (a changed User-Agent ends the session) or false (the default).",
    )
  }
  checkShape('createLoginManager()', options, LOGIN_OPTIONS_SHAPE, LOGIN_OPTION_HINTS)
  // One opt-in for every lifetime: the session manager's `limits`.
  const limits = manager.options.limits
  const freshFor = lifetime('freshFor', options.freshFor ?? LOGIN_DEFAULTS.freshFor, limits)
  const rememberFor = lifetime(
    'rememberFor',
    options.rememberFor ?? LOGIN_DEFAULTS.rememberFor,
    limits,
  )
  const maxSessions = options.maxSessionsPerUser ?? LOGIN_DEFAULTS.maxSessionsPerUser
  const userIdOf = options.userId ?? ((u: User) => String((u as { id: unknown }).id))
  const revocations = options.revocations ?? memoryRevocations({ now: manager.options.now })
  const now = manager.options.now
  const cookieMode = manager.mode === 'cookie'
  const records = signIns(manager.options.format, now)
  const longestLife = Math.max(
    manager.options.permanentLifetimeMs,
    manager.options.absoluteTimeoutMs,
    rememberFor * 1000,
  )
  const cache = new WeakMap<SessionState, Promise<User | undefined>>()
  const hooks = manager.options.hooks
  const mode = manager.mode
  /** A signed-in session refused because it was revoked (lifecycle hook, not the audit event). */
  const refusedRevoked = (userId: string): void => {
    if (hooks === undefined) return
    const user = hooks.includeUserId ? { userId } : {}
    hooks.onEvent({ type: 'refused', mode, at: now(), reason: 'revoked', ...user })
  }
  const revoked = (scope: 'session' | 'others' | 'user', userId: string, count: number) => {
    if (hooks === undefined) return
    hooks.onEvent({
      type: 'revoked',
      mode,
      at: now(),
      scope,
      count,
      ...(hooks.includeUserId ? { userId } : {}),
    })
  }

  const emit = (
    type: AuthEventType,
    state: SessionState,
    userId: string | undefined,
    count?: number,
  ) => {
    if (options.onEvent === undefined) return
    const event: AuthEvent = {
      type,
      userId,
      at: now(),
      ip: state.client.ip,
      sessionHash: sessionHash(state),
      ...(count === undefined ? {} : { count }),
    }
    try {
      options.onEvent(event)
    } catch {
      // Audit logging must never break sign-in.
    }
  }

  /**
   * The sealed-cookie load check (core/load-check.ts): a signed-in session whose login was
   * revoked is refused as it is loaded, for all of its data. What it found is kept on the state,
   * so `currentUser` does not ask the revocations again and a `destroy()` can revoke the login.
   */
  const loadCheck = {
    refuses(state: SessionState): boolean | Promise<boolean> {
      const found = records.read(state)
      if (found === undefined) return false
      const answer = revocations.isRevoked(revocationHandle(found.auth), found.userId, found.auth.v)
      const noted: CheckedSignIn = { signIn: found, revoked: answer }
      state.loadCheck = noted
      if (answer === false) return false
      if (answer === true) {
        refusedRevoked(found.userId)
        return true
      }
      return answer.then((revoked) => {
        if (revoked) refusedRevoked(found.userId)
        return revoked
      })
    },
    retire(state: SessionState): Promise<void> | undefined {
      const noted = state.loadCheck as CheckedSignIn | undefined
      state.loadCheck = undefined
      if (noted === undefined) return undefined
      const { signIn } = noted
      emit('logout', state, signIn.userId)
      // A Flask-Login sign-in has no handle to revoke: its cookie is simply deleted.
      if (signIn.auth.sid === '') return undefined
      return Promise.resolve(revocations.revokeSession(signIn.auth.sid, now() + longestLife))
    },
  }
  if (cookieMode) attachLoadCheck(manager, loadCheck)

  /** Whether the login found in `state` is revoked: the load check's answer when it asked. */
  const isRevoked = (state: SessionState, found: SignIn): boolean | Promise<boolean> => {
    const noted = state.loadCheck as CheckedSignIn | undefined
    if (
      noted !== undefined &&
      noted.signIn.userId === found.userId &&
      noted.signIn.auth.sid === found.auth.sid &&
      noted.signIn.auth.v === found.auth.v
    ) {
      return noted.revoked
    }
    return revocations.isRevoked(revocationHandle(found.auth), found.userId, found.auth.v)
  }

  const forget = (state: SessionState): void => {
    records.clear(state)
    cache.delete(state)
  }

  const load = async (state: SessionState): Promise<User | undefined> => {
    const found = records.read(state)
    if (found === undefined) return undefined
    const { userId, auth } = found
    if (options.sessionProtection === 'strong' && auth.ua !== hashText(state.client.userAgent)) {
      emit('session-protection', state, userId)
      stateOfDestroy(state)
      return undefined
    }
    if (cookieMode && (await isRevoked(state, found))) {
      refusedRevoked(userId)
      stateOfDestroy(state)
      return undefined
    }
    const user = await options.loadUser(userId)
    if (user === undefined) {
      stateOfDestroy(state)
      return undefined
    }
    // A login made with credentials that have changed since (it may have been written after the
    // password change revoked the user's sessions) is over. A Flask-Login sign-in has no version.
    const cv = versionOf(user)
    if (cv !== undefined && auth.sid !== '' && auth.cv !== cv) {
      refusedRevoked(userId)
      stateOfDestroy(state)
      return undefined
    }
    return user
  }

  const versionOf = (user: User): string | undefined => {
    if (options.credentialVersion === undefined) return undefined
    const value = options.credentialVersion(user)
    if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
      throw new ConfigError('credentialVersion(user) must return a non-empty string or a number.')
    }
    return String(value)
  }

  const logout = async (session: Session): Promise<void> => {
    const state = stateOf(session)
    const found = records.read(state)
    if (found !== undefined && cookieMode && found.auth.sid !== '') {
      await revocations.revokeSession(found.auth.sid, now() + longestLife)
    }
    if (found !== undefined) emit('logout', state, found.userId)
    // Revoked here: the load check has nothing left to retire at commit.
    state.loadCheck = undefined
    cache.delete(state)
    session.destroy()
  }

  const active = createActiveSessions({
    manager,
    revocations,
    signIns: records,
    longestLifeMs: longestLife,
    logout,
    emit,
    revoked,
  })

  const api: LoginManager<User> = {
    ...active,
    freshForMs: freshFor * 1000,

    async login(session, user, loginOptions = {}) {
      const state = stateOf(session)
      const userId = userIdOf(user)
      if (typeof userId !== 'string' || userId === '') {
        throw new ConfigError('userId(user) must return a non-empty string.')
      }
      const cv = versionOf(user)
      if (cv !== undefined) {
        // The login commit check: the password was verified against `user`; if the stored user's
        // credentials moved on meanwhile, this login must not start.
        const stored = await options.loadUser(userId)
        if (stored === undefined || versionOf(stored) !== cv) return false
      }
      const t = now()
      if (!cookieMode && state.store !== undefined && maxSessions > 0) {
        const existing = await state.store.listByUser(userId)
        const excess = existing.length - maxSessions + 1
        const oldest = [...existing]
          .sort((a, b) => a.lastSeenAt - b.lastSeenAt)
          .slice(0, Math.max(0, excess))
        for (const info of oldest) await state.store.destroy(info.key)
      }
      forget(state)
      session.regenerate()
      state.restartLifetime = true
      const auth: SignInRecord = { at: t, v: t, sid: randomToken(16) }
      if (cv !== undefined) auth.cv = cv
      if (options.sessionProtection === 'strong') auth.ua = hashText(state.client.userAgent)
      records.start(state, userId, auth)
      session.permanent = loginOptions.remember === true
      if (loginOptions.remember === true) records.rememberUntil(state, t + rememberFor * 1000)
      cache.set(state, Promise.resolve(user))
      emit('login', state, userId)
      return true
    },

    logout,

    currentUser(session) {
      const state = stateOf(session)
      let pending = cache.get(state)
      if (pending === undefined) {
        pending = load(state)
        cache.set(state, pending)
      }
      return pending
    },

    isFresh(session) {
      const state = stateOf(session)
      const found = records.read(state)
      if (found === undefined || !records.isMarkedFresh(state)) return false
      // A Flask-Login sign-in has no time: Flask-Login's `_fresh` alone decides, as in Flask.
      return found.auth.sid === '' || now() - found.auth.at <= freshFor * 1000
    },

    async confirm(session) {
      const state = stateOf(session)
      const found = records.read(state)
      if (found === undefined) return
      const t = now()
      session.regenerate()
      state.restartLifetime = true
      records.update(state, { ...found.auth, at: t, sid: found.auth.sid || randomToken(16) })
      records.refresh(state)
      emit('reauthenticated', state, found.userId)
      await Promise.resolve()
    },

    async passwordChanged(session) {
      const state = stateOf(session)
      const found = records.read(state)
      if (found === undefined) return
      await active.revokeOtherSessions(session)
      if (options.credentialVersion !== undefined) {
        // This session stays, with the new version; the user is read again for it.
        const user = await options.loadUser(found.userId)
        const current = records.read(state)
        if (user === undefined || current === undefined) {
          stateOfDestroy(state)
          cache.delete(state)
          return
        }
        // `credentialVersion` is set here, so the version is a string (versionOf throws otherwise).
        const cv = versionOf(user)
        records.update(state, cv === undefined ? current.auth : { ...current.auth, cv })
        cache.set(state, Promise.resolve(user))
      }
      session.regenerate()
      records.renewCsrf(state)
      emit('password-changed', state, found.userId)
    },

    loginFailed(account, ip) {
      if (options.onEvent === undefined) return
      try {
        options.onEvent({
          type: 'login-failed',
          userId: account,
          at: now(),
          ip,
          sessionHash: undefined,
        })
      } catch {
        // ignored, see emit()
      }
    },
  }
  return api
}

/** What the load check noted on a state: the login it found and the revocations' answer. */
interface CheckedSignIn {
  readonly signIn: SignIn
  readonly revoked: boolean | Promise<boolean>
}

function stateOfDestroy(state: SessionState): void {
  state.removeAll()
  state.destroyed = true
}
