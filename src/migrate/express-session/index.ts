/**
 * Move users from express-session to tessera without signing anyone out. Wrap the session
 * manager once and give the wrapper to any adapter: a request that carries express-session's
 * signed cookie and no valid tessera session has its old record read, mapped into a new tessera
 * session, and answered with the new cookie; the old record is deleted once the new session is
 * saved, and the old cookie is expired on the same response.
 *
 * ```ts
 * import { createSessionManager } from 'tessera-session'
 * import { sessions } from 'tessera-session/adapters/express'
 * import {
 *   connectRedisSource,
 *   mapPassport,
 *   withExpressSessionMigration,
 * } from 'tessera-session/migrate/express-session'
 *
 * const manager = createSessionManager({ secret: process.env.TESSERA_SECRET! })
 * app.use(
 *   sessions(
 *     withExpressSessionMigration(manager, {
 *       secret: process.env.EXPRESS_SESSION_SECRET!,
 *       source: connectRedisSource(redisClient),
 *       map: mapPassport,
 *     }),
 *   ),
 * )
 * ```
 *
 * See docs/migrating-from-express-session.md.
 *
 * @module
 */
import { defineCookie, readCookie, deleteCookie, type CookieSpec } from '../../core/cookie.js'
import type { CommitResult, RequestInfo } from '../../core/http.js'
import type { CommitOutcome, SessionHandle, SessionManager } from '../../core/session-manager.js'
import { stateOf } from '../../core/session.js'
import { checkShape, is, type Hints, type Shape } from '../../core/validate.js'
import { ConfigError, CookieTooLargeError } from '../../errors.js'
import { applyData, copyExpressSession, type ExpressSessionMap } from './import-data.js'
import { unsignSessionId } from './signed-cookie.js'
import type { ExpressSessionRecord, ExpressSessionSource } from './sources.js'

export { copyExpressSession, mapPassport } from './import-data.js'
export type { ExpressSessionData, ExpressSessionMap } from './import-data.js'
export { connectPgSimpleSource, connectRedisSource } from './sources.js'
export type {
  ConnectPgSimpleSourceOptions,
  ConnectRedisSerializer,
  ConnectRedisSourceOptions,
  ExpressSessionRecord,
  ExpressSessionSource,
  PgQueryable,
} from './sources.js'

/** Options of {@link withExpressSessionMigration}. */
export interface ExpressSessionMigrationOptions {
  /** express-session's `secret`: one, or the list (any of them verifies the old cookie). */
  secret: string | readonly string[]
  /** Where the old records are: `connectRedisSource(client)` or `connectPgSimpleSource(pool)`. */
  source: ExpressSessionSource
  /** express-session's cookie `name`. @default 'connect.sid' */
  name?: string
  /** express-session's cookie `path` and `domain`, to expire the old cookie where it was set. */
  cookie?: { path?: string; domain?: string }
  /**
   * The old data → the new session's keys. Return `_user_id` to sign the user in (see
   * `mapPassport`). A map that throws moves nothing for that request (reported to `onError`).
   * @default copyExpressSession (every key except `cookie`)
   */
  map?: ExpressSessionMap
  /**
   * When the old store cannot be read: `'unavailable'` answers 503 (the adapters' store-outage
   * answer, with Retry-After), so the old session is moved on the retry; `'ignore'` goes on
   * without it (the user is anonymous for that request and moved on a later one, unless the
   * request starts a tessera session of its own).
   * @default 'unavailable'
   */
  onSourceError?: 'unavailable' | 'ignore'
  /**
   * The user's credential version, when the login manager has `credentialVersion`: the migrated
   * sign-in must carry it or the login manager ends it.
   * @default undefined
   */
  credentialVersion?: (
    userId: string,
  ) => string | number | undefined | Promise<string | number | undefined>
  /**
   * During a route-by-route move, while express-session still serves some routes: copy the old
   * session into tessera but leave the old record and cookie alone, so both apps see the user.
   * Each browser is copied once (then its tessera session wins); later changes on either side
   * are not carried over, and signing out on one side does not sign out the other. Turn it off
   * (the default) once no route uses express-session, and the old sessions are retired.
   * @default false
   */
  keepOldSession?: boolean
  /**
   * Told of failures that do not stop the request: an old record that could not be deleted, a
   * `map` or `credentialVersion` that threw, mapped keys tessera refused, an old session too large
   * for a sealed cookie, an old store that could not be read (with `onSourceError: 'ignore'`).
   * @default console.error
   */
  onError?: (error: unknown) => void
}

const SHAPE: Shape = {
  secret: is.either(is.string, { type: 'a list of strings', ok: Array.isArray }),
  source: is.object,
  name: is.string,
  cookie: is.object,
  map: is.function,
  onSourceError: is.oneOf('unavailable', 'ignore'),
  credentialVersion: is.function,
  keepOldSession: is.boolean,
  onError: is.function,
}
const COOKIE_SHAPE: Shape = { path: is.string, domain: is.string }
const HINTS: Hints = {
  store: 'Pass the store as `source: connectRedisSource(client)` or `connectPgSimpleSource(pool)`.',
  secrets: 'Use secret: a string or a list of strings.',
  resave: 'Not needed: the old sessions are only read, then deleted.',
  saveUninitialized: 'Not needed: the old sessions are only read, then deleted.',
}

