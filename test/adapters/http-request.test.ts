import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import express from 'express'
import Fastify from 'fastify'
import { Hono, type Context } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeRequestOf } from '../../src/adapters/common/node-request.js'
import { fetchSessions, guardRequest } from '../../src/adapters/fetch/index.js'
import { stateOf } from '../../src/adapters/fetch/state.js'
import { tesseraSessions } from '../../src/adapters/fastify/index.js'
import { sessions as honoSessions } from '../../src/adapters/hono/index.js'
import { honoRequestOf } from '../../src/adapters/hono/request.js'
import { sessions as nodeSessions, withSessions } from '../../src/adapters/node/index.js'
import {
  createSessionManager,
  type HttpRequest,
  type RequestInfo,
  type SessionManager,
} from '../../src/index.js'
import { listen } from '../helpers/listen.js'
import { SECRET_A } from '../helpers/secrets.js'

/** What a route reports of the request it was given. */
interface Seen {
  readonly sameAsSession: boolean
  readonly method: string
  readonly path: string
  readonly query: string
  readonly accept: string | undefined
  readonly absent: string | undefined
  readonly encrypted: boolean
  readonly ip: string | undefined
  readonly host: string | undefined
  readonly hostHeader: string | undefined
  readonly userAgent: string | undefined
}

/** A manager whose `begin()` remembers the request each adapter handed it. */
function recordingManager(): { manager: SessionManager; began: () => RequestInfo | undefined } {
  const inner = createSessionManager({ secret: SECRET_A, trustProxy: true })
  let last: RequestInfo | undefined
  const manager: SessionManager = {
    ...inner,
    begin(request) {
      last = request
      return inner.begin(request)
    },
  }
  return { manager, began: () => last }
}

function report(request: HttpRequest, began: RequestInfo | undefined): Seen {
  return {
    sameAsSession: request === began,
    method: request.method,
    path: request.path,
    query: request.query,
    accept: request.header('accept'),
    absent: request.header('x-not-sent'),
    encrypted: request.encrypted,
    ip: request.ip,
    host: request.host,
    hostHeader: request.hostHeader,
    userAgent: request.userAgent,
  }
}

// Two proxies appended to X-Forwarded-For; with `trustProxy: true` only the right-most hop (the
// one the trusted proxy saw) is the client. The scheme arrives upper-case.
const FORWARDED = {
  accept: 'text/html',
  'user-agent': 'probe/1',
  'x-forwarded-for': '203.0.113.9, 198.51.100.7',
  'x-forwarded-proto': 'HTTPS',
}

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

