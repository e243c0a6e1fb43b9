import { describe, expect, it } from 'vitest'
import { fetchSessions, type FetchSessions } from '../../src/adapters/fetch/index.js'
import { ConfigError, StoreUnavailableError } from '../../src/errors.js'
import { createSessionManager, type Session } from '../../src/index.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { Browser } from '../helpers/http.js'
import { SECRET_A } from '../helpers/secrets.js'
import { lateWrite, routes, STREAM_PATH } from './routes.js'
import { serveFetch } from './fetch-server.js'
import { describeAdapter, flakyStore } from './suite.js'

/** The shared routes as one fetch handler. */
function app(tessera: FetchSessions) {
  return tessera.wrap(async (request, { session }) => {
    const { pathname } = new URL(request.url)
    if (pathname === STREAM_PATH) {
      session.set('streamed', true)
      const encoder = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('first;'))
          await new Promise((resolve) => setImmediate(resolve))
          controller.enqueue(encoder.encode(lateWrite(session)))
          controller.close()
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/plain' } })
    }
    const route = routes[pathname]
    if (route === undefined) return new Response('not found', { status: 404 })
    let out
    try {
      out = route(session)
    } catch {
      // The app's own error page (what Hono's onError is to the Hono suite): it is committed.
      return new Response('Something went wrong', { status: 500 })
    }
    switch (out.kind) {
      case 'text': {
        const headers = new Headers({ 'content-type': 'text/plain' })
        if (out.cookie !== undefined) headers.append('set-cookie', out.cookie)
        return new Response(out.body, { status: out.status ?? 200, headers })
      }
      case 'json':
        return Response.json(out.body)
      case 'redirect':
        // A relative Location, as the suite expects (Response.redirect() needs an absolute URL;
        // it is tested below).
        return new Response(null, { status: 303, headers: { location: out.location } })
    }
  })
}

describeAdapter('fetch', (options) => serveFetch(app(fetchSessions(options))))

/** The Set-Cookie values of a response, the session cookie among them. */
const cookiesOf = (res: Response) => res.headers.getSetCookie()
/** A Cookie header that replays the response's session cookie. */
const replay = (res: Response) => ({
  cookie: cookiesOf(res)
    .filter((c) => c.startsWith('session='))
    .map((c) => c.split(';')[0]!)
    .join('; '),
})

describe('fetch adapter: responses', () => {
  it('keeps every Set-Cookie the handler set and appends the session cookie after them', async () => {
    const handler = fetchSessions({ secret: SECRET_A }).wrap((_request, { session }) => {
      session.set('name', 'alice')
      const headers = new Headers()
      headers.append('set-cookie', 'theme=dark; Path=/')
      headers.append('set-cookie', 'lang=en; Path=/')
      return new Response('ok', { headers })
    })
    const cookies = cookiesOf(await handler(new Request('http://localhost/')))
    expect(cookies).toHaveLength(3)
    expect(cookies.slice(0, 2)).toEqual(['theme=dark; Path=/', 'lang=en; Path=/'])
    expect(cookies[2]).toMatch(/^session=/)
  })

  it('merges Cookie into the Vary the handler set, once', async () => {
    const handler = fetchSessions({ secret: SECRET_A }).wrap((_request, { session }) => {
      session.get('name')
      return new Response('ok', { headers: { vary: 'Accept-Encoding' } })
    })
    const res = await handler(new Request('http://localhost/'))
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Cookie')
  })

  it('commits a Response from fetch() (immutable headers) by copying it once', async () => {
    const upstream = await serveFetch(() =>
      Promise.resolve(
        new Response('from upstream', {
          headers: { 'set-cookie': 'up=1; Path=/', vary: 'Accept' },
        }),
      ),
    )
    const seen: Response[] = []
    const proxy = await serveFetch(
      fetchSessions({ secret: SECRET_A }).wrap(async (_request, { session }) => {
        session.set('name', 'alice')
        const res = await fetch(upstream.url)
        seen.push(res)
        return res
      }),
    )
    try {
      const reply = await new Browser(proxy.url).fetch('/')
      // The premise: fetch() gives a Response whose headers cannot be changed.
      expect(() => seen[0]!.headers.set('x-test', '1')).toThrow(TypeError)
      expect(reply.status).toBe(200)
      expect(reply.body).toBe('from upstream')
      expect(reply.setCookies).toHaveLength(2)
      expect(reply.setCookies[0]).toBe('up=1; Path=/')
      expect(reply.setCookies[1]).toMatch(/^session=/)
      expect(reply.headers.vary).toBe('Accept, Cookie')
    } finally {
      await proxy.close()
      await upstream.close()
    }
  })

  it('commits a Response.redirect(url, 303): the flash survives the redirect', async () => {
    const app = await serveFetch(
      fetchSessions({ secret: SECRET_A }).wrap((request, { session }) => {
        if (new URL(request.url).pathname === '/show') return Response.json(session.flashes())
        session.flash('Saved!', 'success')
        return Response.redirect(new URL('/show', request.url), 303)
      }),
    )
    try {
      const browser = new Browser(app.url)
      const redirect = await browser.fetch('/save')
      expect(redirect.status).toBe(303)
      expect(redirect.headers.location).toBe(`${app.url}/show`)
      expect(redirect.setCookies).toHaveLength(1)
      expect(JSON.parse((await browser.fetch('/show')).body)).toEqual([
        { category: 'success', message: 'Saved!' },
      ])
    } finally {
      await app.close()
    }
  })

  it('lets an error thrown by the handler propagate and commits nothing', async () => {
    const store = memoryStore()
    const created: string[] = []
    const counting = Object.assign(Object.create(store) as typeof store, {
      create: (key: string, record: Parameters<typeof store.create>[1]) => {
        created.push(key)
        store.create(key, record)
      },
    })
    const handler = fetchSessions({ secret: SECRET_A, store: counting }).wrap(
      (_request, { session }) => {
        session.set('name', 'alice')
        throw new Error('boom')
      },
    )
    await expect(handler(new Request('http://localhost/'))).rejects.toThrow('boom')
    expect(created).toEqual([])
  })

  it('refuses a handler that resolves to something other than a Response', async () => {
    const handler = fetchSessions({ secret: SECRET_A }).wrap(
      () => ({ status: 200 }) as unknown as Response,
    )
    await expect(handler(new Request('http://localhost/'))).rejects.toThrow(TypeError)
  })
})

