/**
 * CL-75 / issue 3 durability: a process writing sessions through the SQLite store is killed with
 * SIGKILL mid-load; the reopened database passes `PRAGMA integrity_check` and holds every write
 * the store had acknowledged. Twice: a child calling the store directly, and a child serving
 * HTTP with `withSessions`, where "acknowledged" means a client received its 200. The children
 * run the real source, transpiled by TypeScript.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { Agent, type ClientRequest, request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import ts from 'typescript'
import { afterAll, expect, it } from 'vitest'
import { storeKey } from '../../src/stores/store-key.js'
import { send } from '../helpers/http.js'
import { track } from '../helpers/processes.js'
import { newSecret } from '../helpers/secrets.js'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let built = false

/**
 * Each test transpiles the sources and makes thousands of durable writes before the kill: seconds
 * alone, more when the whole suite shares two cores with it. Not a speed assertion.
 */
const SLOW = { timeout: 60_000 }

/**
 * Transpile the modules the children import (the SQLite store and the node adapter, and whatever
 * they import in turn) into `dir/src`, as plain ES modules, once. `dir/node_modules` links to the
 * repository's, so the children find better-sqlite3 and the library's own dependencies.
 */
function buildSources(): void {
  if (built) return
  built = true
  const pending = ['stores/sqlite/index.ts', 'adapters/node/index.ts']
  const done = new Set<string>()
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (done.has(file)) continue
    done.add(file)
    const source = readFileSync(join(root, 'src', file), 'utf8')
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    const out = join(dir, 'src', file.replace(/\.ts$/, '.js'))
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, outputText)
    // Relative imports (static and dynamic) left in the output, mapped back to their sources.
    for (const [, spec] of outputText.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)\.js'/g)) {
      pending.push(join(dirname(file), `${spec}.ts`))
    }
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
}

/** The child that calls the store directly. */
function buildStore(): string {
  buildSources()
  const writer = join(dir, 'writer.js')
  // Creates sessions and patches them, one line on stdout per write the store returned from.
  writeFileSync(
    writer,
    `import { once } from 'node:events'
import { createRequire } from 'node:module'
import { sqliteStore } from './src/stores/sqlite/index.js'
const Database = createRequire(${JSON.stringify(join(root, 'package.json'))})('better-sqlite3')
const store = sqliteStore(new Database(process.argv[2]))
const at = Date.now()
for (let i = 0; i < 1000000; i += 1) {
  const key = 'k' + (i % 200)
  if (i < 200) {
    store.create(key, { data: { n: 0 }, userId: 'u' + (i % 7), createdAt: at, lastSeenAt: at,
      expiresAt: at + 3600000, absoluteExpiresAt: at + 7200000, userAgent: null, ip: null })
  } else {
    store.update(key, { set: { n: i, ['w' + i]: true } }, at + 3600000)
  }
  // Wait for the pipe when it is full: a line queued in this process (not yet written) while
  // the loop never yields would reach the test only after a million writes.
  if (!process.stdout.write(key + ' ' + i + '\\n')) await once(process.stdout, 'drain')
}
`,
  )
  return writer
}

it(
  'CL-75 keeps every acknowledged write, and an intact file, when the writer is killed with SIGKILL',
  SLOW,
  async () => {
    const writer = buildStore()
    const file = join(dir, 'sessions.db')
    const child = spawn(process.execPath, [writer, file], { stdio: ['ignore', 'pipe', 'inherit'] })
    track(child) // killed when the test process exits, even after a time-out
    const acknowledged = new Map<string, number>()
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        const [key, i] = line.split(' ')
        acknowledged.set(key!, Number(i))
        if (acknowledged.size === 200 && Number(i) >= 3000) break
      }
    } finally {
      child.kill('SIGKILL')
    }
    await exited
    expect(child.signalCode).toBe('SIGKILL')

    const db = new Database(file)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = db.prepare('SELECT key, data FROM tessera_sessions').all() as {
      key: string
      data: string
    }[]
    const stored = new Map(
      rows.map((row) => [row.key, JSON.parse(row.data) as Record<string, unknown>]),
    )
    for (const [key, i] of acknowledged) {
      const data = stored.get(key)
      expect(data, key).toBeDefined()
      if (i >= 200) {
        expect(data?.[`w${i}`], `${key} write ${i}`).toBe(true) // this very write is there…
        expect(Number(data?.n)).toBeGreaterThanOrEqual(i) // …and nothing older replaced it
      }
    }
    db.close()
  },
)