describe('the one request shape, built once per request by each adapter', () => {
  it('express: path and query of a mounted router, header(), forwarded headers read once', async () => {
    const { manager, began } = recordingManager()
    const app = express()
    app.use(nodeSessions(manager))
    const admin = express.Router()
    admin.get('/users', (req, res) => {
      // Asked with trustProxy off, the guard and CSRF helpers still get the session's request.
      res.json(report(nodeRequestOf(req, false), began()))
    })
    app.use('/admin', admin)
    const server = await listen(createServer(app))
    closers.push(server.close)
    const seen = (await (
      await fetch(`${server.url}/admin/users?tab=2`, { headers: FORWARDED })
    ).json()) as Seen
    expect(seen).toEqual({
      sameAsSession: true,
      method: 'GET',
      path: '/admin/users',
      query: '?tab=2',
      accept: 'text/html',
      absent: undefined,
      encrypted: true,
      ip: '198.51.100.7',
      host: '127.0.0.1',
      hostHeader: new URL(server.url).host,
      userAgent: 'probe/1',
    })
  })

  it('node:http: the first value of a repeated header, an empty query', async () => {
    const { manager, began } = recordingManager()
    const server = await listen(
      createServer(
        withSessions(manager, (req: IncomingMessage, res) => {
          const request = nodeRequestOf(req, false)
          res.setHeader('content-type', 'application/json')
          res.end(
            JSON.stringify({
              ...report(request, began()),
              cookie: request.header('set-cookie'),
            }),
          )
        }),
      ),
    )
    closers.push(server.close)
    const { url } = server
    const seen = await new Promise<Seen & { cookie: string }>((resolve, reject) => {
      // Node keeps a repeated Set-Cookie request header as a list; header() gives the first.
      const req = httpRequest(`${url}/plain`, {
        headers: {
          'x-forwarded-proto': 'http',
          'set-cookie': ['a=1', 'b=2'],
          accept: 'application/json',
        },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve(JSON.parse(body) as Seen & { cookie: string }))
      })
      req.on('error', reject)
      req.end()
    })
    expect(seen.sameAsSession).toBe(true)
    expect(seen.path).toBe('/plain')
    expect(seen.query).toBe('')
    expect(seen.cookie).toBe('a=1')
    expect(seen.accept).toBe('application/json')
    expect(seen.encrypted).toBe(false)
    expect(seen.ip).toBe('127.0.0.1')
  })

  it('hono: the context keeps the request; the URL string gives path, query and host', async () => {
    const { manager, began } = recordingManager()
    const app = new Hono()
    app.use(honoSessions(manager))
    const admin = new Hono()
    admin.get('/users', (c: Context) => c.json(report(honoRequestOf(c, false), began())))
    app.route('/admin', admin)
    const response = await app.request('http://app.test:8080/admin/users?tab=2', {
      headers: FORWARDED,
    })
    expect((await response.json()) as Seen).toEqual({
      sameAsSession: true,
      method: 'GET',
      path: '/admin/users',
      query: '?tab=2',
      accept: 'text/html',
      absent: undefined,
      encrypted: true,
      ip: '198.51.100.7',
      host: 'app.test',
      hostHeader: 'app.test:8080',
      userAgent: 'probe/1',
    })
  })

  it('fastify: the request keeps it (on request.raw), for the CSRF hook and the guards', async () => {
    const { manager, began } = recordingManager()
    const app = Fastify()
    await app.register(tesseraSessions, manager)
    app.get('/admin/users', (request) => report(nodeRequestOf(request.raw, false), began()))
    const response = await app.inject({
      method: 'GET',
      url: '/admin/users?tab=2&x=%2F',
      headers: { ...FORWARDED, 'x-forwarded-proto': 'https', host: 'app.test' },
    })
    expect(response.json<Seen>()).toEqual({
      sameAsSession: true,
      method: 'GET',
      path: '/admin/users',
      query: '?tab=2&x=%2F',
      accept: 'text/html',
      absent: undefined,
      encrypted: true,
      ip: '198.51.100.7',
      host: 'app.test',
      hostHeader: 'app.test',
      userAgent: 'probe/1',
    })
    await app.close()
  })

  it('fetch: the state slot keeps it; clientIp replaces the address', async () => {
    const { manager, began } = recordingManager()
    const tessera = fetchSessions(manager, { clientIp: () => '192.0.2.1' })
    const handler = tessera.wrap((_request, { session }) =>
      Response.json(report(stateOf(session)!.request, began())),
    )
    const response = await handler(
      new Request('https://app.test/admin/users?tab=2', { headers: FORWARDED }),
    )
    expect((await response.json()) as Seen).toEqual({
      sameAsSession: true,
      method: 'GET',
      path: '/admin/users',
      query: '?tab=2',
      accept: 'text/html',
      absent: undefined,
      encrypted: true,
      ip: '192.0.2.1',
      host: 'app.test',
      hostHeader: 'app.test',
      userAgent: 'probe/1',
    })
  })

  it('fetch: the deprecated guardRequest() gives the one shape for a request by hand', () => {
    const request = guardRequest(
      new Request('http://app.test/account?tab=2', { method: 'POST', headers: FORWARDED }),
    )
    expect([request.method, request.path, request.query]).toEqual(['POST', '/account', '?tab=2'])
    expect(request.header('x-forwarded-proto')).toBe('HTTPS')
    // Built without trustProxy: the forwarded scheme is not believed.
    expect(request.encrypted).toBe(false)
  })
})
