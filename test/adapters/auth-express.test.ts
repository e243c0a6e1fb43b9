import { createServer } from 'node:http'
import express, { type Request, type Response } from 'express'
import {
  csrfProtection,
  csrfToken,
  freshLoginRequired,
  loginRequired,
  sessions,
} from '../../src/adapters/node/index.js'
import * as routes from './auth-app.js'
import { describeAuthAdapter, type StartAuthApp } from './auth-suite.js'
import { describeProxiedAuth } from './auth-proxy-suite.js'
import { listen } from '../helpers/listen.js'

function respond(res: Response, reply: routes.Reply): void {
  switch (reply.kind) {
    case 'text':
      res.status(reply.status).type('text/plain').send(reply.body)
      return
    case 'json':
      res.status(reply.status).json(reply.body)
      return
    case 'redirect':
      res.redirect(303, reply.location)
      return
  }
}

const start: StartAuthApp = (world) => {
  const app = express()
  app.use(sessions(world.sessions), express.urlencoded({ extended: false, limit: '16kb' }))
  app.use(csrfProtection(world.sessions))
  const form = (req: Request) => (req.body ?? {}) as Record<string, string>
  // The address the session middleware resolved (under trustProxy), as an app should use it.
  const ip = (req: Request) => req.session.client.ip ?? ''
  app.get('/count', (req, res) => {
    const visits = Number(req.session.get('visits') ?? 0) + 1
    req.session.set('visits', visits)
    res.send(String(visits))
  })
  app.get('/csrf', (req, res) => {
    res.type('text/plain').send(csrfToken(req, res))
  })
  app.post('/login', async (req, res) =>
    respond(res, await routes.login(world, req.session, form(req), ip(req))),
  )
  app.post('/logout', async (req, res) => respond(res, await routes.logout(world, req.session)))
  app.get('/me', async (req, res) => respond(res, await routes.me(world, req.session)))
  app.get('/me-only', loginRequired(world.auth), async (req, res) =>
    respond(res, await routes.me(world, req.session)),
  )
  app.get('/account', freshLoginRequired(world.auth), (_req, res) => respond(res, routes.account()))
  app.post('/reauth', loginRequired(world.auth), async (req, res) =>
    respond(res, await routes.reauth(world, req.session, form(req))),
  )
  app.get('/sessions', loginRequired(world.auth), async (req, res) =>
    respond(res, await routes.listSessions(world, req.session)),
  )
  app.post('/revoke-others', loginRequired(world.auth), async (req, res) =>
    respond(res, await routes.revokeOthers(world, req.session)),
  )
  app.post('/password', freshLoginRequired(world.auth), async (req, res) =>
    respond(res, await routes.changePassword(world, req.session, form(req))),
  )
  return listen(createServer(app))
}

describeAuthAdapter('express', start)
describeProxiedAuth('express', start)
