/**
 * Sign-in on workerd with sealed-cookie sessions and their revocations in Workers KV: the Worker
 * (fixtures/kv-worker.mjs, bundled from `dist/`) binds `env.REVOCATIONS` as a real workerd
 * `kvNamespace` binding, whose HTTP requests a second Worker (fixtures/kv-service.mjs) answers as
 * a KV namespace in memory. Shows that a logout and "sign out my other sessions" are refused for
 * every copy of the cookie, that every key is put with a TTL KV accepts, and that a KV outage
 * answers 503 instead of trusting the cookie. Runs the built package (`npm run build`).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Browser, type Reply } from '../helpers/http.js'
import { SECRET_A } from '../helpers/secrets.js'
import { runtimeVersion } from './remote.js'
import { requireRuntime, ROOT } from './runtimes.js'
import { startWorker, type RunningWorker } from './workerd.js'

const BUILT = existsSync(resolve(ROOT, 'dist/stores/kv/revocations.js'))
const ALICE = { username: 'alice', password: 'correct horse battery staple' }
const PAGE = { accept: 'text/html' }

function postForm(
  browser: Browser,
  path: string,
  form: Record<string, string> = {},
): Promise<Reply> {
  return browser.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: browser.base },
    body: new URLSearchParams(form).toString(),
  })
}

/** A browser signed in as alice. */
async function signedIn(url: string): Promise<Browser> {
  const browser = new Browser(url)
  const login = await postForm(browser, '/login', ALICE)
  expect(login.status).toBe(303)
  expect((await browser.fetch('/me')).body).toBe('alice')
  return browser
}

/** Another browser holding a copy of `browser`'s cookies. */
function copyOf(browser: Browser): Browser {
  const copy = new Browser(browser.base)
  for (const [name, value] of browser.cookies) copy.cookies.set(name, value)
  return copy
}

interface Entry {
  value: string
  query: string
}

if (!requireRuntime('workerd')) {
  describe.skip('KV revocations on workerd (not installed)', () => {})
} else if (!BUILT) {
  describe('KV revocations on workerd', () => {
    it('needs the built package', () => {
      throw new Error('dist/ is missing: run `npm run build` before this test.')
    })
  })
} else {
  const version = runtimeVersion('workerd')

  describe(`KV revocations on workerd ${version}`, () => {
    let worker: RunningWorker
    let ran = 0
    const entries = async (): Promise<Record<string, Entry>> =>
      (await (await fetch(`${worker.url}/__kv/entries`)).json()) as Record<string, Entry>
    const setFailing = async (failing: boolean): Promise<void> => {
      const reply = await fetch(`${worker.url}/__kv/failing`, {
        method: 'POST',
        body: JSON.stringify({ failing }),
      })
      expect(reply.status).toBe(200)
    }

    beforeAll(async () => {
      worker = await startWorker({
        entry: 'test/runtimes/fixtures/kv-worker.mjs',
        textBindings: { TESSERA_SECRET: SECRET_A },
        services: [
          {
            name: 'kv',
            modules: [
              { name: 'kv.js', path: resolve(ROOT, 'test/runtimes/fixtures/kv-service.mjs') },
            ],
          },
        ],
        kvNamespaces: { REVOCATIONS: 'kv' },
        serviceBindings: { KV_ADMIN: 'kv' },
      })
    }, 60_000)
    beforeEach(async () => {
      if (worker !== undefined) await setFailing(false)
    })
    afterEach(() => {
      ran += 1
    })
    afterAll(async () => {
      await (worker as RunningWorker | undefined)?.stop()
      console.log(
        `[runtimes] workerd ${version}: ${ran} KV revocation cases run (fetch, sealed cookie)`,
      )
    })

    it('keeps sessions in the sealed cookie: signing in writes nothing to KV', async () => {
      const before = Object.keys(await entries()).length
      const browser = await signedIn(worker.url)
      expect(browser.cookies.get('session')).toMatch(/^v\d\./)
      expect(Object.keys(await entries())).toHaveLength(before)
    })

    it('CL-25 refuses every copy of a cookie after logout, through KV', async () => {
      const browser = await signedIn(worker.url)
      const copy = copyOf(browser)
      const before = new Set(Object.keys(await entries()))
      expect((await postForm(browser, '/logout')).status).toBe(303)
      const reply = await copy.fetch('/me', { headers: PAGE })
      expect(reply.status).toBe(303)
      expect(reply.headers.location).toMatch(/^\/login/)
      const added = Object.entries(await entries()).filter(([key]) => !before.has(key))
      expect(added).toHaveLength(1)
      const [key, entry] = added[0]!
      expect(key).toMatch(/^test:h:/)
      expect(Number(entry.value)).toBeGreaterThan(Date.now())
    })

    it('CL-44 signs out the user’s other sessions and keeps the current one', async () => {
      const current = await signedIn(worker.url)
      const other = await signedIn(worker.url)
      const reply = await postForm(current, '/revoke-others')
      expect(reply.status).toBe(200)
      expect((await other.fetch('/me', { headers: PAGE })).status).toBe(303)
      expect((await current.fetch('/me')).body).toBe('alice')
      const user = (await entries())['test:u:1']
      expect(user?.value).toMatch(/^\d+:\d+$/)
    })

    it('puts every key with an expirationTtl KV accepts (at least 60 s)', async () => {
      await postForm(await signedIn(worker.url), '/logout')
      const all = Object.values(await entries())
      expect(all.length).toBeGreaterThan(0)
      for (const entry of all) {
        const ttl = Number(new URLSearchParams(entry.query).get('expiration_ttl'))
        expect(ttl).toBeGreaterThanOrEqual(60)
      }
    })

    it('CL-72 answers 503 while KV is down instead of trusting the cookie, then recovers', async () => {
      const browser = await signedIn(worker.url)
      await setFailing(true)
      const down = await browser.fetch('/me')
      expect(down.status).toBe(503)
      expect(down.headers['retry-after']).toBeDefined()
      expect(down.body).not.toContain('alice')
      expect(down.setCookies).toEqual([])
      await setFailing(false)
      expect((await browser.fetch('/me')).body).toBe('alice')
    })
  })
}
