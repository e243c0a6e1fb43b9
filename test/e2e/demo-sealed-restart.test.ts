/**
 * Issue 11, defect 9 (the demo half): in sealed-cookie mode (`SESSIONS=cookie`) the demo keeps
 * logouts in its SQLite revocation store, in the data directory, so a cookie copied before
 * logging out is still refused after a restart. The restart is in-process: the demo is assembled
 * as `server.ts` does it (configuration, secret file, backends, app), closed, and assembled again
 * on the same data directory.
 */
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, type DemoApp } from '../../demo/app.js'
import { openBackends, type Backends } from '../../demo/backends.js'
import { ensureDataDir, loadConfig, resolveSecret } from '../../demo/config.js'
import { csrfOf, tempDataDir } from './demo-harness.js'

const ORIGIN = 'http://localhost'
const PASSWORD = 'amber-cinnamon-falcon'

interface Answer {
  status: number
  location: string | null
  body: string
}

/** The demo as `npm start` assembles it, in-process, with a browser-like cookie jar. */
async function startSealedDemo(dataDir: string, env: Record<string, string> = {}) {
  const log = pino({ level: 'silent' })
  const config = loadConfig({ DATA_DIR: dataDir, SESSIONS: 'cookie', ...env })
  ensureDataDir(config)
  const secret = [resolveSecret(config).secret, ...config.secretFallbacks]
  const backends: Backends = await openBackends(config, log)
  const demo: DemoApp = createApp({
    secret,
    users: backends.users,
    sessionStore: backends.sessionStore,
    spillStore: backends.spillStore,
    revocations: backends.revocations,
    throttleStore: backends.throttleStore,
    origins: [ORIGIN],
    log,
  })
  const jar = new Map<string, string>()
  const request = async (
    path: string,
    form?: Record<string, string>,
    cookies: Map<string, string> = jar,
  ): Promise<Answer> => {
    const headers: Record<string, string> = { accept: 'text/html' }
    if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    let init: RequestInit = { headers }
    if (form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers.origin = ORIGIN
      init = { method: 'POST', headers, body: new URLSearchParams(form).toString() }
    }
    const res = await demo.app.request(`${ORIGIN}${path}`, init)
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)]
      if (/Max-Age=0/i.test(line) || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() }
  }
  const post = async (page: string, action: string, fields: Record<string, string>) =>
    request(action, { ...fields, csrf_token: csrfOf((await request(page)).body) })
  return { demo, backends, jar, request, post, close: () => backends.close() }
}

describe('defect 9: the demo in sealed-cookie mode', () => {
  const open: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const close of open.splice(0)) await close()
  })

  it('defect 9: a cookie logged out before a restart is still refused after it (SQLite revocations in DATA_DIR)', async () => {
    const dataDir = tempDataDir()
    const first = await startSealedDemo(dataDir)
    open.push(first.close)
    expect(first.demo.sessions.mode).toBe('cookie')
    expect(first.backends.summary.sessions).toBe('cookie')
    expect(first.backends.summary.revocations).toBe('sqlite')

    const signup = await first.post('/signup', '/signup', { username: 'alice', password: PASSWORD })
    expect(signup.status).toBe(303)
    expect((await first.request('/')).body).toContain('Logged in as alice')
    const copied = new Map(first.jar) // the sealed cookie, copied before logging out

    const logout = await first.post('/logout', '/logout', {})
    expect(logout.status).toBe(303)
    expect((await first.request('/', undefined, new Map(copied))).body).toContain(
      'You are not logged in',
    )
    await open.pop()?.()

    const second = await startSealedDemo(dataDir)
    open.push(second.close)
    // Same secret (from DATA_DIR/secret.key), so the copied cookie still opens; it is refused
    // because the logout was kept in the data directory.
    expect((await second.request('/', undefined, new Map(copied))).body).toContain(
      'You are not logged in',
    )
    // The restarted demo still signs people in with sealed cookies.
    const login = await second.post('/login', '/login', { username: 'alice', password: PASSWORD })
    expect(login.status).toBe(303)
    expect((await second.request('/')).body).toContain('Logged in as alice')
  })

  it('gives sealed sessions two cookies and, past them, a spill store in the same database (cookie.spill)', async () => {
    const demo = await startSealedDemo(tempDataDir())
    open.push(demo.close)
    const { options } = demo.demo.sessions
    expect(options.cookie.maxChunks).toBe(2)
    expect(demo.backends.spillStore).toBeDefined()
    expect(options.cookie.spill).toBe(demo.backends.spillStore)
  })

  it('defect 9: SESSIONS accepts only "store" and "cookie"', () => {
    expect(loadConfig({}).sessions).toBe('store')
    expect(loadConfig({ SESSIONS: 'cookie' }).sessions).toBe('cookie')
    expect(() => loadConfig({ SESSIONS: 'sealed' })).toThrow(/SESSIONS/)
  })

  it('SESSION_BACKEND names the backend; SESSIONS, its older name, must agree with it', () => {
    expect(loadConfig({ SESSION_BACKEND: 'cookie' }).sessions).toBe('cookie')
    expect(loadConfig({ SESSION_BACKEND: 'cookie', SESSIONS: 'cookie' }).sessions).toBe('cookie')
    expect(() => loadConfig({ SESSION_BACKEND: 'sealed' })).toThrow(/SESSION_BACKEND must be/)
    expect(() => loadConfig({ SESSION_BACKEND: 'cookie', SESSIONS: 'store' })).toThrow(
      /SESSION_BACKEND \("cookie"\) and its older name SESSIONS \("store"\) disagree/,
    )
  })
})
