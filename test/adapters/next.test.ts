/**
 * tessera-session/next outside a Next.js server: `next/headers` is replaced by a fake request
 * (a cookie store whose `set` works, as in a Server Action, or throws Next's error, as in a
 * Server Component render); `next/navigation` and `next/server` are the real modules.
 */
import { redirect } from 'next/navigation.js'
import { NextRequest, NextResponse } from 'next/server.js'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { StoreUnavailableError } from '../../src/errors.js'
import { createSessionManager } from '../../src/index.js'
import { nextSessions, SessionReadOnlyError } from '../../src/next/index.js'
import { parseSetCookie } from '../../src/next/set-cookie.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { SECRET_A } from '../helpers/secrets.js'

interface FakeCookie {
  name: string
  value: string
  options: Record<string, unknown>
}

/** One fake request: what `cookies()` and `headers()` return while it is current. */
class FakeRequest {
  readonly jar = new Map<string, string>()
  readonly sets: FakeCookie[] = []
  readonly headerList: Headers
  readonly writable: boolean
  constructor(
    writable: boolean,
    cookie: Record<string, string> = {},
    headers: Record<string, string> = { host: 'app.example.com', 'user-agent': 'test' },
  ) {
    this.writable = writable
    for (const [name, value] of Object.entries(cookie)) this.jar.set(name, value)
    this.headerList = new Headers(headers)
  }
  readonly store = {
    getAll: () => [...this.jar].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string, options: Record<string, unknown>) => {
      this.sets.push({ name, value, options })
      if (!this.writable) {
        throw new Error('Cookies can only be modified in a Server Action or Route Handler.')
      }
      this.jar.set(name, value)
    },
  }
  /** The cookies a browser would send on the next request. */
  next(writable: boolean): FakeRequest {
    return new FakeRequest(writable, Object.fromEntries(this.jar))
  }
}

let current = new FakeRequest(true)
vi.mock('next/headers.js', () => ({
  cookies: () => Promise.resolve(current.store),
  headers: () => Promise.resolve(current.headerList),
}))

beforeEach(() => {
  current = new FakeRequest(true)
})

describe('parseSetCookie', () => {
  it('reads back every attribute of a Set-Cookie the manager wrote', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    const handle = manager.begin({ cookieHeader: undefined, encrypted: true, host: 'example.com' })
    handle.session.set('n', 1)
    const { cookies } = await handle.commit()
    const parsed = parseSetCookie(cookies[0]!)
    expect(parsed.name).toBe('__Host-session')
    expect(parsed.value.length).toBeGreaterThan(20)
    expect(parsed.options).toMatchObject({
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
    })
    expect(parsed.options.domain).toBeUndefined()
  })

  it('keeps Max-Age, Expires, Domain and Partitioned, and decodes the value', () => {
    const parsed = parseSetCookie(
      'a=x%20y; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=example.com; Path=/p; ' +
        'Secure; Partitioned; SameSite=None; Priority=High',
    )
    expect(parsed).toEqual({
      name: 'a',
      value: 'x y',
      options: {
        maxAge: 0,
        expires: new Date(0),
        domain: 'example.com',
        path: '/p',
        secure: true,
        partitioned: true,
        sameSite: 'none',
        priority: 'high',
      },
    })
  })

  it('refuses prefixed cookies that break their rules, and text that is no Set-Cookie', () => {
    expect(() => parseSetCookie('__Host-s=1; Path=/')).toThrow(TypeError)
    expect(() => parseSetCookie('__Host-s=1; Secure; Path=/; Domain=example.com')).toThrow(
      TypeError,
    )
    expect(() => parseSetCookie('__Host-s=1; Secure; Path=/a')).toThrow(TypeError)
    expect(() => parseSetCookie('__Secure-s=1; Path=/')).toThrow(TypeError)
    expect(() => parseSetCookie('no equals sign')).toThrow(TypeError)
  })
})

describe('nextSessions in Server Actions and Route Handlers', () => {
  it('gives one session per request and saves it through cookies().set()', async () => {
    const tessera = nextSessions({ secret: SECRET_A })
    const session = await tessera.session()
    expect(await tessera.session()).toBe(session)
    session.set('visits', 1)
    await tessera.save()
    expect(current.sets).toHaveLength(1)
    expect(current.sets[0]).toMatchObject({
      name: '__Host-session',
      options: { path: '/', secure: true, httpOnly: true, sameSite: 'lax' },
    })

    current = current.next(true)
    expect((await tessera.session()).get('visits')).toBe(1)
  })

  it('withSession saves on return and on redirect(), not on another error', async () => {
    const tessera = nextSessions({ secret: SECRET_A })
    const count = tessera.withSession((session, by: number) => {
      session.set('n', by)
      return by * 2
    })
    expect(await count(3)).toBe(6)
    expect(current.sets).toHaveLength(1)

    current = new FakeRequest(true)
    const moves = tessera.withSession((session) => {
      session.set('n', 1)
      redirect('/elsewhere')
    })
    const thrown = await moves().catch((err: unknown) => err as { digest?: unknown })
    expect(String(thrown.digest)).toContain('/elsewhere')
    expect(current.sets).toHaveLength(1)

    current = new FakeRequest(true)
    const fails = tessera.withSession((session) => {
      session.set('n', 1)
      throw new RangeError('app bug')
    })
    await expect(fails()).rejects.toThrow(RangeError)
    expect(current.sets).toHaveLength(0)
  })

  it('believes X-Forwarded-Proto only under trustProxy', async () => {
    const loopback = { host: '127.0.0.1:3000', 'x-forwarded-proto': 'https' }
    for (const [trustProxy, name] of [
      [false, 'session'],
      [true, '__Host-session'],
    ] as const) {
      current = new FakeRequest(true, {}, loopback)
      const tessera = nextSessions({ secret: SECRET_A, trustProxy })
      ;(await tessera.session()).set('a', 1)
      await tessera.save()
      expect(current.sets[0]?.name).toBe(name)
    }
  })

  it('turns a store outage into StoreUnavailableError', async () => {
    const store = {
      ...memoryStore(),
      get: () => Promise.reject(new StoreUnavailableError()),
    }
    const manager = createSessionManager({ secret: SECRET_A, store })
    const signer = manager.begin({ cookieHeader: undefined, encrypted: true, host: 'x.example' })
    signer.session.set('a', 1)
    const [setCookie] = (await signer.commit()).cookies
    const { name, value } = parseSetCookie(setCookie!)
    current = new FakeRequest(true, { [name]: value })
    await expect(nextSessions(manager).session()).rejects.toBeInstanceOf(StoreUnavailableError)
  })
})

