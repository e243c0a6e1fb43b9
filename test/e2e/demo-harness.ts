/**
 * Runs the built demo (`build/demo/server.js`, what `npm start` runs) as a child process on a
 * random 127.0.0.1 port with a throw-away data directory, and drives its forms over HTTP with
 * manual cookie handling (`Browser` from test/helpers/http.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Browser, type Reply } from '../helpers/http.js'

export const SERVER_JS = resolve('build/demo/server.js')

/** A running demo process. */
export interface DemoProcess {
  /** `http://127.0.0.1:<port>` */
  url: string
  dataDir: string
  /** Every line the process wrote to stdout and stderr so far. */
  output: string[]
  /** SIGTERM, then wait for the exit (bounded); resolves to the exit code. */
  stop(): Promise<number | null>
}

const running = new Set<ChildProcess>()
const dirs = new Set<string>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A fresh temporary data directory, removed when the test process exits. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-demo-'))
  dirs.add(dir)
  return dir
}

/** Start the demo; resolves once it logs its URL. Rejects (with its output) if it exits first. */
export async function startDemo(env: Record<string, string> = {}): Promise<DemoProcess> {
  if (!existsSync(SERVER_JS)) {
    throw new Error(`${SERVER_JS} is missing: run \`npm run build\` before the demo tests.`)
  }
  const dataDir = env.DATA_DIR ?? tempDataDir()
  const child = spawn(process.execPath, [SERVER_JS], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  const output: string[] = []
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      running.delete(child)
      done(code)
    }),
  )
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`demo did not start:\n${output.join('\n')}`)),
      20_000,
    )
    const onLine = (line: string): void => {
      output.push(line)
      const match = /"url":"(http:\/\/[^"]+)"/.exec(line)
      if (match?.[1] !== undefined && line.includes('listening')) {
        clearTimeout(timer)
        done(match[1])
      }
    }
    lines(child.stdout, onLine)
    lines(child.stderr, onLine)
    void exited.then((code) => {
      clearTimeout(timer)
      fail(new Error(`demo exited (${String(code)}) before listening:\n${output.join('\n')}`))
    })
  })
  return {
    url,
    dataDir,
    output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}

/** Run the demo to completion (for start-up failures); resolves to its exit code and output. */
export async function runDemoUntilExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SERVER_JS], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  const chunks: string[] = []
  child.stdout.on('data', (b: Buffer) => chunks.push(b.toString()))
  child.stderr.on('data', (b: Buffer) => chunks.push(b.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  const code = await new Promise<number | null>((done) => child.once('exit', done))
  clearTimeout(timer)
  running.delete(child)
  return { code, output: chunks.join('') }
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = ''
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n')
    rest = parts.pop() ?? ''
    for (const part of parts) if (part !== '') onLine(part)
  })
}

/** The value of the page's (first) hidden `csrf_token` field. */
export function csrfOf(html: string): string {
  const match = /name="csrf_token" value="([^"]+)"/.exec(html)
  if (match?.[1] === undefined) throw new Error(`no csrf_token in page:\n${html.slice(0, 500)}`)
  return match[1]
}

/** A browser-like client: form posts carry `Origin`, `Accept: text/html` and a form body. */
export class Client extends Browser {
  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.fetch(path, { headers: { accept: 'text/html', ...headers } })
  }

  /** POST a form exactly as given (no token added). */
  postRaw(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    return this.fetch(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.base,
        ...headers,
      },
    })
  }

  /** Load `formPage`, take its CSRF token, and POST `fields` with it to `action`. */
  async submit(formPage: string, action: string, fields: Record<string, string>): Promise<Reply> {
    const page = await this.get(formPage)
    return this.postRaw(action, { ...fields, csrf_token: csrfOf(page.body) })
  }

  signup(username: string, password: string): Promise<Reply> {
    return this.submit('/signup', '/signup', { username, password })
  }

  login(username: string, password: string, extra: Record<string, string> = {}): Promise<Reply> {
    return this.submit('/login', '/login', { username, password, ...extra })
  }
}

/** The text of the flash messages in a page, as `category: message`. */
export function flashesOf(html: string): string[] {
  return [...html.matchAll(/<div class="flash flash-([a-z-]+)" role="alert">([^<]*)<\/div>/g)].map(
    (m) => `${m[1] ?? ''}: ${m[2] ?? ''}`,
  )
}
