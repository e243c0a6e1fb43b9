import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import {
  csrfProtection,
  csrfToken,
  freshLoginRequired,
  loginRequired,
  tesseraSessions,
} from '../../src/adapters/fastify/index.js'
import * as routes from './auth-app.js'
import { describeAuthAdapter, type StartAuthApp } from './auth-suite.js'
import { describeProxiedAuth } from './auth-proxy-suite.js'

function respond(reply: FastifyReply, answer: routes.Reply): FastifyReply {
  switch (answer.kind) {
    case 'text':
      return reply.code(answer.status).type('text/plain; charset=utf-8').send(answer.body)
    case 'json':
      return reply.code(answer.status).send(answer.body)
    case 'redirect':
      return reply.redirect(answer.location, 303)
  }
}

const form = (request: FastifyRequest) => (request.body ?? {}) as Record<string, string>

const start: StartAuthApp = async (world) => {
  const app = Fastify()
  // Fastify parses only JSON and text itself; forms need a parser (or @fastify/formbody).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))))
    },
  )
  await app.register(tesseraSessions, { manager: world.sessions })
  app.addHook('preHandler', csrfProtection(world.sessions))
  // The address the session middleware resolved (under trustProxy), as an app should use it.
  const ip = (request: FastifyRequest) => request.session.client.ip ?? ''
  app.get('/count', async (request) => {
    const visits = Number(request.session.get('visits') ?? 0) + 1
    request.session.set('visits', visits)
    return String(visits)
  })
  app.get('/csrf', async (request, reply) =>
    reply.type('text/plain; charset=utf-8').send(csrfToken(request, reply)),
  )
  app.post('/login', async (request, reply) =>
    respond(reply, await routes.login(world, request.session, form(request), ip(request))),
  )
  app.post('/logout', async (request, reply) =>
    respond(reply, await routes.logout(world, request.session)),
  )
  app.get('/me', async (request, reply) => respond(reply, await routes.me(world, request.session)))
  app.get('/me-only', { preHandler: loginRequired(world.auth) }, async (request, reply) =>
    respond(reply, await routes.me(world, request.session)),
  )
  app.get('/account', { preHandler: freshLoginRequired(world.auth) }, async (_request, reply) =>
    respond(reply, routes.account()),
  )
  app.post('/reauth', { preHandler: loginRequired(world.auth) }, async (request, reply) =>
    respond(reply, await routes.reauth(world, request.session, form(request))),
  )
  app.get('/sessions', { preHandler: loginRequired(world.auth) }, async (request, reply) =>
    respond(reply, await routes.listSessions(world, request.session)),
  )
  app.post('/revoke-others', { preHandler: loginRequired(world.auth) }, async (request, reply) =>
    respond(reply, await routes.revokeOthers(world, request.session)),
  )
  app.post('/password', { preHandler: freshLoginRequired(world.auth) }, async (request, reply) =>
    respond(reply, await routes.changePassword(world, request.session, form(request))),
  )
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url, close: () => app.close() }
}

describeAuthAdapter('fastify', start)
describeProxiedAuth('fastify', start)
