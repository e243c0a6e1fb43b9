/**
 * The demo app as a Hono instance, built from its dependencies so tests can create it in-process
 * (`createApp(deps).app.request(...)`) and `server.ts` can serve it.
 *
 * Middleware order: security headers and the request log wrap everything; `/healthz` and the
 * stylesheet answer before any session is loaded; then the 16 KB body limit, sessions, CSRF on
 * every unsafe method, and the routes.
 *
 * @module
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Logger } from 'pino'
import {
  createSessionManager,
  type SessionManager,
  type SessionOptions,
  type SessionStore,
} from 'tessera-session'
import { csrfProtection, RETRY_AFTER_SECONDS, sessions } from 'tessera-session/adapters/hono'
import {
  createLoginManager,
  createThrottle,
  type LoginManager,
  type RevocationStore,
  type ThrottleStore,
} from 'tessera-session/auth'
import { CsrfError, PasswordHashBusyError, StoreUnavailableError } from 'tessera-session/errors'
import { BadRequestError, bareView, viewOf, type RouteDeps } from './context.js'
import { checkHealth } from './health.js'
import { logAuthEvent, requestLogger } from './logger.js'
import { accountRoutes } from './routes/account.js'
import { authRoutes } from './routes/auth.js'
import { counterRoutes } from './routes/counter.js'
import { createGuards } from './routes/guards.js'
import { homeRoutes } from './routes/home.js'
import { sessionRoutes } from './routes/sessions.js'
import { securityHeaders } from './security-headers.js'
import { migrateSession, SESSION_SCHEMA_VERSION, sessionSchema } from './session-data.js'
import { createSignInProtection } from './sign-in-protection.js'
import { loadStylesheet, STYLESHEET_PATH } from './static.js'
import type { User, UserRepository } from './users/user-repository.js'
import { BadRequestPage } from './views/bad-request-page.js'
import { ErrorPage, type ErrorStatus } from './views/error-page.js'

/** What `createApp` needs. */
export interface AppDeps {
  /** The secret, or `[current, ...older]`. */
  readonly secret: string | readonly string[]
  readonly users: UserRepository
  /** Server-side sessions in this store; `undefined` for sealed-cookie sessions. */
  readonly sessionStore: SessionStore | undefined
  /**
   * Where sealed-cookie logouts are kept (a shared, persistent store: logout must survive a
   * restart). Unused with a `sessionStore`. @default tessera's in-memory store
   */
  readonly revocations?: RevocationStore | undefined
  /**
   * Sealed cookies only: where a session that outgrows its two cookies moves its data
   * (`cookie.spill`). @default none: such a session fails with `CookieTooLargeError`
   */
  readonly spillStore?: SessionStore | undefined
  readonly throttleStore: ThrottleStore
  /** Origins whose form posts are accepted (CL-54). */
  readonly origins: readonly string[]
  readonly log: Logger
  /** Believe `X-Forwarded-For`/`-Proto` (only behind your own proxy). @default false */
  readonly trustProxy?: boolean
  /** Clock in ms, shared by sessions, sign-in and throttling. @default Date.now */
  readonly now?: () => number
  /**
   * Adds telemetry to the session options (`instrument` from `tessera-session/otel`, loaded by
   * `server.ts` when `OTEL_CONSOLE=1`). @default none
   */
  readonly instrument?: (options: SessionOptions) => SessionOptions
}

/** The app and the managers behind it. */
export interface DemoApp {
  readonly app: Hono
  readonly sessions: SessionManager
  readonly auth: LoginManager<User>
}

/** Largest request body: 16 KB is plenty for these forms and bounds parsing work (CL-70). */
export const MAX_BODY_BYTES = 16 * 1024
/** Lifetime of a "remember me" login: 14 days (cap 30 days, see SECURITY.md). */
const REMEMBER_FOR = 14 * 24 * 3600

