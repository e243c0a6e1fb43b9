/**
 * Sessions for node:http, Express and Connect.
 *
 * ```ts
 * import express from 'express'
 * import { sessions } from 'tessera-session/adapters/express'
 *
 * const app = express()
 * app.use(sessions({ secret: process.env.TESSERA_SECRET! }))
 * app.get('/', (req, res) => {
 *   req.session.set('visits', Number(req.session.get('visits') ?? 0) + 1)
 *   res.send(`visits: ${String(req.session.get('visits'))}`)
 * })
 * ```
 *
 * The session is committed just before the response headers go out — on `res.end()`,
 * `res.redirect()`, the first chunk of a streamed body, or an error page — by wrapping the
 * response's `writeHead`, `write`, `end` and `flushHeaders`. Server-side sessions hold those calls
 * until the store has acknowledged the write, so a failed write becomes a 503 with no cookie
 * instead of a cookie for a record that does not exist (CL-74).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { StoreUnavailableError } from '../../errors.js'
import type { CommitResult, HttpRequest, TrustProxy } from '../../core/http.js'
import type { SessionOptions } from '../../core/options.js'
import type { Session, SessionData } from '../../core/session.js'
import {
  createSessionManager,
  type CommitOutcome,
  type SessionHandle,
  type SessionManager,
} from '../../core/session-manager.js'
import { checkShape, is, type Shape } from '../../core/validate.js'
import { bindNodeRequest, NodeHttpRequest } from '../common/node-request.js'
import { unavailableAnswer, varyWithCookie } from '../common/unavailable.js'

declare global {
  // Express's own augmentation point, declared empty here so `RequestSession` can look into it
  // whether or not @types/express is installed.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Request {}
  }
}

/**
 * The type of `req.session`: tessera's `Session`, typed by your `SessionData`. While
 * `@types/express-session` is also installed (during a migration) it is express-session's type,
 * because TypeScript refuses two different `session` properties on Express's request (TS2320);
 * reach tessera's session through `sessionOf(req)` then.
 */
export type RequestSession = Express.Request extends { session: infer S } ? S : Session

declare module 'http' {
  interface IncomingMessage {
    /** The request's session, set by tessera's `sessions()` middleware. */
    session: RequestSession
  }
}

const SESSION = Symbol.for('tessera.session')

/**
 * The tessera session of a request, typed by your `SessionData`, whatever else claims
 * `req.session`'s type. Throws when `sessions()` did not run for this request.
 */
export function sessionOf(req: IncomingMessage): Session {
  const session = (req as IncomingMessage & { [SESSION]?: Session })[SESSION]
  if (session === undefined) throw new TypeError('sessionOf(req) needs the sessions() middleware.')
  return session
}

/** An Express/Connect middleware. */
export type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void

/** What the node adapter adds to the session options. */
export interface NodeAdapterOptions {
  /**
   * The client address for the active-sessions list and throttling, replacing the default: the
   * socket's address, or with `trustProxy` the hop your proxies saw.
   */
  clientIp?: (req: IncomingMessage) => string | undefined
}

/** Options of the node adapter: the session options and the adapter's own. */
export interface NodeSessionOptions extends SessionOptions, NodeAdapterOptions {}

const ADAPTER_SHAPE: Shape = { clientIp: is.function }

/**
 * Express/Connect middleware: `req.session` for every request. `sessions(options)`, or
 * `sessions(manager, adapterOptions)` to share a manager with `tessera-session/auth`.
 *
 * @param options Session options, resolved and checked once, now; or a session manager.
 * @param adapterOptions The adapter's own options (with a manager; with session options they may
 *   also sit among them).
 */
export function sessions(
  options: NodeSessionOptions | SessionManager,
  adapterOptions: NodeAdapterOptions = {},
): NodeMiddleware {
  checkShape('sessions(…, adapterOptions)', adapterOptions, ADAPTER_SHAPE)
  let manager: SessionManager
  let clientIp = adapterOptions.clientIp
  if ('begin' in options) manager = options
  else {
    const { clientIp: ip, ...sessionOptions } = options
    checkShape('sessions(options)', { clientIp: ip }, ADAPTER_SHAPE)
    manager = createSessionManager(sessionOptions)
    clientIp ??= ip
  }
  const trustProxy = manager.options.trustProxy
  return function tesseraSessions(req, res, next) {
    const handle = manager.begin(bindNodeRequest(req, trustProxy, clientIp))
    req.session = handle.session
    ;(req as IncomingMessage & { [SESSION]?: Session })[SESSION] = handle.session
    hookCommit(handle, req, res)
    const loading = handle.load()
    if (loading === undefined) {
      next()
      return
    }
    loading.then(
      () => next(),
      (err: unknown) => {
        if (err instanceof StoreUnavailableError) sendUnavailable(req, res)
        else next(err)
      },
    )
  }
}

