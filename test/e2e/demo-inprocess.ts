/**
 * The demo built in-process by `createApp` on an in-memory SQLite database, driven through
 * `app.request()` with a small cookie jar and a fake clock. For what a child process can't show:
 * time passing (the fresh-login window), HTTPS-only headers, and failing dependencies.
 */
import Database from 'better-sqlite3'
import { pino } from 'pino'
import { sqliteThrottle } from 'tessera-session/auth'
import { sqliteStore } from 'tessera-session/stores/sqlite'
import { createApp, type AppDeps } from '../../demo/app.js'
import { sqliteUsers } from '../../demo/users/sqlite-users.js'
import { csrfOf } from './demo-harness.js'

export const ORIGIN = 'http://localhost'

/** A response, read. */
export interface Answer {
  status: number
  headers: Headers
  location: string | null
  body: string
}

/** An in-process demo with one browser-like cookie jar. */
export interface InProcessDemo {
  /** Move the shared clock forward. */
  advance(ms: number): void
  /** GET `path` (or POST the form when `form` is given) with the jar's cookies. */
  request(
    path: string,
    form?: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Answer>
  /** Load `page`, take its CSRF token, POST `fields` to `action`. */
  post(page: string, action: string, fields: Record<string, string>): Promise<Answer>
  readonly jar: Map<string, string>
  close(): void
}

/** Build the app; `overrides` replaces any dependency (e.g. a failing user repository). */
export async function inProcessDemo(overrides: Partial<AppDeps> = {}): Promise<InProcessDemo> {
  const db = new Database(':memory:')
  let clock = Date.now()
  const users = sqliteUsers(db)
  await users.migrate()
  const { app } = createApp({
    secret: 'Hq7Lw2Xc9Vb4Nm1Kz8Pd3Rf6Tg0Ys5Ju2Ie7Ao4Wq9S',
    users,
    sessionStore: sqliteStore(db, { now: () => clock }),
    throttleStore: sqliteThrottle(db),
    origins: [ORIGIN],
    log: pino({ level: 'silent' }),
    now: () => clock,
    ...overrides,
  })
  const jar = new Map<string, string>()
  const request: InProcessDemo['request'] = async (path, form, extra = {}) => {
    const headers: Record<string, string> = { accept: 'text/html', ...extra }
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    let init: RequestInit = { headers }
    if (form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers.origin ??= ORIGIN
      init = { method: 'POST', headers, body: new URLSearchParams(form).toString() }
    }
    const res = await app.request(path, init)
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)]
      if (/Max-Age=0/i.test(line) || value === '') jar.delete(name)
      else jar.set(name, value)
    }
    const location = res.headers.get('location')
    return { status: res.status, headers: res.headers, location, body: await res.text() }
  }
  return {
    advance: (ms) => {
      clock += ms
    },
    request,
    post: async (page, action, fields) =>
      request(action, { ...fields, csrf_token: csrfOf((await request(page)).body) }),
    jar,
    close: () => db.close(),
  }
}