/** The child that serves HTTP: `/new` starts a session, `/write?i=N` sets `wN` and counts `n`. */
function buildServer(): string {
  buildSources()
  const server = join(dir, 'server.js')
  writeFileSync(
    server,
    `import { createServer } from 'node:http'
import Database from 'better-sqlite3'
import { withSessions } from './src/adapters/node/index.js'
import { sqliteStore } from './src/stores/sqlite/index.js'
const store = sqliteStore(new Database(process.argv[2]))
const app = withSessions({ secret: process.argv[3], store }, (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1')
  if (url.pathname === '/new') req.session.set('n', 0)
  else {
    req.session.set('w' + url.searchParams.get('i'), true)
    req.session.increment('n')
  }
  res.end('ok')
})
const server = createServer(app)
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'))
`,
  )
  return server
}

it(
  'CL-75 keeps every write acknowledged over HTTP, and an intact file, when the server is killed with SIGKILL',
  SLOW,
  async () => {
    const server = buildServer()
    const file = join(dir, 'http-sessions.db')
    const child = spawn(process.execPath, [server, file, newSecret()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    track(child)
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const agent = new Agent({ keepAlive: true, maxSockets: 16 })
    /** Per session cookie: the writes a client got a 200 for. */
    const acknowledged = new Map<string, number[]>()
    let total = 0
    try {
      const port = await firstLine(child.stdout, exited)
      expect(Number(port)).toBeGreaterThan(0)
      const base = `http://127.0.0.1:${port}`
      for (let s = 0; s < 40; s += 1) {
        const reply = await send(`${base}/new`)
        acknowledged.set(reply.setCookies[0]!.split(';')[0]!, [])
      }
      const cookies = [...acknowledged.keys()]
      let next = 0
      let killed = false
      // 16 clients write as fast as the server answers; at 2000 acknowledged writes the server is
      // killed with their requests in flight, and each client stops at its first failed request.
      const client = async (): Promise<void> => {
        while (next < 100_000) {
          const i = next++
          const cookie = cookies[i % cookies.length]!
          const ok = await new Promise<boolean>((done) => {
            const req = agentRequest(agent, `${base}/write?i=${i}`, cookie, done)
            req.end()
          })
          if (!ok) return
          acknowledged.get(cookie)!.push(i)
          total += 1
          if (total >= 2000 && !killed) {
            killed = true
            child.kill('SIGKILL')
          }
        }
      }
      await Promise.all(Array.from({ length: 16 }, client))
    } finally {
      child.kill('SIGKILL')
      agent.destroy()
    }
    await exited
    expect(child.signalCode).toBe('SIGKILL')
    expect(total).toBeGreaterThanOrEqual(2000)

    const db = new Database(file)
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const read = db.prepare('SELECT data FROM tessera_sessions WHERE key = ?')
      for (const [cookie, writes] of acknowledged) {
        const value = cookie.slice(cookie.indexOf('=') + 1)
        const row = read.get(storeKey(value.slice(0, value.indexOf('.')))) as
          { data: string } | undefined
        expect(row, cookie).toBeDefined()
        const data = JSON.parse(row!.data) as Record<string, unknown>
        for (const i of writes) expect(data[`w${i}`], `${cookie} write ${i}`).toBe(true)
        // Every acknowledged increment counted; one the kill cut off may have landed as well.
        expect(Number(data.n)).toBeGreaterThanOrEqual(writes.length)
        expect(Number(data.n)).toBe(Object.keys(data).filter((k) => k.startsWith('w')).length)
      }
    } finally {
      db.close()
    }
  },
)

/** The first line a child prints ('' if it exits first). */
async function firstLine(output: NodeJS.ReadableStream, exited: Promise<void>): Promise<string> {
  const lines = createInterface({ input: output })[Symbol.asyncIterator]()
  const first = lines.next().then((result) => String(result.value ?? ''))
  return Promise.race([first, exited.then(() => '')])
}

/** GET `url` with `cookie` on `agent`; `done(true)` on a 200, `done(false)` on anything else. */
function agentRequest(
  agent: Agent,
  url: string,
  cookie: string,
  done: (ok: boolean) => void,
): ClientRequest {
  const req = request(url, { agent, headers: { cookie } }, (res) => {
    res.resume()
    res.on('end', () => done(res.statusCode === 200))
    res.on('error', () => done(false))
  })
  req.on('error', () => done(false))
  req.setTimeout(5000, () => req.destroy())
  return req
}