describe('fetch adapter: runtime arguments and transport', () => {
  it("passes the runtime's extra arguments (Workers' env and ctx) through, typed", async () => {
    interface Env {
      GREETING: string
    }
    const env: Env = { GREETING: 'hi' }
    const ctx = { waitUntil: (promise: Promise<unknown>) => void promise }
    const seen: unknown[] = []
    const tessera = fetchSessions({ secret: SECRET_A })
    const handler = tessera.wrap((_request, { session }, e: Env, c: typeof ctx) => {
      seen.push(e, c)
      session.set('name', e.GREETING)
      return new Response(e.GREETING)
    })
    const app = await serveFetch(
      handler as (request: Request, ...rest: unknown[]) => Promise<Response>,
      env,
      ctx,
    )
    try {
      const browser = new Browser(app.url)
      expect((await browser.fetch('/')).body).toBe('hi')
      expect(seen[0]).toBe(env)
      expect(seen[1]).toBe(ctx)
    } finally {
      await app.close()
    }
  })

  it('knows no client address by default: a fetch handler has no socket', async () => {
    const handler = fetchSessions({ secret: SECRET_A }).wrap(
      (_request, { session }) => new Response(session.client.ip ?? 'none'),
    )
    const request = new Request('http://localhost/', {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    })
    expect(await (await handler(request)).text()).toBe('none')
  })

  it('asks peerAddress with the runtime arguments, so a trustProxy predicate can trust the peer', async () => {
    const tessera = fetchSessions(
      { secret: SECRET_A, trustProxy: (address) => address === '192.0.2.1' },
      { peerAddress: (_request, info) => (info as { peer: string }).peer },
    )
    const handler = tessera.wrap(
      (request, { session }, _info: { peer: string }) =>
        new Response(`${session.client.ip ?? 'none'} ${new URL(request.url).protocol}`),
    )
    const request = () =>
      new Request('http://localhost/', {
        headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
      })
    expect(await (await handler(request(), { peer: '192.0.2.1' })).text()).toBe('203.0.113.7 http:')
    // Another peer is not the proxy: its forwarded headers are not believed.
    expect(await (await handler(request(), { peer: '198.51.100.3' })).text()).toBe(
      '198.51.100.3 http:',
    )
  })

  it('takes the client address from clientIp when given', async () => {
    const tessera = fetchSessions({ secret: SECRET_A, clientIp: () => '192.0.2.9' })
    const handler = tessera.wrap((_r, { session }) => new Response(session.client.ip ?? 'none'))
    expect(await (await handler(new Request('http://localhost/'))).text()).toBe('192.0.2.9')
  })

  it('marks the loopback cookie Secure for an https: request URL, and for X-Forwarded-Proto only when trusted', async () => {
    const write = (_r: Request, { session }: { session: Session }) => {
      session.set('name', 'alice')
      return new Response('ok')
    }
    const plain = fetchSessions({ secret: SECRET_A }).wrap(write)
    const proxied = fetchSessions({ secret: SECRET_A, trustProxy: true }).wrap(write)
    const tls = cookiesOf(await plain(new Request('https://127.0.0.1/')))
    expect(tls[0]).toMatch(/; Secure/)
    const forwarded = () =>
      new Request('http://127.0.0.1/', { headers: { 'x-forwarded-proto': 'https' } })
    expect(cookiesOf(await plain(forwarded()))[0]).not.toMatch(/Secure/)
    expect(cookiesOf(await proxied(forwarded()))[0]).toMatch(/; Secure/)
  })

  it('checks the adapter options and suggests the name meant', () => {
    const manager = createSessionManager({ secret: SECRET_A })
    expect(() => fetchSessions(manager, { clientIP: () => 'x' } as never)).toThrow(ConfigError)
    expect(() => fetchSessions(manager, { clientIP: () => 'x' } as never)).toThrow(
      /Did you mean "clientIp"\?/,
    )
    expect(() => fetchSessions({ secret: SECRET_A, peerAddress: 'x' } as never)).toThrow(
      ConfigError,
    )
  })
})