/**
 * A session manager that also takes express-session's cookie: where the request has no valid
 * tessera session, `load()` moves the old one, and `commit()` deletes the old record (after the new
 * session was saved) and adds the Set-Cookie that expires the old cookie. Bad, forged, unknown or
 * expired old cookies are ignored: the request is simply anonymous.
 *
 * @param manager The app's tessera session manager.
 * @param options express-session's secret and store, and how its data maps to tessera's.
 * @throws ConfigError for a missing secret or source, or options of the wrong type.
 */
export function withExpressSessionMigration<Data extends object>(
  manager: SessionManager<Data>,
  options: ExpressSessionMigrationOptions,
): SessionManager<Data> {
  if (manager === undefined || manager === null || typeof manager.begin !== 'function') {
    throw new ConfigError('withExpressSessionMigration needs the tessera session manager first.')
  }
  const where = 'withExpressSessionMigration(manager, options)'
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(`${where} needs options: { secret, source }.`)
  }
  checkShape(where, options, SHAPE, HINTS)
  checkShape('cookie', options.cookie ?? {}, COOKIE_SHAPE)
  const secrets =
    typeof options.secret === 'string' ? [options.secret] : [...(options.secret ?? [])]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
    throw new ConfigError(
      `${where}: secret must be express-session's secret, or its non-empty list of secrets.`,
    )
  }
  const source = options.source
  if (
    source === undefined ||
    typeof source.get !== 'function' ||
    typeof source.destroy !== 'function'
  ) {
    throw new ConfigError(
      `${where}: source must be connectRedisSource(client) or connectPgSimpleSource(pool).`,
    )
  }
  const name = options.name ?? 'connect.sid'
  const prefixed = /^__(Host|Secure)-/.test(name)
  const spec = (secure: boolean): CookieSpec =>
    defineCookie(name, {
      path: options.cookie?.path ?? '/',
      domain: options.cookie?.domain,
      secure,
      httpOnly: true,
      sameSite: 'lax',
      partitioned: false,
    })
  const secureExpiry = deleteCookie(spec(true))
  const plainExpiry = prefixed ? secureExpiry : deleteCookie(spec(false))
  const map = options.map ?? copyExpressSession
  const ignoreOutage = options.onSourceError === 'ignore'
  const report = options.onError ?? ((error: unknown) => console.error(error))
  const now = manager.options.now
  const keep = options.keepOldSession === true

  const begin = (request: RequestInfo): SessionHandle<Data> => {
    const handle = manager.begin(request)
    const raw = readCookie(request.cookieHeader, name)
    if (raw === undefined) return handle
    const ownCookie = manager.cookieFor(request).name
    let moved: string | undefined
    let loading: Promise<void> | undefined

    const load = async (): Promise<void> => {
      await handle.load()
      // A valid tessera session wins; reading `isNew` opens a sealed cookie.
      if (readCookie(request.cookieHeader, ownCookie) !== undefined && !handle.session.isNew) {
        return
      }
      const sid = unsignSessionId(raw, secrets)
      if (sid === undefined) return
      let record: ExpressSessionRecord | undefined
      try {
        record = await source.get(sid, now())
      } catch (err) {
        if (ignoreOutage) {
          report(err)
          return
        }
        throw err
      }
      if (record === undefined) return
      let data: Record<string, unknown>
      try {
        data = map(record)
        if (data === null || typeof data !== 'object')
          throw new TypeError('map() returned no object.')
      } catch (err) {
        report(err)
        return
      }
      const userId = data._user_id
      let version: string | number | undefined
      try {
        version =
          options.credentialVersion !== undefined &&
          (typeof userId === 'string' || typeof userId === 'number')
            ? await options.credentialVersion(String(userId))
            : undefined
      } catch (err) {
        report(err)
        return
      }
      const applied = applyData(handle.session, stateOf(handle.session), data, {
        now: now(),
        userAgent: request.userAgent,
        credentialVersion: version === undefined ? undefined : String(version),
      })
      if (applied.skipped.length > 0) {
        report(
          new ConfigError(
            `express-session migration left out keys: ${applied.skipped.join(', ')}.`,
          ),
        )
      }
      // A cookie with an expiry was persistent; so is the new session.
      const cookie = record.cookie as { expires?: unknown } | undefined
      if (applied.keys > 0 && cookie?.expires !== undefined && cookie.expires !== null) {
        handle.session.permanent = true
      }
      moved = sid
    }

    const finish = async (result: CommitResult, sid: string): Promise<CommitResult> => {
      try {
        await source.destroy(sid)
      } catch (err) {
        // The new session is saved and the browser's old cookie expires below; the old record
        // stays until its own expiry.
        report(err)
      }
      return {
        cookies: [...result.cookies, request.encrypted ? secureExpiry : plainExpiry],
        vary: true,
      }
    }

    return {
      session: handle.session,
      load() {
        loading ??= load()
        return loading
      },
      commit() {
        const sid = moved
        // Nothing moved: the inner commit, synchronous when it is.
        if (sid === undefined) return handle.commit()
        // The new session is saved (or sealed) first; only then is the old record deleted.
        let result: CommitOutcome
        try {
          result = handle.commit()
        } catch (err) {
          if (!(err instanceof CookieTooLargeError)) throw err
          // Too large for a sealed cookie: nothing is moved, the old session stays (onError).
          report(err)
          return { cookies: [], vary: true }
        }
        // Kept for a route-by-route move: the old record and cookie stay as they are.
        if (keep) return result
        return result instanceof Promise ? result.then((r) => finish(r, sid)) : finish(result, sid)
      },
    }
  }

  return {
    mode: manager.mode,
    options: manager.options,
    keyRing: manager.keyRing,
    cookieFor: (request) => manager.cookieFor(request),
    begin,
  }
}
