/**
 * Sign-in over real HTTP, the same behaviours through every adapter, in both backends. Tests are
 * named after the checklist items they cover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, send, type Reply as HttpReply } from '../helpers/http.js'
import { MINUTE } from '../helpers/clock.js'
import { makeWorld, type AuthWorld } from './auth-app.js'
import type { RunningApp } from './suite.js'

export type StartAuthApp = (world: AuthWorld) => Promise<RunningApp>

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

export function describeAuthAdapter(name: string, start: StartAuthApp): void {
  for (const mode of ['cookie', 'store'] as const) {
    describe(`sign-in over ${name} (${mode} sessions)`, () => {
      let app: RunningApp
      let world: AuthWorld
      beforeAll(async () => {
        world = makeWorld(mode)
        app = await start(world)
      })
      afterAll(async () => {
        await app.close()
      })

      const origin = () => ({ origin: app.url })
      async function token(browser: Browser): Promise<string> {
        const reply = await browser.fetch('/csrf')
        expect(reply.status).toBe(200)
        return reply.body
      }
      async function post(
        browser: Browser,
        path: string,
        fields: Record<string, string>,
        headers = {},
      ): Promise<HttpReply> {
        return browser.fetch(path, {
          method: 'POST',
          headers: { ...FORM, ...origin(), ...headers },
          body: new URLSearchParams(fields).toString(),
        })
      }
      async function signIn(
        browser: Browser,
        user = 'alice',
        password = 'correct horse battery',
        extra: Record<string, string> = {},
      ) {
        return post(browser, '/login', {
          username: user,
          password,
          csrf_token: await token(browser),
          ...extra,
        })
      }

      it('CL-51 CL-6 the login form works before any session exists and stores nothing', async () => {
        const before = world.store?.size ?? 0
        const browser = new Browser(app.url)
        const form = await browser.fetch('/csrf')
        expect(form.setCookies.some((c) => c.startsWith('session='))).toBe(false)
        expect(form.setCookies.some((c) => c.startsWith('csrf='))).toBe(true)
        expect(world.store?.size ?? 0).toBe(before)
        const reply = await post(browser, '/login', {
          username: 'alice',
          password: 'correct horse battery',
          csrf_token: form.body,
        })
        expect(reply.status).toBe(303)
      })

      it('CL-22 login issues a new session cookie and lands on the page asked for', async () => {
        const browser = new Browser(app.url)
        await browser.fetch('/count')
        const before = browser.cookies.get('session')
        const reply = await signIn(browser, 'alice', 'correct horse battery', { next: '/account' })
        expect(reply.status).toBe(303)
        expect(reply.headers.location).toBe('/account')
        expect(browser.cookies.get('session')).not.toBe(before)
        expect((await browser.fetch('/me')).body).toBe('alice')
      })

      it('CL-56 sends an off-site next back home', async () => {
        for (const next of [
          'https://evil.example/',
          '//evil.example',
          '/\\evil.example',
          'javascript:alert(1)',
        ]) {
          const reply = await signIn(new Browser(app.url), 'alice', 'correct horse battery', {
            next,
          })
          expect(reply.headers.location).toBe('/')
        }
      })

      it('CL-49 CL-52 refuses a login POST without a valid token', async () => {
        const browser = new Browser(app.url)
        await browser.fetch('/csrf')
        expect(
          (await post(browser, '/login', { username: 'alice', password: 'correct horse battery' }))
            .status,
        ).toBe(403)
        expect(
          (
            await post(browser, '/login', {
              username: 'alice',
              password: 'x',
              csrf_token: 'forged',
            })
          ).status,
        ).toBe(403)
      })

      it('answers a failed CSRF check with the same 403 in every adapter: text, or JSON when asked, never cached', async () => {
        const browser = new Browser(app.url)
        await browser.fetch('/csrf')
        const text = await post(browser, '/login', { username: 'alice', password: 'x' })
        expect(text.status).toBe(403)
        expect(text.headers['content-type']).toBe('text/plain; charset=utf-8')
        expect(text.headers['cache-control']).toBe('no-store')
        expect(text.body).toMatch(/^Forbidden: the form has expired/)
        const json = await browser.fetch('/login', {
          method: 'POST',
          headers: { ...FORM, ...origin(), accept: 'application/json' },
          body: 'username=alice&password=x',
        })
        expect(json.status).toBe(403)
        expect(json.headers['content-type']).toBe('application/json; charset=utf-8')
        expect(JSON.parse(json.body)).toEqual({
          error: 'csrf_rejected',
          message: 'The request failed the CSRF check.',
        })
      })

      it('CL-53 CL-54 refuses the CSRF bypass vectors', async () => {
        const browser = new Browser(app.url)
        const t = await token(browser)
        const body = new URLSearchParams({
          username: 'alice',
          password: 'correct horse battery',
          csrf_token: t,
        }).toString()
        const attempts: Record<string, string>[] = [
          { 'content-type': 'text/plain', ...origin() },
          { ...origin() },
          { ...FORM, origin: 'null' },
          { ...FORM, origin: 'https://evil.example' },
          { ...FORM, ...origin(), 'sec-fetch-site': 'cross-site' },
          { ...FORM },
        ]
        for (const headers of attempts) {
          const reply = await browser.fetch('/login', { method: 'POST', headers, body })
          // Fastify itself answers 415 to a body with no content type, before any hook runs.
          const expected = name === 'fastify' && !('content-type' in headers) ? 415 : 403
          expect(reply.status, JSON.stringify(headers)).toBe(expected)
          expect(
            reply.setCookies.some((c) => /session=/.test(c)),
            JSON.stringify(headers),
          ).toBe(false)
        }
        // An attacker-chosen cookie and field of the same value.
        const forged = await send(app.url + '/login', {
          method: 'POST',
          headers: {
            ...FORM,
            ...origin(),
            cookie: 'csrf=v1.AAAAAAAAAAAAAAAAAAAAAA.9999999999.AAAA',
          },
          body: new URLSearchParams({
            username: 'alice',
            password: 'correct horse battery',
            csrf_token: 'v1.AAAAAAAAAAAAAAAAAAAAAA.9999999999.AAAA',
          }).toString(),
        })
        expect(forged.status).toBe(403)
      })

      it('CL-52 rotates the token at login: the pre-login token is refused afterwards', async () => {
        const browser = new Browser(app.url)
        const before = await token(browser)
        await post(browser, '/login', {
          username: 'alice',
          password: 'correct horse battery',
          csrf_token: before,
        })
        expect((await browser.fetch('/me')).body).toBe('alice')
        expect((await post(browser, '/revoke-others', { csrf_token: before })).status).toBe(403)
        expect(
          (await post(browser, '/revoke-others', { csrf_token: await token(browser) })).status,
        ).toBe(200)
      })

      it('CL-62 refuses an unsafe request with a malformed Host header with 403, never a 5xx', async () => {
        const reply = await send(app.url + '/login', {
          method: 'POST',
          headers: { ...FORM, host: 'bad host^', origin: 'http://bad host^' },
          body: 'csrf_token=x',
        })
        expect([400, 403]).toContain(reply.status)
      })

      it('accepts the token in the X-CSRF-Token header', async () => {
        const browser = new Browser(app.url)
        const t = await token(browser)
        const reply = await browser.fetch('/login', {
          method: 'POST',
          headers: { ...FORM, ...origin(), 'x-csrf-token': t },
          body: new URLSearchParams({
            username: 'alice',
            password: 'correct horse battery',
          }).toString(),
        })
        expect(reply.status).toBe(303)
      })

      it('CL-57 sends anonymous page requests to the login page and API calls a 401', async () => {
        const page = await send(app.url + '/me-only?tab=1', { headers: { accept: 'text/html' } })
        expect(page.status).toBe(303)
        expect(page.headers.location).toBe('/login?next=%2Fme-only%3Ftab%3D1')
        const api = await send(app.url + '/me-only', { headers: { accept: 'application/json' } })
        expect(api.status).toBe(401)
        expect(JSON.parse(api.body)).toMatchObject({ error: 'login_required' })
      })

      it('CL-58 answers authenticated pages with Cache-Control: no-store', async () => {
        const browser = new Browser(app.url)
        await signIn(browser)
        const reply = await browser.fetch('/me-only', { headers: { accept: 'text/html' } })
        expect(reply.status).toBe(200)
        expect(reply.headers['cache-control']).toBe('no-store')
      })

      it('CL-40 answers an unknown user and a wrong password alike', async () => {
        const unknown = await signIn(new Browser(app.url), 'nobody', 'whatever password')
        const wrong = await signIn(new Browser(app.url), 'bob', 'wrong password!')
        expect(unknown.status).toBe(401)
        expect(wrong.status).toBe(401)
        expect(unknown.body).toBe(wrong.body)
        expect(unknown.setCookies.map((c) => c.split('=')[0])).toEqual(
          wrong.setCookies.map((c) => c.split('=')[0]),
        )
      })

      it('CL-39 throttles repeated failures with 429 and Retry-After, and resets on success', async () => {
        const browser = new Browser(app.url)
        expect((await signIn(browser, 'bob', 'another long secret')).status).toBe(303) // a clean slate
        const statuses: number[] = []
        for (let i = 0; i < 6; i++)
          statuses.push((await signIn(browser, 'bob', `wrong ${i}`)).status)
        expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
        expect(statuses[5]).toBe(429)
        world.clock.advance(2000)
        const limited = await signIn(browser, 'bob', 'wrong again')
        expect(limited.status).toBe(401)
        const retry = await signIn(browser, 'bob', 'another long secret')
        expect(retry.status).toBe(429)
        expect(Number(retry.body.split(':')[1])).toBeGreaterThan(0)
        world.clock.advance(3000)
        expect((await signIn(browser, 'bob', 'another long secret')).status).toBe(303)
        expect((await signIn(new Browser(app.url), 'bob', 'wrong again')).status).toBe(401)
      })

      it('CL-24 CL-25 logout is a POST with CSRF, and a copied cookie is refused afterwards', async () => {
        const browser = new Browser(app.url)
        await signIn(browser)
        const copy = browser.cookieHeader()!
        expect(
          (
            await browser.fetch('/logout', {
              method: 'POST',
              headers: { ...FORM, ...origin() },
              body: '',
            })
          ).status,
        ).toBe(403)
        const reply = await post(browser, '/logout', { csrf_token: await token(browser) })
        expect(reply.status).toBe(303)
        expect((await send(app.url + '/me', { headers: { cookie: copy } })).body).toBe('anonymous')
      })

      it('CL-25 a copied cookie of a logged-out session reads none of its data, not only its login', async () => {
        const browser = new Browser(app.url)
        await signIn(browser)
        expect((await browser.fetch('/count')).body).toBe('1')
        const copy = browser.cookieHeader()!
        expect((await send(app.url + '/count', { headers: { cookie: copy } })).body).toBe('2')
        expect((await post(browser, '/logout', { csrf_token: await token(browser) })).status).toBe(
          303,
        )
        const replay = await send(app.url + '/count', { headers: { cookie: copy } })
        expect(replay.body).toBe('1')
      })

      it('remember-me gives a persistent cookie; a plain login does not', async () => {
        const plain = await signIn(new Browser(app.url))
        expect(plain.setCookies.find((c) => c.startsWith('session='))).not.toMatch(/Max-Age/)
        const remembered = await signIn(new Browser(app.url), 'alice', 'correct horse battery', {
          remember: 'on',
        })
        const cookie = remembered.setCookies.find((c) => c.startsWith('session='))!
        expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeLessThanOrEqual(14 * 24 * 3600)
      })

      it('CL-45 a stale login must confirm the password before a sensitive page', async () => {
        const browser = new Browser(app.url)
        await signIn(browser)
        expect((await browser.fetch('/account', { headers: { accept: 'text/html' } })).status).toBe(
          200,
        )
        world.clock.advance(11 * MINUTE)
        const stale = await browser.fetch('/account', { headers: { accept: 'text/html' } })
        expect(stale.status).toBe(303)
        expect(stale.headers.location).toBe('/login?reauth=1&next=%2Faccount')
        const confirmed = await post(browser, '/reauth', {
          password: 'correct horse battery',
          csrf_token: await token(browser),
          next: '/account',
        })
        expect(confirmed.status).toBe(303)
        expect((await browser.fetch('/account', { headers: { accept: 'text/html' } })).status).toBe(
          200,
        )
      })

      it('CL-44 "revoke other sessions" in A logs out B', async () => {
        const a = new Browser(app.url)
        const b = new Browser(app.url)
        await signIn(a)
        await signIn(b)
        world.clock.advance(1000)
        expect((await post(a, '/revoke-others', { csrf_token: await token(a) })).status).toBe(200)
        expect((await a.fetch('/me')).body).toBe('alice')
        expect((await b.fetch('/me')).body).toBe('anonymous')
      })

      it('CL-43 a password change logs out the other sessions', async () => {
        const a = new Browser(app.url)
        const b = new Browser(app.url)
        await signIn(a, 'bob', 'another long secret')
        await signIn(b, 'bob', 'another long secret')
        world.clock.advance(1000)
        const reply = await post(a, '/password', {
          current_password: 'another long secret',
          new_password: 'a brand new secret',
          csrf_token: await token(a),
        })
        expect(reply.status).toBe(303)
        expect((await a.fetch('/me')).body).toBe('bob')
        expect((await b.fetch('/me')).body).toBe('anonymous')
        world.users.get('2')!.password = 'another long secret'
      })

      it('CL-46 lists this user’s sessions with the current one marked', async () => {
        const a = new Browser(app.url)
        await signIn(a)
        const rows = JSON.parse(
          (await a.fetch('/sessions', { headers: { accept: 'application/json' } })).body,
        ) as { current: boolean; handle: string }[]
        expect(rows.filter((r) => r.current)).toHaveLength(1)
        const body = JSON.stringify(rows)
        for (const value of a.cookies.values()) {
          // The secret part: a sealed cookie's nonce and ciphertext (`v1.<keyId>.` is public and
          // short enough to turn up in a random handle), or a session ID.
          const parts = value.split('.')
          const secret = value.startsWith('v1.') ? parts.slice(2) : parts.slice(0, 1)
          for (const part of secret) expect(body).not.toContain(part)
        }
      })
    })
  }
}