/** A request handler for plain node:http. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/**
 * Wrap a plain node:http handler: `req.session` is ready when it runs. A handler that throws gets
 * a bare 500 (or 503 when the store is down) without a stack trace.
 *
 * ```ts
 * import { createServer } from 'node:http'
 * import { withSessions } from 'tessera-session/adapters/node'
 * createServer(withSessions({ secret }, (req, res) => res.end(String(req.session.get('name')))))
 * ```
 */
export function withSessions(
  options: NodeSessionOptions | SessionManager,
  handler: NodeHandler,
  adapterOptions: NodeAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const middleware = sessions(options, adapterOptions)
  return (req, res) => {
    middleware(req, res, (err?: unknown) => {
      if (err !== undefined) {
        fail(req, res, err)
        return
      }
      try {
        const result = handler(req, res)
        if (result instanceof Promise) result.catch((e: unknown) => fail(req, res, e))
      } catch (e) {
        fail(req, res, e)
      }
    })
  }
}

function fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  if (err instanceof StoreUnavailableError) {
    sendUnavailable(req, res)
    return
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name)
  res.statusCode = 500
  res.setHeader('content-type', 'text/plain; charset=utf-8')
  res.end('Internal Server Error\n')
}

/**
 * What the request looks like to the core.
 *
 * @deprecated The session middleware builds the request's one `HttpRequest` itself; this builds
 *   another (and does not keep it on `req`).
 */
export function requestInfo(req: IncomingMessage, trustProxy: TrustProxy): HttpRequest {
  return new NodeHttpRequest(req, trustProxy)
}

function applyResult(res: ServerResponse, result: CommitResult): void {
  if (result.vary) res.setHeader('vary', varyWithCookie(res.getHeader('vary')))
  const { cookies } = result
  if (cookies.length === 0) return
  const existing = res.getHeader('set-cookie')
  if (existing === undefined) {
    // The usual case, one session cookie and none of the app's: a string, not a one-element array.
    res.setHeader('set-cookie', cookies.length === 1 ? (cookies[0] as string) : [...cookies])
    return
  }
  const list = Array.isArray(existing) ? existing : [String(existing)]
  res.setHeader('set-cookie', [...list, ...cookies])
}

/**
 * `writeHead(status, headers)` headers take precedence over `setHeader`: when they carry their
 * own Set-Cookie or Vary, fold ours into them so neither is lost.
 */
function mergeWriteHeadCookies(res: ServerResponse, args: unknown[]): void {
  const headers = args.find(
    (a, i) => i > 0 && a !== null && typeof a === 'object' && !Array.isArray(a),
  )
  if (headers === undefined) return
  const record = headers as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const lower = key.toLowerCase()
    if (lower !== 'set-cookie' && lower !== 'vary') continue
    const ours = res.getHeader(lower)
    if (ours === undefined) continue
    const theirs = record[key]
    if (lower === 'vary') {
      record[key] = varyWithCookie(theirs)
    } else {
      const mine = Array.isArray(ours) ? ours : [String(ours)]
      const given = Array.isArray(theirs) ? (theirs as string[]) : [String(theirs)]
      record[key] = [...given, ...mine.filter((c) => !given.includes(c))]
    }
  }
}

type Method = (this: ServerResponse, ...args: unknown[]) => unknown
type Gated = 'writeHead' | 'write' | 'end' | 'flushHeaders'

const HOOK = Symbol('tessera.commit')

/**
 * One request's commit hook: the first of `writeHead`, `write`, `end` or `flushHeaders` starts the
 * commit. A synchronous result (sealed cookies, an untouched session) is applied at once and the
 * call goes through with its own return value; an asynchronous one (a store write) holds the calls,
 * in order, until the store answered, then replays them. The gate functions below are shared by
 * every request and find this object on the response; only the four method slots are set per
 * request (closures and bound functions per request cost about 1 µs here).
 */
