/**
 * What the demo app does at its edges, in-process: HSTS only over HTTPS, `Vary: Cookie`, the
 * cached stylesheet, the generic 500 page (never a stack trace) and the 503 page when the user
 * database is down.
 */
import { StoreUnavailableError } from 'tessera-session/errors'
import { afterEach, describe, expect, it } from 'vitest'
import type { UserRepository } from '../../demo/users/user-repository.js'
import { inProcessDemo, type InProcessDemo } from './demo-inprocess.js'

/** A user repository whose every read fails with `error`. */
function failingUsers(error: Error): UserRepository {
  const fail = () => Promise.reject(error)
  return {
    kind: 'sqlite',
    migrate: () => Promise.resolve(),
    create: fail,
    byId: fail,
    byUsername: fail,
    setPasswordHash: fail,
    recordLogin: fail,
  }
}

describe('the demo app’s edges', () => {
  let demo: InProcessDemo | undefined
  afterEach(() => demo?.close())

  it('CL-60 sends HSTS for one year over HTTPS only', async () => {
    demo = await inProcessDemo()
    const plain = await demo.request('/')
    expect(plain.headers.get('strict-transport-security')).toBeNull()
    const secure = await demo.request('https://localhost/')
    expect(secure.headers.get('strict-transport-security')).toMatch(/max-age=31536000/)
  })

  it('CL-59 varies the home page by Cookie', async () => {
    demo = await inProcessDemo()
    const home = await demo.request('/')
    expect(home.headers.get('vary')).toMatch(/cookie/i)
    expect(home.headers.get('cache-control')).toBe('no-store')
  })

  it('serves the stylesheet with a long cache, an ETag and 304 on a match', async () => {
    demo = await inProcessDemo()
    const home = await demo.request('/')
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home.body)?.[1] ?? ''
    expect(href).toMatch(/^\/static\/style\.css\?v=[\w-]{12}$/)
    const css = await demo.request(href)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toContain('text/css')
    expect(css.headers.get('cache-control')).toContain('immutable')
    expect(css.body).toContain(':focus-visible')
    const again = await demo.request(href, undefined, {
      'if-none-match': css.headers.get('etag') ?? '',
    })
    expect(again.status).toBe(304)
  })

  it('CL-80 answers an unexpected error with the generic 500 page, never its details', async () => {
    demo = await inProcessDemo({
      users: failingUsers(new Error('SECRET-DETAIL in /srv/app.js:42')),
    })
    const page = await demo.post('/login', '/login', {
      username: 'someone',
      password: 'whatever-pass',
    })
    expect(page.status).toBe(500)
    expect(page.body).toContain('Something went wrong')
    expect(page.body).not.toContain('SECRET-DETAIL')
    expect(page.body).not.toMatch(/\bat .*:\d+:\d+/)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
  })

  it('CL-72 answers 503 with Retry-After when the user database is unreachable', async () => {
    demo = await inProcessDemo({ users: failingUsers(new StoreUnavailableError()) })
    const page = await demo.post('/login', '/login', {
      username: 'someone',
      password: 'whatever-pass',
    })
    expect(page.status).toBe(503)
    expect(page.headers.get('retry-after')).toBe('5')
    expect(page.body).toContain('Temporarily unavailable')
  })
})
