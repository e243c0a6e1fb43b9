/**
 * Start the real Flask app of `fixtures/flask_app.py` (Debian's python3-flask under
 * /usr/bin/python3) on a random loopback port, and talk to it with explicit cookies.
 *
 * When Python or Flask is missing the tests are skipped with a message, or fail under CI=true
 * (`requireBinaries`). For the lead's shared-session test: `startFlaskApp({ secret, cookieName })`
 * gives a Flask app whose session a tessera app with `format: 'flask'` can share.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { stopChild, track } from '../helpers/processes.js'
import { inCI, requireBinaries } from '../helpers/require-service.js'

export const PYTHON = '/usr/bin/python3'
const APP = fileURLToPath(new URL('./fixtures/flask_app.py', import.meta.url))

/** True when `/usr/bin/python3` can `import flask`; otherwise skip (or throw under CI). */
export function flaskAvailable(): boolean {
  if (!requireBinaries('Flask (python3-flask)', [PYTHON])) return false
  const probe = spawnSync(PYTHON, ['-c', 'import flask, itsdangerous, markupsafe'], {
    timeout: 15_000,
  })
  if (probe.status === 0) return true
  const message = `Flask is not installed for ${PYTHON} (import flask failed)`
  if (inCI) throw new Error(`${message}: CI=true needs python3-flask (see .ci/run).`)
  console.warn(`\n[skip] ${message}: its tests are skipped. Install python3-flask to run them.\n`)
  return false
}

export interface FlaskAppOptions {
  /** Flask's SECRET_KEY. */
  secret: string
  /** SECRET_KEY_FALLBACKS. */
  fallbacks?: string[]
  /** SESSION_COOKIE_NAME. @default 'session' */
  cookieName?: string
  /** PERMANENT_SESSION_LIFETIME in seconds. @default 31 days */
  lifetime?: number
}

export interface FlaskReply {
  status: number
  /** The parsed JSON body (or the text, when it is not JSON). */
  body: unknown
  text: string
  /** The new session cookie value, `''` for a deletion, `undefined` when none was set. */
  cookie: string | undefined
}

export interface FlaskApp {
  readonly url: string
  readonly cookieName: string
  /** One request; `cookie` is sent as `<cookieName>=<cookie>`, `body` as JSON unless a string. */
  request(
    path: string,
    options?: {
      method?: string
      cookie?: string | undefined
      body?: unknown
      headers?: Record<string, string>
    },
  ): Promise<FlaskReply>
  /** Pin the signer's clock (Unix seconds; `null` for the real time). */
  setClock(now: number | null): Promise<void>
  /** Change SECRET_KEY, SECRET_KEY_FALLBACKS or PERMANENT_SESSION_LIFETIME (seconds). */
  configure(config: { secret_key?: string; fallbacks?: string[]; lifetime?: number }): Promise<void>
  stop(): Promise<void>
}

/** Start the fixture app; resolves once it answers `/health`. Bounded: 15 s. */
export async function startFlaskApp(options: FlaskAppOptions): Promise<FlaskApp> {
  const cookieName = options.cookieName ?? 'session'
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    SECRET_KEY: options.secret,
    SECRET_KEY_FALLBACKS: JSON.stringify(options.fallbacks ?? []),
    SESSION_COOKIE_NAME: cookieName,
  }
  if (options.lifetime !== undefined) env.PERMANENT_SESSION_LIFETIME = String(options.lifetime)
  const child = track(spawn(PYTHON, [APP], { env, stdio: ['ignore', 'pipe', 'pipe'] }))
  const port = await readPort(child)
  const url = `http://127.0.0.1:${port}`

  const request: FlaskApp['request'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers }
    if (init.cookie !== undefined) headers.cookie = `${cookieName}=${init.cookie}`
    let body: string | undefined
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
      headers['content-type'] = typeof init.body === 'string' ? 'text/plain' : 'application/json'
    }
    const method = init.method ?? (body === undefined ? 'GET' : 'POST')
    const res = await fetch(url + path, {
      method,
      headers,
      signal: AbortSignal.timeout(10_000),
      ...(body === undefined ? {} : { body }),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON: keep the text
    }
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${cookieName}=`))
    const cookie = set === undefined ? undefined : set.slice(cookieName.length + 1).split(';')[0]
    return { status: res.status, body: parsed, text, cookie }
  }

  return {
    url,
    cookieName,
    request,
    setClock: async (now) => void (await request('/_test/clock', { body: { now } })),
    configure: async (config) => void (await request('/_test/config', { body: config })),
    stop: () => stopChild(child, 'SIGTERM', 'SIGKILL'),
  }
}

/** The `{"port": N}` line the app prints once it listens; bounded by a 15 s timer. */
function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => fail(new Error('Flask did not start within 15 s')), 15_000)
    const fail = (err: Error): void => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(err)
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      const line = /^\{"port": (\d+)\}$/m.exec(seen)
      if (line) {
        clearTimeout(timer)
        resolve(Number(line[1]))
      }
    })
    child.once('exit', (code) => fail(new Error(`Flask exited (${String(code)}) before listening`)))
  })
}