class CommitHook {
  phase: 'open' | 'committing' | 'done' = 'open'
  readonly queue: { fn: Method; args: unknown[] }[] = []
  last: unknown = undefined
  readonly original: Record<Gated, Method>
  readonly handle: SessionHandle
  readonly req: IncomingMessage
  readonly res: ServerResponse

  constructor(handle: SessionHandle, req: IncomingMessage, res: ServerResponse) {
    this.handle = handle
    this.req = req
    this.res = res
    const own = res as unknown as Record<Gated, Method>
    this.original = {
      writeHead: own.writeHead,
      write: own.write,
      end: own.end,
      flushHeaders: own.flushHeaders,
    }
    own.writeHead = gatedWriteHead
    own.write = gatedWrite
    own.end = gatedEnd
    own.flushHeaders = gatedFlushHeaders
    ;(res as ServerResponse & { [HOOK]?: CommitHook })[HOOK] = this
  }

  /** Put the response's own methods back (the prototype's, unless someone else wrapped them). */
  restore(): void {
    const own = this.res as unknown as Record<Gated, Method>
    own.writeHead = this.original.writeHead
    own.write = this.original.write
    own.end = this.original.end
    own.flushHeaders = this.original.flushHeaders
  }

  call(method: Gated, args: unknown[], pending: unknown): unknown {
    this.queue.push({ fn: this.original[method], args })
    if (this.phase === 'open') this.start()
    // Committed synchronously: the call has gone through; answer what it answered.
    return this.phase === 'done' ? this.last : pending
  }

  start(): void {
    this.phase = 'committing'
    let committed: CommitOutcome
    try {
      committed = this.handle.commit()
    } catch (err) {
      this.fault(err)
      return
    }
    if (!(committed instanceof Promise)) {
      this.finish(committed)
      return
    }
    committed.then(
      (result) => this.finish(result),
      (err: unknown) => this.fault(err),
    )
  }

  finish(result: CommitResult): void {
    this.phase = 'done'
    this.restore()
    const { res, queue } = this
    applyResult(res, result)
    for (const call of queue) {
      if (call.fn === this.original.writeHead) mergeWriteHeadCookies(res, call.args)
      this.last = call.fn.apply(res, call.args)
    }
    queue.length = 0
  }

  fault(err: unknown): void {
    const { req, res } = this
    this.phase = 'done'
    this.last = res
    this.restore()
    this.queue.length = 0
    for (const name of res.getHeaderNames()) res.removeHeader(name)
    if (err instanceof StoreUnavailableError) {
      sendUnavailable(req, res)
    } else {
      res.statusCode = 500
      res.setHeader('content-type', 'text/plain; charset=utf-8')
      res.end('Internal Server Error\n')
      res.emit('tessera:error', err)
    }
  }
}

function hookOf(res: ServerResponse): CommitHook {
  return (res as ServerResponse & { [HOOK]: CommitHook })[HOOK]
}

function gatedWriteHead(this: ServerResponse, ...args: unknown[]): unknown {
  return hookOf(this).call('writeHead', args, this)
}
function gatedWrite(this: ServerResponse, ...args: unknown[]): unknown {
  return hookOf(this).call('write', args, true)
}
function gatedEnd(this: ServerResponse, ...args: unknown[]): unknown {
  return hookOf(this).call('end', args, this)
}
function gatedFlushHeaders(this: ServerResponse, ...args: unknown[]): unknown {
  return hookOf(this).call('flushHeaders', args, undefined)
}

/** Hook the commit into `res` (see `CommitHook`). */
function hookCommit(handle: SessionHandle, req: IncomingMessage, res: ServerResponse): void {
  new CommitHook(handle, req, res)
}

function sendUnavailable(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const { headers, body } = unavailableAnswer(req.headers.accept)
  for (const name of res.getHeaderNames()) res.removeHeader(name)
  res.writeHead(503, headers)
  res.end(body)
}

export { createSessionManager }
export type { Session, SessionData, SessionOptions, SessionManager }
export { loginRequired, freshLoginRequired } from './auth.js'
export type { NodeGuardOptions } from './auth.js'
export { csrfProtection, csrfToken } from './csrf.js'
export type { NodeCsrfOptions } from './csrf.js'
