import {
  csrfProtection,
  csrfToken,
  fetchSessions,
  freshLoginRequired,
  loginRequired,
  type SessionHandler,
} from '../../src/adapters/fetch/index.js'
import { describe, expect, it } from 'vitest'
import type { Session } from '../../src/index.js'
import * as routes from './auth-app.js'
import { describeAuthAdapter, type StartAuthApp } from './auth-suite.js'
import { describeProxiedAuth } from './auth-proxy-suite.js'
import { serveFetch } from './fetch-server.js'

function respond(reply: routes.Reply): Response {
  switch (reply.kind) {
    case 'text':
      return new Response(reply.body, { status: reply.status })
    case 'json':
      return Response.json(reply.body, { status: reply.status })
    case 'redirect':
      return new Response(null, { status: 303, headers: { location: reply.location } })
  }
}

/** The form as the route reads it: the CSRF check read a clone, so the body is still unread. */
async function form(request: Request): Promise<Record<string, string>> {
  const fields: Record<string, string> = {}
  for (const [key, value] of await request.formData()) {
    if (typeof value === 'string') fields[key] = value
  }
  return fields
}

const start: StartAuthApp = async (world) => {
  const tessera = fetchSessions(world.sessions)
  const signedIn = loginRequired(world.auth)
  const fresh = freshLoginRequired(world.auth)
  // The address the session wrapper resolved (under trustProxy), as an app should use it.
  const ip = (s: Session) => s.client.ip ?? ''
  const table: Record<string, SessionHandler<[]>> = {
    'GET /count': (_request, { session }) => {
      const visits = Number(session.get('visits') ?? 0) + 1
      session.set('visits', visits)
      return new Response(String(visits))
    },
    'GET /csrf': (_request, context) => new Response(csrfToken(context)),
    'POST /login': async (request, { session }) =>
      respond(await routes.login(world, session, await form(request), ip(session))),
    'POST /logout': async (_request, { session }) => respond(await routes.logout(world, session)),
    'GET /me': async (_request, { session }) => respond(await routes.me(world, session)),
    'GET /me-only': signedIn(async (_request, { session }) =>
      respond(await routes.me(world, session)),
    ),
    'GET /account': fresh(() => respond(routes.account())),
    'POST /reauth': signedIn(async (request, { session }) =>
      respond(await routes.reauth(world, session, await form(request))),
    ),
    'GET /sessions': signedIn(async (_request, { session }) =>
      respond(await routes.listSessions(world, session)),
    ),
    'POST /revoke-others': signedIn(async (_request, { session }) =>
      respond(await routes.revokeOthers(world, session)),
    ),
    'POST /password': fresh(async (request, { session }) =>
      respond(await routes.changePassword(world, session, await form(request))),
    ),
  }
  const app = tessera.wrap(
    csrfProtection(world.sessions)(async (request, context) => {
      const route = table[`${request.method} ${new URL(request.url).pathname}`]
      return route === undefined
        ? new Response('not found', { status: 404 })
        : route(request, context)
    }),
  )
  return serveFetch(app)
}

describeAuthAdapter('fetch', start)
describeProxiedAuth('fetch', start)

describe('fetch adapter: CSRF and guards in process', () => {
  const world = () => routes.makeWorld('cookie')
  const origin = 'http://127.0.0.1'

  it('reads the token from a multipart form through a clone: the handler still reads the body', async () => {
    const w = world()
    const tessera = fetchSessions(w.sessions)
    const app = tessera.wrap(
      csrfProtection(tessera)(async (request, context) => {
        if (request.method === 'GET') return new Response(csrfToken(context))
        const form = await request.formData()
        const note = form.get('note')
        return new Response(`got ${typeof note === 'string' ? note : 'no note'}`)
      }),
    )
    const page = await app(new Request(`${origin}/`))
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ')
    expect(cookie).toMatch(/^csrf=/)
    const body = new FormData()
    body.set('csrf_token', await page.text())
    body.set('note', 'hello')
    const post = await app(
      new Request(`${origin}/`, { method: 'POST', headers: { cookie, origin }, body }),
    )
    expect(post.status).toBe(200)
    expect(await post.text()).toBe('got hello')
    const forged = new FormData()
    forged.set('csrf_token', 'x')
    const refused = await app(
      new Request(`${origin}/`, { method: 'POST', headers: { cookie, origin }, body: forged }),
    )
    expect(refused.status).toBe(403)
  })

  it('refuses an unsafe request with a malformed Host header with 403, not an exception', async () => {
    const w = world()
    const app = fetchSessions(w.sessions).wrap(
      csrfProtection(w.sessions)(() => new Response('reached')),
    )
    const res = await app(
      new Request(`${origin}/login`, {
        method: 'POST',
        headers: {
          host: 'bad host^',
          origin: 'http://bad host^',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'csrf_token=x',
      }),
    )
    expect(res.status).toBe(403)
  })

  it('calls onRejected with the reason instead of the default 403', async () => {
    const w = world()
    const reasons: string[] = []
    const app = fetchSessions(w.sessions).wrap(
      csrfProtection(w.sessions, {
        onRejected: (_request, reason) => {
          reasons.push(reason)
          return new Response('nope', { status: 400 })
        },
      })(() => new Response('reached')),
    )
    const res = await app(new Request(`${origin}/`, { method: 'POST', headers: { origin } }))
    expect(res.status).toBe(400)
    expect(reasons).toHaveLength(1)
  })

  it('csrfToken() and csrfProtection() say what they need when used outside their wrappers', async () => {
    const w = world()
    const tessera = fetchSessions(w.sessions)
    const bare = tessera.wrap((_request, context) => new Response(csrfToken(context)))
    await expect(bare(new Request(`${origin}/`))).rejects.toThrow(/csrfProtection\(\)/)
    const { session } = await tessera.getSession(new Request(`${origin}/`))
    const unwrapped = csrfProtection(w.sessions)(() => new Response('reached'))
    const lost = { session: Object.create(session) as typeof session }
    await expect(
      Promise.resolve().then(() => unwrapped(new Request(`${origin}/`), lost)),
    ).rejects.toThrow(/tessera\.wrap\(\)/)
  })

  it('a guarded Response.redirect (immutable headers) gets Cache-Control: no-store and the commit', async () => {
    const w = world()
    const tessera = fetchSessions(w.sessions)
    const signIn = tessera.wrap(async (_request, { session }) => {
      await w.auth.login(
        session,
        [...w.users.values()].find((u) => u.name === 'alice')!,
      )
      return new Response('in')
    })
    const signedIn = await signIn(new Request(`${origin}/`))
    const cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ')
    const app = tessera.wrap(
      loginRequired(w.auth)((request, { session }) => {
        session.flash('moved', 'info')
        return Response.redirect(new URL('/next', request.url), 303)
      }),
    )
    const res = await app(new Request(`${origin}/`, { headers: { cookie } }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${origin}/next`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(true)
  })

  it('answers a refused visitor through onUnauthorized when given', async () => {
    const w = world()
    const app = fetchSessions(w.sessions).wrap(
      freshLoginRequired(w.auth, {
        onUnauthorized: (_request, refusal) =>
          new Response(`refused ${refusal.status}`, { status: 401 }),
      })(() => new Response('reached')),
    )
    const res = await app(new Request(`${origin}/`, { headers: { accept: 'text/html' } }))
    expect(await res.text()).toBe('refused 303')
  })
})