describe('nextSessions in Server Components', () => {
  it('reads, and a changed session fails with SessionReadOnlyError', async () => {
    const tessera = nextSessions({ secret: SECRET_A })
    ;(await tessera.session()).set('user', 'ada')
    await tessera.save()

    current = current.next(false)
    const session = await tessera.session()
    expect(session.get('user')).toBe('ada')
    session.set('user', 'eve')
    const error = await tessera.save().catch((err: unknown) => err)
    expect(error).toBeInstanceOf(SessionReadOnlyError)
    expect(error).toMatchObject({ code: 'ERR_SESSION_READ_ONLY', name: 'SessionReadOnlyError' })
    expect((error as Error).message).toMatch(/Server Action or a Route Handler/)
  })

  it('skips a refresh alone: the sliding deadline waits for a writable request', async () => {
    const tessera = nextSessions({ secret: SECRET_A })
    const first = await tessera.session()
    first.permanent = true
    first.set('user', 'ada')
    await tessera.save()

    current = current.next(false)
    expect((await tessera.session()).get('user')).toBe('ada')
    await expect(tessera.save()).resolves.toBeUndefined()
    // The permanent session asked for a refresh (refreshEachRequest), which Next refused.
    expect(current.sets).toHaveLength(1)
    expect(current.jar.get('__Host-session')).toBeDefined()
  })
})

describe('nextSessions().proxy', () => {
  const tessera = nextSessions({ secret: SECRET_A })
  const request = (method = 'GET', cookie?: string) =>
    new NextRequest('https://app.example.com/account', {
      method,
      headers: cookie === undefined ? {} : { cookie },
    })

  it('continues with the new cookies for the route and sets them on the response', async () => {
    const response = await tessera.proxy(request(), (session) => {
      session.set('seen', true)
      return undefined
    })
    const setCookie = response.headers.getSetCookie()
    expect(setCookie).toHaveLength(1)
    expect(response.headers.get('x-middleware-next')).toBe('1')
    const forwarded = response.headers.get('x-middleware-request-cookie') ?? ''
    expect(forwarded.startsWith('__Host-session=')).toBe(true)
    expect(response.headers.get('vary')).toMatch(/Cookie/)
  })

  it('commits into the answer of the handler, even one with immutable headers', async () => {
    const response = await tessera.proxy(request(), (session) => {
      session.set('seen', true)
      return Response.redirect('https://app.example.com/login', 307)
    })
    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toBe('https://app.example.com/login')
    expect(response.headers.getSetCookie()).toHaveLength(1)
  })

  it('leaves the session of a Server Action post to the action unless the handler changed it', async () => {
    const first = await tessera.proxy(request(), (session) => {
      session.permanent = true
      session.set('a', 1)
      return undefined
    })
    const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!
    const get = await tessera.proxy(request('GET', cookie))
    expect(get.headers.getSetCookie()).toHaveLength(1) // the refresh of a permanent session
    const post = await tessera.proxy(request('POST', cookie), (session) => {
      expect(session.get('a')).toBe(1)
      return undefined
    })
    expect(post.headers.getSetCookie()).toHaveLength(0)
    const changed = await tessera.proxy(request('POST', cookie), (session) => {
      session.set('a', 2)
      return NextResponse.next()
    })
    expect(changed.headers.getSetCookie()).toHaveLength(1)
  })

  it('answers 503 without Set-Cookie when the store is down', async () => {
    const store = { ...memoryStore(), get: () => Promise.reject(new StoreUnavailableError()) }
    const manager = createSessionManager({ secret: SECRET_A, store })
    const signer = manager.begin({ cookieHeader: undefined, encrypted: true, host: 'x.example' })
    signer.session.set('a', 1)
    const cookie = (await signer.commit()).cookies[0]!.split(';')[0]!
    const response = await nextSessions(manager).proxy(request('GET', cookie))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(response.headers.getSetCookie()).toHaveLength(0)
  })
})
