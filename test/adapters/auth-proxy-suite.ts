/**
 * Sign-in behind a trusted reverse proxy, over real HTTP, through every adapter: the test plays
 * the proxy (a TLS terminator on loopback that forwards the loopback Host, as nginx does by
 * default, and appends the address it received from to `X-Forwarded-For`).
 */
import { describe, expect, it } from 'vitest'
import { Browser } from '../helpers/http.js'
import type { TrustProxy } from '../../src/index.js'
import { makeWorld, type AuthWorld } from './auth-app.js'
import type { StartAuthApp } from './auth-suite.js'
import type { RunningApp } from './suite.js'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
/** The client's real address, as the proxy appends it. */
const CLIENT = '203.0.113.7'

export function describeProxiedAuth(name: string, start: StartAuthApp): void {
  for (const mode of ['cookie', 'store'] as const) {
    describe(`sign-in over ${name} behind a trusted proxy (${mode} sessions)`, () => {
      async function withApp(
        trustProxy: TrustProxy,
        run: (app: RunningApp, world: AuthWorld) => Promise<void>,
      ): Promise<void> {
        const world = makeWorld(mode, { trustProxy })
        const app = await start(world)
        try {
          await run(app, world)
        } finally {
          await app.close()
        }
      }
      /** What the proxy adds to every request it forwards. */
      const proxied = (app: RunningApp, forwardedFor: string) => ({
        'x-forwarded-proto': 'https',
        'x-forwarded-for': forwardedFor,
        origin: app.url.replace('http:', 'https:'),
      })
      async function post(
        browser: Browser,
        app: RunningApp,
        fields: Record<string, string>,
        forwardedFor = CLIENT,
      ) {
        const token = await browser.fetch('/csrf', { headers: proxied(app, forwardedFor) })
        expect(token.status).toBe(200)
        return browser.fetch('/login', {
          method: 'POST',
          headers: { ...FORM, ...proxied(app, forwardedFor) },
          body: new URLSearchParams({ ...fields, csrf_token: token.body }).toString(),
        })
      }

      it('CL-51 issues the login-form CSRF cookie under the name its check expects (TLS proxy, loopback Host)', async () => {
        await withApp(true, async (app) => {
          const browser = new Browser(app.url)
          const form = await browser.fetch('/csrf', { headers: proxied(app, CLIENT) })
          expect(
            form.setCookies.some((c) => c.startsWith('__Host-csrf=') && /;\s*Secure/i.test(c)),
          ).toBe(true)
          const reply = await post(browser, app, {
            username: 'alice',
            password: 'correct horse battery',
          })
          expect(reply.status).toBe(303)
          expect([...browser.cookies.keys()]).toContain('__Host-session')
        })
      })

      it('CL-39 throttles by the address the proxy saw, however the client forges X-Forwarded-For', async () => {
        await withApp(1, async (app) => {
          const browser = new Browser(app.url)
          const statuses: number[] = []
          for (let i = 0; i < 40; i++) {
            // The client writes its own X-Forwarded-For; the proxy appends the real address.
            const reply = await post(
              browser,
              app,
              { username: 'alice', password: 'wrong' },
              `198.51.100.${i}, ${CLIENT}`,
            )
            statuses.push(reply.status)
          }
          expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
          expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([])
        })
      })

      it('CL-46 lists the address the proxy saw, not a forged hop', async () => {
        await withApp(1, async (app) => {
          const browser = new Browser(app.url)
          const reply = await post(
            browser,
            app,
            { username: 'bob', password: 'another long secret' },
            `10.9.8.7, ${CLIENT}`,
          )
          expect(reply.status).toBe(303)
          const list = await browser.fetch('/sessions', {
            headers: { accept: 'application/json', ...proxied(app, `10.9.8.7, ${CLIENT}`) },
          })
          const rows = JSON.parse(list.body) as { ip: string | null; current: boolean }[]
          expect(rows.find((r) => r.current)?.ip).toBe(CLIENT)
        })
      })

      it('believes no forwarded header from a peer that is not a trusted proxy', async () => {
        await withApp(
          (address) => address === '192.0.2.1',
          async (app) => {
            const browser = new Browser(app.url)
            const form = await browser.fetch('/csrf', { headers: proxied(app, CLIENT) })
            // The loopback peer is not the configured proxy: plain http, no Secure cookie.
            expect(form.setCookies.some((c) => c.startsWith('csrf='))).toBe(true)
            expect(form.setCookies.some((c) => /;\s*Secure/i.test(c))).toBe(false)
          },
        )
      })
    })
  }
}
