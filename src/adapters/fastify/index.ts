/**
 * Sessions for Fastify: a `fastify-plugin` that gives every request `request.session`.
 *
 * ```ts
 * import Fastify from 'fastify'
 * import { tesseraSessions } from 'tessera-session/adapters/fastify'
 *
 * const app = Fastify()
 * await app.register(tesseraSessions, { secret: process.env.TESSERA_SECRET! })
 * app.get('/', async (request) => {
 *   request.session.set('visits', Number(request.session.get('visits') ?? 0) + 1)
 *   return { visits: request.session.get('visits') }
 * })
 * ```
 *
 * The session loads in `onRequest` and commits in `onSend`, which Fastify runs before the headers
 * go out — for normal replies, streams and error replies alike.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { SessionOptions } from '../../core/options.js'
import type { Session, SessionData } from '../../core/session.js'
import {
  createSessionManager,
  type SessionHandle,
  type SessionManager,
} from '../../core/session-manager.js'
import { StoreUnavailableError } from '../../errors.js'
import { bindNodeRequest } from '../common/node-request.js'
import { unavailableAnswer, varyWithCookie } from '../common/unavailable.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's session, set by tessera's plugin. */
    session: Session
  }
}

/**
 * Plugin options: session options, or a session manager created with `createSessionManager`,
 * given as it is, like the other adapters take it. `{ manager }` is still accepted (deprecated).
 */
export type FastifySessionOptions =
  | SessionOptions
  | SessionManager
  | {
      /** @deprecated Pass the manager itself: `app.register(tesseraSessions, manager)`. */
      manager: SessionManager
    }

const HANDLE = Symbol('tessera.handle')
type WithHandle = FastifyRequest & { [HANDLE]?: SessionHandle }

const plugin: FastifyPluginAsync<FastifySessionOptions> = (fastify, options) => {
  const manager =
    'begin' in options
      ? options
      : 'manager' in options
        ? options.manager
        : createSessionManager(withoutRegisterKeys(options))
  const trustProxy = manager.options.trustProxy
  fastify.decorateRequest('session', null as unknown as Session)

  fastify.addHook('onRequest', async (request: WithHandle, reply) => {
    // tessera's own trustProxy, not Fastify's: `request.ip` follows Fastify's setting, which
    // may trust a different number of hops than the session options say. The request's one
    // HttpRequest is kept on `request.raw` for the CSRF hook, `csrfToken()` and the guards.
    const handle = manager.begin(bindNodeRequest(request.raw, trustProxy))
    request[HANDLE] = handle
    request.session = handle.session
    try {
      await handle.load()
    } catch (err) {
      // Nothing to commit for a session that could not be loaded.
      delete request[HANDLE]
      if (err instanceof StoreUnavailableError) return reply.send(unavailable(request, reply))
      throw err
    }
    return undefined
  })

  fastify.addHook('onSend', async (request: WithHandle, reply, payload) => {
    // Commit once: an error reply after a failed first onSend runs this hook again.
    const handle = request[HANDLE]
    if (handle === undefined) return payload
    delete request[HANDLE]
    let result
    try {
      result = await handle.commit()
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err
      reply.removeHeader('set-cookie')
      return unavailable(request, reply)
    }
    if (result.vary) reply.header('vary', varyWithCookie(reply.getHeader('vary')))
    // Fastify appends to a Set-Cookie the route already set (re-sending it would duplicate it).
    if (result.cookies.length > 0) reply.header('set-cookie', result.cookies)
    return payload
  })
  return Promise.resolve()
}

/** The 503 status and headers set on `reply`; returns the body to send (or to return from onSend). */
function unavailable(request: FastifyRequest, reply: FastifyReply): string {
  const { headers, body } = unavailableAnswer(request.headers.accept)
  reply.code(503).headers(headers)
  return body
}

/** The Fastify plugin (wrapped with `fastify-plugin`, so `request.session` is visible app-wide). */
export const tesseraSessions: FastifyPluginAsync<FastifySessionOptions> = fp(plugin, {
  name: 'tessera-sessions',
  fastify: '5.x',
})

export default tesseraSessions
export { createSessionManager }
export type { Session, SessionData, SessionOptions, SessionManager }
export { loginRequired, freshLoginRequired } from './auth.js'
export type { FastifyGuardOptions, FastifyPreHandler } from './auth.js'
export { csrfProtection, csrfToken } from './csrf.js'
export type { FastifyCsrfOptions } from './csrf.js'

/**
 * `fastify.register(plugin, options)` hands the plugin Fastify's own register options too
 * (`prefix`, `logLevel`, `logSerializers`); they are not session options.
 */
function withoutRegisterKeys(options: SessionOptions): SessionOptions {
  const {
    prefix: _prefix,
    logLevel: _logLevel,
    logSerializers: _logSerializers,
    ...rest
  } = options as SessionOptions & Record<'prefix' | 'logLevel' | 'logSerializers', unknown>
  return rest
}