describe('fetch adapter: getSession and commit by hand', () => {
  it('loads the session, and commit() returns the response with the cookie', async () => {
    const tessera = fetchSessions({ secret: SECRET_A, store: memoryStore() })
    const first = await tessera.getSession(new Request('http://localhost/'))
    first.session.set('name', 'alice')
    const res = await first.commit(new Response('saved'))
    expect(await res.text()).toBe('saved')
    const again = await tessera.getSession(
      new Request('http://localhost/', { headers: replay(res) }),
    )
    expect(again.session.get('name')).toBe('alice')
    await expect(first.commit(new Response('twice'))).rejects.toThrow(TypeError)
  })

  it('throws StoreUnavailableError at load while the store is down; unavailable() is the 503', async () => {
    const store = flakyStore(memoryStore())
    const tessera = fetchSessions({ secret: SECRET_A, store })
    const opened = await tessera.getSession(new Request('http://localhost/'))
    opened.session.set('name', 'alice')
    const res = await opened.commit(new Response('ok'))
    store.down = true
    const request = new Request('http://localhost/', { headers: replay(res) })
    await expect(tessera.getSession(request)).rejects.toBeInstanceOf(StoreUnavailableError)
    const answer = await tessera.unavailable(request)
    expect(answer.status).toBe(503)
    expect(answer.headers.get('retry-after')).not.toBeNull()
    expect(cookiesOf(answer)).toEqual([])
  })

  it('answers 503 without the route’s own Set-Cookie when the store fails at commit', async () => {
    const store = flakyStore(memoryStore())
    const tessera = fetchSessions({ secret: SECRET_A, store })
    const opened = await tessera.getSession(
      new Request('http://localhost/', { headers: { accept: 'application/json' } }),
    )
    opened.session.set('name', 'alice')
    store.down = true
    const res = await opened.commit(
      new Response('ok', { headers: { 'set-cookie': 'theme=dark; Path=/' } }),
    )
    expect(res.status).toBe(503)
    expect(cookiesOf(res)).toEqual([])
    expect(JSON.parse(await res.text())).toMatchObject({ error: 'session_store_unavailable' })
  })

  it('answers 503, not a 500, when the handler meets a store outage (a guard or the login manager)', async () => {
    const tessera = fetchSessions({ secret: SECRET_A })
    const handler = tessera.wrap((_request, { session }) => {
      session.set('seen', true)
      throw new StoreUnavailableError('The revocation store is down.', {
        cause: new Error('refused'),
      })
    })
    const res = await handler(
      new Request('http://localhost/', { headers: { accept: 'text/html' } }),
    )
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).not.toBeNull()
    expect(cookiesOf(res)).toEqual([])
    const other = tessera.wrap(() => {
      throw new TypeError('a bug')
    })
    await expect(other(new Request('http://localhost/'))).rejects.toBeInstanceOf(TypeError)
  })

  it('drops the Set-Cookie of a custom onUnavailable answer and adds Retry-After, even when immutable', async () => {
    const store = flakyStore(memoryStore())
    const manager = createSessionManager({ secret: SECRET_A, store })
    const tessera = fetchSessions(manager, {
      onUnavailable: () => {
        const res = Response.redirect('http://localhost/outage', 302)
        return res
      },
    })
    const opened = await tessera.getSession(new Request('http://localhost/'))
    opened.session.set('name', 'alice')
    store.down = true
    const res = await opened.commit(new Response('ok'))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('http://localhost/outage')
    expect(res.headers.get('retry-after')).not.toBeNull()
    const own = await fetchSessions(manager, {
      onUnavailable: () =>
        new Response('our own outage page', {
          status: 503,
          headers: { 'set-cookie': 'x=1', 'retry-after': '30' },
        }),
    }).unavailable(new Request('http://localhost/'))
    expect(await own.text()).toBe('our own outage page')
    expect(cookiesOf(own)).toEqual([])
    expect(own.headers.get('retry-after')).toBe('30')
  })
})
