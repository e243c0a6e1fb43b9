/**
 * CL-75 / issue 3 durability: a process writing sessions through the SQLite store is killed with
 * SIGKILL mid-load; the reopened database passes `PRAGMA integrity_check` and holds every write
 * the store had acknowledged. The child runs the real store code, transpiled by TypeScript.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import ts from 'typescript'
import { afterAll, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Transpile the store and what it imports into `dir/src`, as plain ES modules. */
function buildStore(): string {
  const files = [
    'errors.ts',
    'internal/clock.ts',
    'stores/store-config.ts',
    'stores/store-patch.ts',
  ]
  files.push('stores/sqlite-schema.ts', 'stores/sqlite-store.ts', 'stores/store.ts')
  for (const file of files) {
    const source = readFileSync(join(root, 'src', file), 'utf8')
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    const out = join(dir, 'src', file.replace(/\.ts$/, '.js'))
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, outputText)
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
  const writer = join(dir, 'writer.js')
  // Creates sessions and patches them, one line on stdout per write the store returned from.
  writeFileSync(
    writer,
    `import { createRequire } from 'node:module'
import { sqliteStore } from './src/stores/sqlite-store.js'
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
  process.stdout.write(key + ' ' + i + '\\n')
}
`,
  )
  return writer
}

it('CL-75 keeps every acknowledged write, and an intact file, when the writer is killed with SIGKILL', async () => {
  const writer = buildStore()
  const file = join(dir, 'sessions.db')
  const child = spawn(process.execPath, [writer, file], { stdio: ['ignore', 'pipe', 'inherit'] })
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
})