/** Build the app. Throws `ConfigError` at once for a weak secret or bad options. */
export function createApp(deps: AppDeps): DemoApp {
  const now = deps.now ?? Date.now
  const trustProxy = deps.trustProxy ?? false
  const stylesheet = loadStylesheet()
  const sessionOptions: SessionOptions = {
    secret: deps.secret,
    ...(deps.sessionStore === undefined ? {} : { store: deps.sessionStore }),
    // Sealed cookies (SESSIONS=cookie) may span two cookies rather than fail past 4 KB.
    cookie: {
      name: 'sid',
      // Sealed cookies: a session may span two cookies, and past them move to the spill store.
      ...(deps.sessionStore === undefined ? { maxChunks: 2 } : {}),
      ...(deps.sessionStore === undefined && deps.spillStore !== undefined
        ? { spill: deps.spillStore }
        : {}),
    },
    schema: sessionSchema,
    schemaVersion: SESSION_SCHEMA_VERSION,
    migrate: migrateSession,
    permanentLifetime: REMEMBER_FOR,
    trustProxy,
    now,
  }
  const sessionManager = createSessionManager(
    deps.instrument === undefined ? sessionOptions : deps.instrument(sessionOptions),
  )
  const auth = createLoginManager<User>({
    sessions: sessionManager,
    loadUser: (id) => deps.users.byId(id),
    userId: (user) => user.id,
    rememberFor: REMEMBER_FOR,
    ...(deps.revocations === undefined ? {} : { revocations: deps.revocations }),
    onEvent: logAuthEvent(deps.log),
    // Issue 11 defect 2: a login made with a password that has since changed does not live.
    credentialVersion: (user) => user.credentialVersion,
  })
  const throttle = createThrottle({ store: deps.throttleStore, now, keyPrefix: 'demo:throttle:' })
  const protection = createSignInProtection({
    secret: deps.secret,
    store: deps.throttleStore,
    now,
    trustProxy,
  })
  const routeDeps: RouteDeps = {
    auth,
    users: deps.users,
    throttle,
    log: deps.log,
    stylesheet: stylesheet.url,
    trustProxy,
    now,
    sealedSessions: sessionManager.mode === 'cookie',
  }

  const app = new Hono()
  const errorPage = (c: Context, status: ErrorStatus) =>
    c.html(<ErrorPage view={bareView(c, stylesheet.url)} status={status} />, status)

  app.use(securityHeaders({ trustProxy }))
  app.use(requestLogger(deps.log))
  app.get('/healthz', async (c) => {
    const report = await checkHealth(deps.sessionStore)
    return c.json(report, report.status === 'ok' ? 200 : 503)
  })
  app.get(STYLESHEET_PATH, (c) => {
    c.header('cache-control', 'public, max-age=31536000, immutable')
    c.header('etag', stylesheet.etag)
    if (c.req.header('if-none-match') === stylesheet.etag) return c.body(null, 304)
    return c.body(stylesheet.body, 200, { 'content-type': 'text/css; charset=utf-8' })
  })
  app.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => errorPage(c, 413) }))
  // The session store down: our own 503 page (the adapter adds Retry-After and drops Set-Cookie).
  app.use(sessions(sessionManager, { onUnavailable: (c) => errorPage(c, 503) }))
  app.use(
    csrfProtection(sessionManager, {
      origins: [...deps.origins],
      onRejected: (c) => errorPage(c, 403),
    }),
  )

  const guards = createGuards(auth)
  homeRoutes(app, routeDeps)
  authRoutes(app, routeDeps, protection)
  sessionRoutes(app, routeDeps, guards)
  accountRoutes(app, routeDeps, guards, protection)
  counterRoutes(app, routeDeps, guards)

  app.notFound(async (c) =>
    c.html(<ErrorPage view={await viewOf(c, routeDeps)} status={404} />, 404),
  )
  app.onError((err, c) => {
    if (err instanceof CsrfError) return errorPage(c, 403)
    if (err instanceof BadRequestError) {
      // The client's mistake (a body that is not a readable form): 400, logged as such, not a 500.
      deps.log.info({ reason: err.message, cause: causeOf(err) }, 'bad request')
      return c.html(<BadRequestPage view={bareView(c, stylesheet.url)} />, 400)
    }
    if (err instanceof StoreUnavailableError || err instanceof PasswordHashBusyError) {
      deps.log.warn({ err: err.message, cause: causeOf(err) }, 'backend unavailable')
      // The same wait as the session middleware's own 503.
      c.header('retry-after', String(RETRY_AFTER_SECONDS))
      return errorPage(c, 503)
    }
    // The details go to the log, never to the client (CL-80).
    deps.log.error({ err }, 'unhandled error')
    return errorPage(c, 500)
  })
  return { app, sessions: sessionManager, auth }
}

function causeOf(err: Error): string | undefined {
  return err.cause instanceof Error ? err.cause.message : undefined
}
