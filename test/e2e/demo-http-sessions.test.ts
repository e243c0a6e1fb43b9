/**
 * The demo's HTTP contract (docs/demo.md, "Pages and routes"), part 2: log-out, the active sessions and their
 * revocation, password change and login throttling — in both configurations, crossing processes
 * wherever a step can (see demo-contract.ts).
 */
import { expect, it } from 'vitest'
import { describeDemoContract } from './demo-contract.js'
import { Client, csrfOf, flashesOf } from './demo-harness.js'

const PASSWORD = 'violet-harbour-lantern'

describeDemoContract('demo HTTP contract, sessions', ({ clients, moveTo, user, sealed }) => {
  it('CL-24 logs out: GET confirms, POST ends the session on every process', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await c.onA.signup(name, PASSWORD)
    const onB = moveTo(c.onA, c.pair.b.url)
    const confirm = await onB.get('/logout')
    expect(confirm.status).toBe(200)
    expect(confirm.body).toContain('action="/logout"')
    const stolen = new Map(c.onA.cookies)
    const reply = await onB.postRaw('/logout', { csrf_token: csrfOf(confirm.body) })
    expect(reply.status).toBe(303)
    expect(reply.headers.location).toBe('/')
    expect(flashesOf((await onB.get('/')).body)).toEqual(['info: You have been logged out'])
    const replay = new Client(c.pair.a.url)
    for (const [k, v] of stolen) replay.cookies.set(k, v)
    expect((await replay.get('/')).body).toContain('You are not logged in')
  })

  it('CL-46 lists the sessions, marks the current one and revokes another', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await new Client(c.pair.a.url).signup(name, PASSWORD)
    await c.onA.login(name, PASSWORD)
    await c.onB.login(name, PASSWORD)
    const page = await c.onA.get('/sessions')
    expect(page.status).toBe(200)
    expect(String(page.headers['cache-control'])).toContain('no-store')
    const handles = [...page.body.matchAll(/action="\/sessions\/([^/"]+)\/revoke"/g)].map(
      (m) => m[1] ?? '',
    )
    expect(page.body.match(/This device/g)?.length).toBe(1)
    if (sealed) {
      // Sealed cookies: the server keeps no list, so only this session is shown; the others are
      // ended together ("revoke others", the next test).
      expect(handles.length).toBe(1)
      expect(page.body).toContain('only this browser is listed')
      return
    }
    expect(handles.length).toBe(3)
    // The first row is the current session; revoke the others one by one.
    for (const handle of handles.slice(1)) {
      const reply = await c.onA.postRaw(`/sessions/${handle}/revoke`, {
        csrf_token: csrfOf(page.body),
      })
      expect(reply.status).toBe(303)
      expect(reply.headers.location).toBe('/sessions')
    }
    expect((await c.onB.get('/')).body).toContain('You are not logged in')
    expect((await c.onA.get('/')).body).toContain(`Logged in as ${name}`)
  })

  it('"revoke others" logs out every other session of the user', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await c.onA.signup(name, PASSWORD)
    await c.onB.login(name, PASSWORD)
    const reply = await c.onA.submit('/sessions', '/sessions/revoke-others', {})
    expect(reply.status).toBe(303)
    expect(flashesOf((await c.onA.get('/sessions')).body)).toEqual([
      sealed ? 'success: Logged out every other session.' : 'success: Logged out 1 other session.',
    ])
    expect((await c.onB.get('/')).body).toContain('You are not logged in')
    expect((await c.onA.get('/')).body).toContain(`Logged in as ${name}`)
  })

  it('CL-43 changes the password with the current one and logs out the other sessions', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await c.onA.signup(name, PASSWORD)
    await c.onB.login(name, PASSWORD)
    const wrong = await c.onA.submit('/account', '/account/password', {
      current_password: 'nope-nope-nope',
      new_password: 'quiet-meadow-copper',
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body).not.toContain('quiet-meadow-copper')
    const ok = await c.onA.submit('/account', '/account/password', {
      current_password: PASSWORD,
      new_password: 'quiet-meadow-copper',
    })
    expect(ok.status).toBe(303)
    expect(ok.headers.location).toBe('/account')
    expect((await c.onB.get('/')).body).toContain('You are not logged in')
    expect((await c.onA.get('/')).body).toContain(`Logged in as ${name}`)
    expect((await new Client(c.pair.b.url).login(name, PASSWORD)).status).toBe(401)
    expect((await new Client(c.pair.b.url).login(name, 'quiet-meadow-copper')).status).toBe(303)
  })

  it('CL-39 throttles repeated failures with 429 and Retry-After, before checking the password', async (ctx) => {
    const c = clients() ?? ctx.skip()
    const name = user()
    await new Client(c.pair.a.url).signup(name, PASSWORD)
    for (let i = 0; i < 5; i += 1) {
      const client = new Client(i % 2 === 0 ? c.pair.a.url : c.pair.b.url)
      expect((await client.login(name, `wrong-${i}-password`)).status).toBe(401)
    }
    const throttled = await new Client(c.pair.b.url).login(name, PASSWORD)
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(throttled.body).toContain('Too many failed attempts')
  })
})
