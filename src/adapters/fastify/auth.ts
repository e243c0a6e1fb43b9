/**
 * Sign-in guards for Fastify, as `preHandler` hooks.
 *
 * ```ts
 * import { loginRequired, freshLoginRequired } from 'tessera-session/adapters/fastify'
 * app.get('/sessions', { preHandler: loginRequired(auth) }, async (request) => …)
 * ```
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { loginRefusal, reauthRefusal, type GuardRefusal } from '../../auth/guards.js'
import type { LoginManager } from '../../auth/login-manager.js'
import { nodeRequestOf } from '../common/node-request.js'

/** Options of the guards. */
export interface FastifyGuardOptions {
  /** @default '/login' */
  loginUrl?: string
  /** @default '/login?reauth=1' */
  reauthUrl?: string
  /** Replace the default refusal (Flask-Login's `unauthorized_handler`); send the reply in it. */
  onUnauthorized?: (request: FastifyRequest, reply: FastifyReply, refusal: GuardRefusal) => unknown
}

/** A Fastify `preHandler` hook. */
export type FastifyPreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>

/** Only signed-in users pass; others get 303 to the login page (pages) or 401 (API calls). */
export function loginRequired<User>(
  auth: LoginManager<User>,
  options: FastifyGuardOptions = {},
): FastifyPreHandler {
  const loginUrl = options.loginUrl ?? '/login'
  return async function tesseraLoginRequired(request, reply) {
    const user = await auth.currentUser(request.session)
    if (user === undefined) {
      return refuse(
        request,
        reply,
        loginRefusal(nodeRequestOf(request.raw, false), loginUrl),
        options,
      )
    }
    reply.header('cache-control', 'no-store')
    return undefined
  }
}

/** Like `loginRequired`, and the password must have been entered within `freshFor` (CL-45). */
export function freshLoginRequired<User>(
  auth: LoginManager<User>,
  options: FastifyGuardOptions = {},
): FastifyPreHandler {
  const loginUrl = options.loginUrl ?? '/login'
  const reauthUrl = options.reauthUrl ?? '/login?reauth=1'
  return async function tesseraFreshLoginRequired(request, reply) {
    const user = await auth.currentUser(request.session)
    if (user === undefined) {
      return refuse(
        request,
        reply,
        loginRefusal(nodeRequestOf(request.raw, false), loginUrl),
        options,
      )
    }
    if (!auth.isFresh(request.session)) {
      return refuse(
        request,
        reply,
        reauthRefusal(nodeRequestOf(request.raw, false), reauthUrl),
        options,
      )
    }
    reply.header('cache-control', 'no-store')
    return undefined
  }
}

async function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  refusal: GuardRefusal,
  options: FastifyGuardOptions,
): Promise<FastifyReply> {
  if (options.onUnauthorized !== undefined) {
    await options.onUnauthorized(request, reply, refusal)
    return reply
  }
  reply.header('cache-control', 'no-store')
  if (refusal.status === 303) return reply.code(303).header('location', refusal.location).send()
  return reply
    .code(401)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(refusal.body))
}
