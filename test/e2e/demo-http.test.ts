/**
 * The demo's HTTP contract (docs/demo.md, "Pages and routes"), part 1: public pages, headers, sign-up, log-in and its
 * redirects, CSRF, and the error answers — in both configurations (see demo-contract.ts).
 */
import { expect, it } from 'vitest'
import { describeDemoContract } from './demo-contract.js'
import { Client, csrfOf, flashesOf } from './demo-harness.js'

const PASSWORD = 'violet-harbour-lantern'

describeDemoContract('demo HTTP contract', ({ clients, moveTo, user }) => {
  it('GET /healthz answers 200 {"status":"ok"} with the session backend reachable', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const reply = await c.onA.get('/healthz')
    expect(reply.status).toBe(200)
    const report = JSON.parse(reply.body) as {
      status: string
      backends: { sessions: { backend: string; reachable: boolean } }
    }
    expect(report.status).toBe('ok')
    expect(report.backends.sessions.reachable).toBe(true)
    expect(typeof report.backends.sessions.backend).toBe('string')
  })

  it('CL-60 GET / tells a visitor "You are not logged in", with the security headers', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const reply = await c.onA.get('/', { origin: 'https://evil.example' })
    expect(reply.status).toBe(200)
    expect(reply.body).toContain('You are not logged in')
    const csp = String(reply.headers['content-security-policy'])
    for (const directive of [
      "default-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive)
    }
    expect(csp).not.toContain('unsafe-inline')
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
    expect(reply.headers['referrer-policy']).toMatch(
      /^(same-origin|no-referrer|strict-origin(-when-cross-origin)?)$/,
    )
    // CL-55: no credentialed CORS for a foreign origin.
    expect(reply.headers['access-control-allow-origin']).toBeUndefined()
    expect(reply.headers['access-control-allow-credentials']).toBeUndefined()
  })

  it('CL-6 serves the public pages without creating a session', async (ctx) => {
    const c = clients() ?? ctx.skip()
    for (const path of ['/', '/login', '/signup', '/no-such-page']) {
      const reply = await c.onA.get(path)
      expect(reply.setCookies.filter((s) => /^(__Host-)?sid=/.test(s))).toEqual([])
    }
  })

  it('signs up with username and password: 303 to /, logged in everywhere, flash Welcome', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    const reply = await c.onA.signup(name, PASSWORD)
    expect(reply.status).toBe(303)
    expect(reply.headers.location).toBe('/')
    const home = await moveTo(c.onA, c.pair.b.url).get('/')
    expect(home.body).toContain(`Logged in as ${name}`)
    expect(flashesOf(home.body)).toEqual([`success: Welcome, ${name}!`])
    expect(home.body).toContain(
      `<div class="flash flash-success" role="alert">Welcome, ${name}!</div>`,
    )
    expect(String(home.headers['cache-control'])).toContain('no-store')
  })

  it('shows a failed sign-up again with the username kept, never the password', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const short = await c.onA.signup('ab', PASSWORD)
    expect(short.status).toBe(422)
    expect(short.body).toContain('value="ab"')
    expect(short.body).not.toContain(PASSWORD)
    const weak = await c.onA.signup(user(), 'password1')
    expect(weak.status).toBe(422)
    expect(weak.body).toContain('too common')
    const name = user()
    expect((await new Client(c.pair.a.url).signup(name, PASSWORD)).status).toBe(303)
    const taken = await new Client(c.pair.b.url).signup(name.toUpperCase(), `${PASSWORD}-2`)
    expect(taken.status).toBe(409)
    expect(taken.body).toContain('taken')
    expect(taken.body).not.toContain(`${PASSWORD}-2`)
  })

  it('serves the login form with the contract fields', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const page = await c.onA.get('/login')
    for (const field of ['username', 'password', 'remember', 'csrf_token']) {
      expect(page.body).toContain(`name="${field}"`)
    }
    expect(page.body).toContain('autocomplete="current-password"')
  })

  it('CL-40 answers a wrong password and an unknown user with the same 401 page', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await new Client(c.pair.a.url).signup(name, PASSWORD)
    const wrong = await new Client(c.pair.a.url).login(name, 'not-the-password')
    const unknown = await new Client(c.pair.b.url).login(`${name}x`, 'not-the-password')
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    const strip = (html: string): string =>
      html.replace(/value="[^"]*"/g, 'value=""').replace(/Logged in as [^<]*/g, '')
    expect(strip(wrong.body)).toBe(strip(unknown.body))
    expect(wrong.body).toContain('Invalid username or password.')
    expect(wrong.body).not.toContain('not-the-password')
  })

  it('logs in: 303 to a same-site next, flash Login successful!', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await new Client(c.pair.a.url).signup(name, PASSWORD)
    const page = await c.onA.get('/login?next=%2Fsessions%3Ftab%3D1')
    const reply = await c.onA.postRaw('/login?next=%2Fsessions%3Ftab%3D1', {
      username: name,
      password: PASSWORD,
      csrf_token: csrfOf(page.body),
    })
    expect(reply.status).toBe(303)
    expect(reply.headers.location).toBe('/sessions?tab=1')
    const home = await moveTo(c.onA, c.pair.b.url).get('/')
    expect(home.body).toContain(`Logged in as ${name}`)
    expect(flashesOf(home.body)).toEqual(['success: Login successful!'])
  })

  it('CL-56 never redirects off-site after login', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await new Client(c.pair.a.url).signup(name, PASSWORD)
    const attacks = [
      '//evil.example',
      '/\\evil.example',
      '\\/evil.example',
      '/\t/evil.example',
      'https://evil.example',
      'http:evil.example',
      'javascript:alert(1)',
      '/%0d%0aSet-Cookie:x=y',
      'data:text/html,x',
      // Dot segments that URL normalisation turns into //evil.example (hardening defect 1).
      '/.//evil.example',
      '/a/..//evil.example',
      '/%2e//evil.example',
      '/%2e%2e//evil.example',
      '/..//evil.example',
    ]
    for (const next of attacks) {
      const client = new Client(c.pair.a.url)
      const page = await client.get('/login')
      const reply = await client.postRaw(`/login?next=${encodeURIComponent(next)}`, {
        username: name,
        password: PASSWORD,
        csrf_token: csrfOf(page.body),
      })
      expect(reply.status).toBe(303)
      expect(
        reply.headers.location?.startsWith('/') && !reply.headers.location.startsWith('//'),
      ).toBe(true)
      expect(reply.headers.location).not.toMatch(/evil|javascript|data:|[\r\n]/i)
    }
  })

  it('"remember me" gives a persistent cookie; a plain login a browser-session cookie', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await new Client(c.pair.a.url).signup(name, PASSWORD)
    const plain = await new Client(c.pair.a.url).login(name, PASSWORD)
    const remembered = await new Client(c.pair.a.url).login(name, PASSWORD, { remember: 'on' })
    const sessionCookie = (setCookies: string[]) =>
      setCookies.find((s) => /^(__Host-)?sid=[^;]/.test(s))
    expect(sessionCookie(plain.setCookies)).not.toMatch(/Max-Age|Expires/i)
    const persistent = sessionCookie(remembered.setCookies) ?? ''
    const maxAge = Number(/Max-Age=(\d+)/i.exec(persistent)?.[1])
    expect(maxAge).toBeGreaterThan(13 * 86_400)
    expect(maxAge).toBeLessThanOrEqual(14 * 86_400)
  })

  it('CL-57 sends visitors of protected pages to /login?next=<path>', async (ctx) => {
    const c = clients() ?? ctx.skip()
    for (const path of ['/sessions', '/account']) {
      const reply = await c.onA.get(path)
      expect(reply.status).toBe(303)
      expect(reply.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`)
    }
  })

  it('CL-49 refuses form posts without a valid token or from another origin, changing nothing', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    const page = await c.onA.get('/signup')
    const token = csrfOf(page.body)
    expect((await c.onA.postRaw('/signup', { username: name, password: PASSWORD })).status).toBe(
      403,
    )
    expect(
      (
        await c.onA.postRaw('/signup', {
          username: name,
          password: PASSWORD,
          csrf_token: 'x'.repeat(86),
        })
      ).status,
    ).toBe(403)
    const foreign = { origin: 'https://evil.example' }
    expect(
      (
        await c.onA.postRaw(
          '/signup',
          { username: name, password: PASSWORD, csrf_token: token },
          foreign,
        )
      ).status,
    ).toBe(403)
    const crossSite = { 'sec-fetch-site': 'cross-site' }
    expect(
      (
        await c.onA.postRaw(
          '/signup',
          { username: name, password: PASSWORD, csrf_token: token },
          crossSite,
        )
      ).status,
    ).toBe(403)
    // Nothing was created: the name is still free.
    expect((await c.onB.signup(name, PASSWORD)).status).toBe(303)
    const refusedLogout = await c.onB.postRaw('/logout', {})
    expect(refusedLogout.status).toBe(403)
    expect((await c.onB.get('/')).body).toContain(`Logged in as ${name}`)
  })

  it('answers 413 above 16 KB, 404 for unknown routes and GET on POST-only routes (CL-50)', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const big = await c.onA.postRaw('/login', { username: 'x', password: 'y'.repeat(20_000) })
    expect(big.status).toBe(413)
    const missing = await c.onA.get('/no-such-page')
    expect(missing.status).toBe(404)
    expect(missing.body).toContain('Page not found')
    expect(missing.headers['content-security-policy']).toBeDefined()
    expect((await c.onA.get('/sessions/revoke-others')).status).toBe(404)
  })
})
