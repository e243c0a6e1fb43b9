/**
 * One behaviour suite for every adapter, over real HTTP on loopback.
 * `describeAdapter(name, start)` — `start(options)` serves `routes.ts` and returns its base URL.
 *
 * A server in another process (Bun, Deno, workerd: test/runtimes) cannot share the in-process
 * store the suite passes in `options`: its `start` reads the backend from its second argument,
 * builds its own store, and returns a `control` the suite flips that store through instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionOptions, SessionStore } from '../../src/index.js'
import { StoreUnavailableError } from '../../src/errors.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { Browser, send } from '../helpers/http.js'
import { SECRET_A } from '../helpers/secrets.js'

/** What the suite does to a server-side store while it runs. */
export interface StoreControl {
  /** Make every store call fail (`true`) or work again (`false`). */
  setDown(down: boolean): Promise<void>
  /** Make `create` alone fail (`true`) or work again (`false`). */
  setCreateFails(fails: boolean): Promise<void>
  /**
   * Fail by throwing synchronously (`true`), as a synchronous store such as the memory or SQLite
   * store would, instead of returning a rejected promise. Local stores only.
   */
  setSynchronous?(sync: boolean): Promise<void>
}

export interface RunningApp {
  url: string
  close(): Promise<void>
  /** A server in another process: its own store's switch, used instead of `options.store`. */
  control?: StoreControl
}

/** A backend the suite runs on: the sealed cookie, or a server-side store. */
export interface Backend {
  /** Shown in the describe title, e.g. `cookie`, `memory store`. */
  readonly name: string
  /** True for a store: only the session ID travels in the cookie. */
  readonly serverSide: boolean
}

/** Serve the suite's routes with `options`; a remote server reads `backend` instead. */
export type StartApp = (options: SessionOptions, backend: Backend) => Promise<RunningApp>

/** The suite's defaults: the sealed cookie, then an in-memory store. */
export const DEFAULT_BACKENDS: readonly Backend[] = [
  { name: 'cookie', serverSide: false },
  { name: 'memory store', serverSide: true },
]

/** A store wrapper whose calls fail while `down` is true. */
export function flakyStore(inner: SessionStore): SessionStore & { down: boolean; sync: boolean } {
  const wrapped = { down: false, sync: false } as SessionStore & { down: boolean; sync: boolean }
  for (const method of [
    'get',
    'create',
    'update',
    'touch',
    'destroy',
    'listByUser',
    'destroyByUser',
    'purgeExpired',
    'close',
  ] as const) {
    ;(wrapped as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (wrapped.down) {
        if (wrapped.sync) throw new StoreUnavailableError()
        return Promise.reject(new StoreUnavailableError())
      }
      return (inner[method] as (...a: unknown[]) => unknown)(...args)
    }
  }
  Object.defineProperty(wrapped, 'name', { value: 'flaky' })
  return wrapped
}

const MALFORMED = [
  '',
  '...',
  'v1...',
  'v1.a.b.c',
  's:',
  '%E0%A4%A',
  '%FF%FE',
  '%00',
  '\u00c3(',
  'v1.' + 'A'.repeat(5000),
  'x'.repeat(4097),
  '"quoted"',
  'v1.AAAAAAAA.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  '=',
  'eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiYWRtaW4ifQ.',
  '.eJyrVkrOz0nNTc0rUbJSSkxJLUpNLVHSUSpKzEvOTwHxSktSK5RqAbHcDmI',
  'abc.def',
  'a'.repeat(43) + '.' + 'b'.repeat(22),
]

/** Flip an in-process `flakyStore` the way a remote `control` flips its server's store. */
function localControl(store: SessionStore & { down: boolean; sync: boolean }): StoreControl {
  const original = store.create
  const failing = (): Promise<void> => {
    if (store.sync) throw new StoreUnavailableError()
    return Promise.reject(new StoreUnavailableError())
  }
  return {
    setDown: async (down) => {
      store.down = down
    },
    setCreateFails: async (fails) => {
      store.create = fails ? failing : original
    },
    setSynchronous: async (sync) => {
      store.sync = sync
    },
  }
}

/** Run `scenario` with asynchronous failures, then (local stores) with synchronous throws. */
async function bothWays(control: StoreControl, scenario: () => Promise<void>): Promise<void> {
  await scenario()
  if (control.setSynchronous === undefined) return
  await control.setSynchronous(true)
  try {
    await scenario()
  } finally {
    await control.setSynchronous(false)
  }
}

