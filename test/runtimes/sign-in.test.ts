/**
 * Sign-in off Node: a sign-in app (test/runtimes/servers/auth.mjs — the fetch adapter with CSRF
 * protection and `loginRequired`, tessera-session/auth's login manager, argon2id hashes from
 * tessera-session/crypto, a memory store) served by `Bun.serve` and `Deno.serve` and driven over
 * HTTP. The argon2id hashes come from `@node-rs/argon2`, a Node-API module: it loads on Bun, and
 * on Deno only with FFI permission (`--allow-ffi`, part of `-A`), which the last case shows.
 * Runs the built package (`npm run build`).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningApp } from '../adapters/suite.js'
import { Browser, type Reply } from '../helpers/http.js'
import { SECRET_A } from '../helpers/secrets.js'
import { runtimeVersion, startServer } from './remote.js'
import { requireRuntime, runScript } from './runtimes.js'

const PHC_PARAMS = /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/
const ARGON2_CLI = 'test/runtimes/fixtures/argon2-cli.mjs'

/** POST a form with a fresh CSRF token from GET /login, as the app's own page would. */
async function post(browser: Browser, path: string, form: Record<string, string>): Promise<Reply> {
  const token = await browser.fetch('/login')
  expect(token.status).toBe(200)
  return browser.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: browser.base },
    body: new URLSearchParams({ ...form, csrf_token: token.body }).toString(),
  })
}

/** The `session` cookie's Set-Cookie line of a reply, if any. */
function sessionCookie(reply: Reply): string | undefined {
  return reply.setCookies.find((line) => line.startsWith('session='))
}

/** What argon2-cli.mjs printed: an argon2id hash that verifies its password and no other. */
function expectArgon2(printed: unknown): void {
  const { params, verified, refused } = printed as Record<string, unknown>
  expect(params).toMatch(PHC_PARAMS)
  expect(verified).toBe(true)
  expect(refused).toBe(true)
}

let accounts = 0
/** Sign up a new user with a unique name; returns its name and password. */
async function signUp(app: RunningApp): Promise<{ username: string; password: string }> {
  accounts += 1
  const account = { username: `user${accounts}`, password: `long enough password ${accounts}` }
  const reply = await post(new Browser(app.url), '/signup', account)
  expect(reply.status).toBe(201)
  expect(reply.body).toMatch(PHC_PARAMS)
  return account
}

for (const runtime of ['bun', 'deno'] as const) {
  if (!requireRuntime(runtime)) {
    describe.skip(`sign-in on ${runtime} (not installed)`, () => {})
    continue
  }
  const version = runtimeVersion(runtime)

  describe(`sign-in on ${runtime} ${version}`, () => {
    let app: RunningApp
    let ran = 0
    beforeAll(async () => {
      const server = await startServer(runtime, 'test/runtimes/servers/auth.mjs', {
        backend: 'memory',
        secret: SECRET_A,
      })
      app = server
      expect(server.version).toBe(version)
    })
    afterEach(() => {
      ran += 1
    })
    afterAll(async () => {
      await (app as RunningApp | undefined)?.close()
      console.log(
        `[runtimes] ${runtime} ${version}: ${ran} sign-in cases run (fetch, memory store)`,
      )
    })

    it('signs up with an argon2id hash, then signs in with the password', async () => {
      const account = await signUp(app)
      const browser = new Browser(app.url)
      const login = await post(browser, '/login', account)
      expect(login.status).toBe(303)
      expect(login.headers.location).toBe('/me')
      const me = await browser.fetch('/me')
      expect(me.status).toBe(200)
      expect(me.body).toBe(account.username)
    })

    it('refuses a wrong password and an unknown user with 401 and stays signed out', async () => {
      const account = await signUp(app)
      const browser = new Browser(app.url)
      const wrong = await post(browser, '/login', { ...account, password: 'not the password' })
      expect(wrong.status).toBe(401)
      const unknown = await post(browser, '/login', { username: 'nobody', password: 'whatever' })
      expect(unknown.status).toBe(401)
      const me = await browser.fetch('/me', { headers: { accept: 'text/html' } })
      expect(me.status).toBe(303)
      expect(me.headers.location).toMatch(/^\/login/)
    })

    it('refuses a login POST without its CSRF token with 403', async () => {
      const account = await signUp(app)
      const browser = new Browser(app.url)
      const reply = await browser.fetch('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
        body: new URLSearchParams(account).toString(),
      })
      expect(reply.status).toBe(403)
      expect((await browser.fetch('/me')).status).not.toBe(200)
    })

    it('regenerates the session ID on login: the pre-login cookie does not sign in', async () => {
      const account = await signUp(app)
      const browser = new Browser(app.url)
      await browser.fetch('/visit')
      const before = browser.cookies.get('session')
      expect(before).toBeDefined()
      const login = await post(browser, '/login', account)
      expect(login.status).toBe(303)
      const after = browser.cookies.get('session')
      expect(after).toBeDefined()
      expect(after).not.toBe(before)
      // The old ID, replayed by whoever planted or saw it, is anonymous.
      const replayed = new Browser(app.url)
      replayed.cookies.set('session', before ?? '')
      expect((await replayed.fetch('/me', { headers: { accept: 'text/html' } })).status).toBe(303)
      expect((await browser.fetch('/me')).body).toBe(account.username)
    })

    it('signs out: the session cookie is cleared and its old value no longer signs in', async () => {
      const account = await signUp(app)
      const browser = new Browser(app.url)
      await post(browser, '/login', account)
      const signedIn = browser.cookies.get('session')
      expect((await browser.fetch('/me')).status).toBe(200)
      const logout = await post(browser, '/logout', {})
      expect(logout.status).toBe(303)
      expect(browser.cookies.get('session')).not.toBe(signedIn)
      expect((await browser.fetch('/me', { headers: { accept: 'text/html' } })).status).toBe(303)
      const replayed = new Browser(app.url)
      replayed.cookies.set('session', signedIn ?? '')
      expect((await replayed.fetch('/me', { headers: { accept: 'text/html' } })).status).toBe(303)
    })

    it('gives a remember-me login a persistent cookie and a plain login a browser-session one', async () => {
      const account = await signUp(app)
      const remembered = await post(new Browser(app.url), '/login', { ...account, remember: 'on' })
      expect(sessionCookie(remembered)).toMatch(/; (Max-Age=[1-9]\d*|Expires=)/i)
      const plain = await post(new Browser(app.url), '/login', account)
      expect(sessionCookie(plain)).toBeDefined()
      expect(sessionCookie(plain)).not.toMatch(/; (Max-Age|Expires)=/i)
    })

    if (runtime === 'bun') {
      it('loads @node-rs/argon2 (Node-API) with no flag', async () => {
        expectArgon2(await runScript('bun', ARGON2_CLI, null))
      })
    } else {
      it('loads @node-rs/argon2 (Node-API) with --allow-ffi and not without it', async () => {
        const flags = ['--allow-read', '--allow-env']
        expectArgon2(await runScript('deno', ARGON2_CLI, null, [...flags, '--allow-ffi']))
        await expect(runScript('deno', ARGON2_CLI, null, flags)).rejects.toThrow(
          /Cannot find native binding/,
        )
      })
    }
  })
}
