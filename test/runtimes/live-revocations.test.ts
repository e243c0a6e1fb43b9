/**
 * Live revocation views off Node: on Bun and on Deno, two server processes of the same runtime
 * (test/runtimes/servers/live-revocations.mjs — sealed-cookie sessions, the fetch adapter and a
 * login manager on `redisLiveRevocations` through ioredis, or `postgresLiveRevocations` through
 * `pg`) share one Redis or one PostgreSQL started here on loopback. A cookie signed in on A opens
 * on B; once A logs it out or destroys it, B refuses the copy on load — signed out, and none of its
 * other data reads — as soon as the push reaches B (a bounded poll, no timing assertion).
 * Runs the built package (`npm run build`).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningApp } from '../adapters/suite.js'
import { Browser } from '../helpers/http.js'
import { SECRET_A } from '../helpers/secrets.js'
import {
  type PostgresService,
  type RedisService,
  startPostgres,
  startRedis,
} from '../helpers/services.js'
import { eventually } from '../stores/live-revocation-suite.js'
import { runtimeVersion, type ServerConfig, startServer } from './remote.js'
import { requireRuntime, ROOT } from './runtimes.js'

const SCRIPT = 'test/runtimes/servers/live-revocations.mjs'
const BUILT = existsSync(resolve(ROOT, 'dist/stores/kit/live-revocations.js'))
/** How long a revocation may take to reach the other process before the test gives up. */
const PUSH_WAIT_MS = 10_000

interface State {
  user: string | null
  cart: string | null
  isNew: boolean
}

const installed = (['bun', 'deno'] as const).filter((runtime) => {
  if (requireRuntime(runtime)) return true
  describe.skip(`live revocations on ${runtime} (not installed)`, () => {})
  return false
})
// One Redis and one PostgreSQL for the whole file (each prints why it skips when not installed).
const [redis, postgres]: [RedisService | undefined, PostgresService | undefined] =
  installed.length === 0 || !BUILT
    ? [undefined, undefined]
    : await Promise.all([startRedis({ appendfsync: 'no' }), startPostgres()])
afterAll(async () => {
  await redis?.stop()
  await postgres?.stop()
})

async function stateOf(browser: Browser): Promise<State> {
  const reply = await browser.fetch('/state')
  expect(reply.status).toBe(200)
  return JSON.parse(reply.body) as State
}

async function post(browser: Browser, path: string): Promise<void> {
  const reply = await browser.fetch(path, { method: 'POST' })
  expect(reply.status).toBe(200)
}

/** A browser on A, signed in as `user` with an item in its session cart. */
async function signedIn(a: RunningApp, user: string): Promise<Browser> {
  const browser = new Browser(a.url)
  await post(browser, `/login?user=${user}`)
  await post(browser, '/cart?item=book')
  expect(await stateOf(browser)).toEqual({ user, cart: 'book', isNew: false })
  return browser
}

/** Another browser, on `app`, holding a copy of `browser`'s cookies. */
function copyOn(app: RunningApp | string, browser: Browser): Browser {
  const copy = new Browser(typeof app === 'string' ? app : app.url)
  for (const [name, value] of browser.cookies) copy.cookies.set(name, value)
  return copy
}

/** The view's status, as the server reports it. */
async function statusOf(app: RunningApp): Promise<string> {
  return (await new Browser(app.url).fetch('/status')).body
}

/**
 * True once `copy`'s cookie opens as a new, empty, signed-out session (a bounded poll; each try
 * sends the copied cookie afresh, so the deletion a refusal answers does not end the poll early).
 */
function refused(copy: Browser): Promise<boolean> {
  return eventually(async () => {
    const { user, cart, isNew } = await stateOf(copyOn(copy.base, copy))
    return user === null && cart === null && isNew
  }, PUSH_WAIT_MS)
}

/** Start a server on `runtime` and wait, bounded, until its view is live (push subscribed, caught up). */
async function startLive(
  runtime: 'bun' | 'deno',
  version: string,
  config: ServerConfig,
): Promise<RunningApp> {
  const server = await startServer(runtime, SCRIPT, config)
  try {
    expect(server.version).toBe(version)
    expect(await eventually(async () => (await statusOf(server)) === 'live', PUSH_WAIT_MS)).toBe(
      true,
    )
    return server
  } catch (error) {
    await server.close()
    throw error
  }
}

/**
 * The cases of one backend on one runtime, in the enclosing describe: two servers A and B on
 * `config()`, each waited for until its view is live, so that B's answers come from its memory,
 * which only the push (or the catch-up read at start) fills.
 */