/**
 * Run the suite against `start`, once per backend (by default the sealed cookie and an in-memory
 * store; a remote server may add others it builds itself, e.g. a Redis store).
 */
export function describeAdapter(
  name: string,
  start: StartApp,
  backends: readonly Backend[] = DEFAULT_BACKENDS,
): void {
  for (const backend of backends) {
    describe(`${name} adapter (${backend.name})`, () => {
      let app: RunningApp
      const store = backend.serverSide ? flakyStore(memoryStore()) : undefined
      let control: StoreControl | undefined
      beforeAll(async () => {
        app = await start({ secret: SECRET_A, ...(store === undefined ? {} : { store }) }, backend)
        control = app.control ?? (store === undefined ? undefined : localControl(store))
      })
      afterAll(async () => {
        // Unset when start() failed: its error is the one to show.
        await (app as RunningApp | undefined)?.close()
      })

      it('keeps a visit counter across requests', async () => {
        const browser = new Browser(app.url)
        expect((await browser.fetch('/count')).body).toBe('1')
        expect((await browser.fetch('/count')).body).toBe('2')
        expect((await browser.fetch('/count')).body).toBe('3')
      })

      it('sets HttpOnly, SameSite=Lax, Path=/ and no Secure on http://127.0.0.1', async () => {
        const reply = await new Browser(app.url).fetch('/login')
        expect(reply.setCookies).toHaveLength(1)
        const cookie = reply.setCookies[0]!
        expect(cookie).toMatch(/^session=/)
        expect(cookie).toContain('HttpOnly')
        expect(cookie).toContain('SameSite=Lax')
        expect(cookie).toContain('Path=/')
        expect(cookie).not.toContain('Secure')
        expect(cookie).not.toMatch(/Max-Age|Expires/)
      })

      it('sends no cookie to a visitor who stores nothing, and Vary: Cookie only when used', async () => {
        const read = await send(app.url + '/read')
        expect(read.body).toBe('anon')
        expect(read.setCookies).toEqual([])
        expect(read.headers.vary).toMatch(/Cookie/i)
        const untouched = await send(app.url + '/static')
        expect(untouched.setCookies).toEqual([])
        expect(untouched.headers.vary ?? '').not.toMatch(/Cookie/i)
      })

      it('keeps flashes across a redirect and shows them once', async () => {
        const browser = new Browser(app.url)
        const redirect = await browser.fetch('/flash')
        expect(redirect.status).toBe(303)
        expect(redirect.headers.location).toBe('/show')
        expect(redirect.setCookies).toHaveLength(1)
        expect(JSON.parse((await browser.fetch('/show')).body)).toEqual([
          { category: 'success', message: 'Saved!' },
        ])
        expect(JSON.parse((await browser.fetch('/show')).body)).toEqual([])
      })

      it('commits the session when the handler throws', async () => {
        const browser = new Browser(app.url)
        const reply = await browser.fetch('/throw')
        expect(reply.status).toBe(500)
        expect(reply.body).not.toContain('boom')
        expect(reply.setCookies).toHaveLength(1)
      })

      it('commits before a streamed body and refuses a write after the headers went out', async () => {
        const browser = new Browser(app.url)
        const reply = await browser.fetch('/stream')
        expect(reply.status).toBe(200)
        expect(reply.setCookies).toHaveLength(1)
        expect(reply.body).toBe('first;ERR_SESSION_COMMITTED')
        expect((await browser.fetch('/read')).body).toBe('anon')
      })

      it('CL-14 deletes the cookie with the same attributes when the session is cleared', async () => {
        const browser = new Browser(app.url)
        await browser.fetch('/login')
        const reply = await browser.fetch('/clear')
        expect(reply.setCookies).toHaveLength(1)
        expect(reply.setCookies[0]).toMatch(
          /^session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970/,
        )
        expect(browser.cookies.size).toBe(0)
      })

      it('CL-15 answers an oversized session with an error, never a cookie over 4096 bytes', async () => {
        const reply = await new Browser(app.url).fetch('/big')
        // Server-side sessions keep the data in the store: only the ID travels.
        expect(reply.status).toBe(store === undefined ? 500 : 200)
        for (const cookie of reply.setCookies) expect(cookie.length).toBeLessThanOrEqual(4096)
      })

      it('keeps a cookie the route set itself beside the session cookie', async () => {
        const reply = await new Browser(app.url).fetch('/theme')
        expect(reply.status).toBe(200)
        expect(reply.setCookies).toHaveLength(2)
        expect(reply.setCookies[0]).toBe('theme=dark; Path=/')
        expect(reply.setCookies[1]).toMatch(/^session=/)
      })

      it('CL-62 CL-63 CL-64 answers malformed cookies with a new session, never a 5xx', async () => {
        for (const value of MALFORMED) {
          const reply = await send(app.url + '/read', { headers: { cookie: `session=${value}` } })
          expect(reply.status, JSON.stringify(value)).toBe(200)
          expect(reply.body).toBe('anon')
        }
      })

      it('CL-65 treats two cookies with our name as no session, in either order', async () => {
        const browser = new Browser(app.url)
        await browser.fetch('/login')
        const valid = browser.cookies.get('session')!
        const other = new Browser(app.url)
        await other.fetch('/count')
        const second = other.cookies.get('session')!
        for (const header of [
          `session=${valid}; session=${second}`,
          `session=${second}; session=${valid}`,
        ]) {
          expect((await send(app.url + '/read', { headers: { cookie: header } })).body).toBe('anon')
        }
        const merged = await send(app.url + '/read', {
          headers: { cookie: [`session=${valid}`, 'theme=dark'] },
        })
        expect(merged.body).toBe('alice')
      })

      it('CL-66 reads only the exact, case-sensitive cookie name', async () => {
        const browser = new Browser(app.url)
        await browser.fetch('/login')
        const valid = browser.cookies.get('session')!
        for (const header of [
          `SESSION=${valid}`,
          `Session=${valid}`,
          `=session=${valid}`,
          `xsession=${valid}`,
        ]) {
          expect((await send(app.url + '/read', { headers: { cookie: header } })).body).toBe('anon')
        }
        expect(
          (await send(app.url + '/read', { headers: { cookie: `a=1;session=${valid}` } })).body,
        ).toBe('alice')
      })

      it('CL-32 ignores session IDs in the URL', async () => {
        const browser = new Browser(app.url)
        await browser.fetch('/login')
        const valid = browser.cookies.get('session')!
        expect((await send(`${app.url}/read?session=${valid}&sid=${valid}`)).body).toBe('anon')
      })

      if (store !== undefined) {
        it('CL-72 answers 503 with Retry-After and no Set-Cookie while the store is down, then recovers', async () => {
          await bothWays(control!, async () => {
            const browser = new Browser(app.url)
            await browser.fetch('/count')
            await control!.setDown(true)
            try {
              const reply = await browser.fetch('/count')
              expect(reply.status).toBe(503)
              expect(reply.headers['retry-after']).toBeDefined()
              expect(reply.setCookies).toEqual([])
              expect(reply.body).not.toMatch(/Error|at /)
              const json = await browser.fetch('/count', {
                headers: { accept: 'application/json' },
              })
              expect(json.status).toBe(503)
              expect(JSON.parse(json.body)).toMatchObject({ error: 'session_store_unavailable' })
            } finally {
              await control!.setDown(false)
            }
            expect((await browser.fetch('/count')).body).toBe('2')
          })
        })

        it('CL-74 answers 503 and sends no cookie when the write fails at commit', async () => {
          await bothWays(control!, async () => {
            const browser = new Browser(app.url)
            await control!.setCreateFails(true)
            try {
              const reply = await browser.fetch('/login')
              expect(reply.status).toBe(503)
              expect(reply.setCookies).toEqual([])
            } finally {
              await control!.setCreateFails(false)
            }
          })
        })

        it('CL-74 answers 503 with no Set-Cookie at all when the route set its own cookie and the commit fails', async () => {
          await bothWays(control!, async () => {
            await control!.setCreateFails(true)
            try {
              const reply = await new Browser(app.url).fetch('/theme')
              expect(reply.status).toBe(503)
              expect(reply.headers['retry-after']).toBeDefined()
              expect(reply.setCookies).toEqual([])
            } finally {
              await control!.setCreateFails(false)
            }
          })
        })

        it('CL-5 never adopts a session ID it did not issue', async () => {
          const forged = 'A'.repeat(43) + '.' + 'B'.repeat(22)
          const reply = await send(app.url + '/login', { headers: { cookie: `session=${forged}` } })
          expect(reply.setCookies).toHaveLength(1)
          expect(reply.setCookies[0]).not.toContain(forged)
        })
      }
    })
  }
}
