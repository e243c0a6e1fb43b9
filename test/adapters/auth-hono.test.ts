import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono, type Context } from 'hono'
import {
  csrfProtection,
  csrfToken,
  freshLoginRequired,
  loginRequired,
  sessions,
} from '../../src/adapters/hono/index.js'
import * as routes from './auth-app.js'
import { describeAuthAdapter, type StartAuthApp } from './auth-suite.js'
import { describeProxiedAuth } from './auth-proxy-suite.js'

function respond(c: Context, reply: routes.Reply): Response {
  switch (reply.kind) {
    case 'text':
      return c.text(reply.body, reply.status as 200)
    case 'json':
      return c.json(reply.body, reply.status as 200)
    case 'redirect':
      return c.redirect(reply.location, 303)
  }
}

async function form(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  return Object.fromEntries(
    Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
  )
}

const start: StartAuthApp = async (world) => {
  const app = new Hono()
  app.use(sessions(world.sessions))
  app.use(csrfProtection(world.sessions))
  // The address the session middleware resolved (under trustProxy), as an app should use it.
  const ip = (c: Context) => c.get('session').client.ip ?? ''
  app.get('/count', (c) => {
    const s = c.get('session')
    const visits = Number(s.get('visits') ?? 0) + 1
    s.set('visits', visits)
    return c.text(String(visits))
  })
  app.get('/csrf', (c) => c.text(csrfToken(c)))
  app.post('/login', async (c) =>
    respond(c, await routes.login(world, c.get('session'), await form(c), ip(c))),
  )
  app.post('/logout', async (c) => respond(c, await routes.logout(world, c.get('session'))))
  app.get('/me', async (c) => respond(c, await routes.me(world, c.get('session'))))
  app.get('/me-only', loginRequired(world.auth), async (c) =>
    respond(c, await routes.me(world, c.get('session'))),
  )
  app.get('/account', freshLoginRequired(world.auth), (c) => respond(c, routes.account()))
  app.post('/reauth', loginRequired(world.auth), async (c) =>
    respond(c, await routes.reauth(world, c.get('session'), await form(c))),
  )
  app.get('/sessions', loginRequired(world.auth), async (c) =>
    respond(c, await routes.listSessions(world, c.get('session'))),
  )
  app.post('/revoke-others', loginRequired(world.auth), async (c) =>
    respond(c, await routes.revokeOthers(world, c.get('session'))),
  )
  app.post('/password', freshLoginRequired(world.auth), async (c) =>
    respond(c, await routes.changePassword(world, c.get('session'), await form(c))),
  )
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describeAuthAdapter('hono', start)
describeProxiedAuth('hono', start)