function describePair(runtime: 'bun' | 'deno', version: string, config: () => ServerConfig): void {
  let appA: RunningApp | undefined
  let appB: RunningApp | undefined
  let accounts = 0
  const servers = (): [RunningApp, RunningApp] => {
    if (appA === undefined || appB === undefined) throw new Error('the servers did not start')
    return [appA, appB]
  }
  const user = (): string => {
    accounts += 1
    return `${runtime}-user${accounts}`
  }
  beforeAll(async () => {
    ;[appA, appB] = await Promise.all([
      startLive(runtime, version, config()),
      startLive(runtime, version, config()),
    ])
  }, 60_000)
  afterAll(async () => {
    await Promise.all([appA?.close(), appB?.close()])
  })

  it('CL-25 a cookie signed in on A opens on B, and once A logs out B refuses it: signed out, and its cart gone', async () => {
    const [a, b] = servers()
    const name = user()
    const browser = await signedIn(a, name)
    const copy = copyOn(b, browser)
    expect(await stateOf(copy)).toEqual({ user: name, cart: 'book', isNew: false })
    await post(browser, '/logout')
    expect(await refused(copy)).toBe(true)
    // A, which wrote the revocation, refuses the copy too; B is still answering from memory.
    expect(await stateOf(copyOn(a, copy))).toEqual({ user: null, cart: null, isNew: true })
    expect(await statusOf(b)).toBe('live')
  })

  it('CL-25 session.destroy() of a signed-in session on A revokes it on B', async () => {
    const [a, b] = servers()
    const name = user()
    const browser = await signedIn(a, name)
    const copy = copyOn(b, browser)
    expect(await stateOf(copy)).toEqual({ user: name, cart: 'book', isNew: false })
    await post(browser, '/destroy')
    expect(browser.cookies.has('session')).toBe(false)
    expect(await refused(copy)).toBe(true)
  })

  it('refuses on B only the session A logged out, not the same user’s other session', async () => {
    const [a, b] = servers()
    const name = user()
    const first = await signedIn(a, name)
    const second = await signedIn(a, name)
    const [firstCopy, secondCopy] = [copyOn(b, first), copyOn(b, second)]
    await post(first, '/logout')
    expect(await refused(firstCopy)).toBe(true)
    expect(await stateOf(secondCopy)).toEqual({ user: name, cart: 'book', isNew: false })
  })

  it('a process started after the logout refuses the copy: its catch-up read found it', async () => {
    const [a, b] = servers()
    const name = user()
    const browser = await signedIn(a, name)
    const copy = copyOn(b, browser)
    await post(browser, '/logout')
    expect(await refused(copy)).toBe(true)
    const late = await startLive(runtime, version, config())
    try {
      expect(await stateOf(copyOn(late, copy))).toEqual({ user: null, cart: null, isNew: true })
    } finally {
      await late.close()
    }
  }, 60_000)
}

for (const runtime of installed) {
  const version = runtimeVersion(runtime)
  describe(`live revocations on ${runtime} ${version}`, () => {
    if (!BUILT) {
      it('needs the built package', () => {
        throw new Error('dist/ is missing: run `npm run build` before this test.')
      })
      return
    }
    let ran = 0
    afterEach(() => {
      ran += 1
    })
    afterAll(() => {
      const backends = [redis && 'Redis (ioredis)', postgres && 'PostgreSQL (pg)'].filter(Boolean)
      console.log(
        `[runtimes] ${runtime} ${version}: ${ran} live-revocation cases run (fetch, sealed cookie, two processes on ${backends.join(' / ') || 'no backend'})`,
      )
    })

    describe.skipIf(redis === undefined)(
      'two processes on one Redis (redisLiveRevocations, ioredis pub/sub)',
      () => {
        describePair(runtime, version, () => ({
          backend: 'redis',
          secret: SECRET_A,
          redisUrl: redis!.url,
          redisPrefix: `tessera-live-${runtime}:`,
        }))
      },
    )

    describe.skipIf(postgres === undefined)(
      'two processes on one PostgreSQL (postgresLiveRevocations, pg LISTEN/NOTIFY)',
      () => {
        describePair(runtime, version, () => ({
          backend: 'postgres',
          secret: SECRET_A,
          postgresUrl: postgres!.url,
          postgresTable: `tessera_live_${runtime}`,
        }))
      },
    )
  })
}
