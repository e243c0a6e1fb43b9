/**
 * examples/next end to end: `next build`, then `next start` on a random port, driven by Chromium
 * (playwright-core with Debian's /usr/bin/chromium). The example resolves `tessera-session` from
 * the repository's built `dist/` through `examples/next/node_modules/tessera-session`, a link made
 * here; `dist/` is rebuilt first when any file under `src/` is newer. `.next/` is removed at the end.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, stopChild, track, waitFor } from '../helpers/processes.js'
import { requireBinaries } from '../helpers/require-service.js'
import { newSecret } from '../helpers/secrets.js'

const CHROMIUM = '/usr/bin/chromium'
const ROOT = process.cwd()
const APP = join(ROOT, 'examples', 'next')
const NEXT_BIN = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')
const NEXT_VERSION = (createRequire(import.meta.url)('next/package.json') as { version: string })
  .version
const PASSWORD = 'correct horse battery staple'
const available = requireBinaries('Chromium', [CHROMIUM])

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/**
 * Build `dist/` unless it is newer than every source file. tsc writes its output even when it
 * reports type errors elsewhere in `src/`; those fail `npm run typecheck`, not this test, which
 * goes on when `dist/next/` was written (and `next build` fails if what it needs is broken).
 */
function ensureBuilt(): void {
  const built = join(ROOT, 'dist', 'next', 'index.js')
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(ROOT, 'src'))) return
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 })
  } catch (err) {
    if (!existsSync(built)) throw err
    console.warn('[next] npm run build reported errors; using the dist/ it wrote')
  }
}

/** examples/next/node_modules/tessera-session → the repository. */
function linkPackage(): void {
  const modules = join(APP, 'node_modules')
  const link = join(modules, 'tessera-session')
  mkdirSync(modules, { recursive: true })
  const present = (() => {
    try {
      return lstatSync(link).isSymbolicLink()
    } catch {
      return false
    }
  })()
  if (!present) symlinkSync(join('..', '..', '..'), link)
}

describe.skipIf(!available)(`examples/next with Next.js ${NEXT_VERSION} in Chromium`, () => {
  let server: ChildProcess | undefined
  let browser: Browser | undefined
  let url = ''
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    ensureBuilt()
    linkPackage()
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NEXT_TELEMETRY_DISABLED: '1',
      TESSERA_SECRET: newSecret(),
    }
    const started = Date.now()
    execFileSync(process.execPath, [NEXT_BIN, 'build'], {
      cwd: APP,
      env,
      stdio: 'pipe',
      timeout: 240_000,
    })
    const built = Date.now()
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    const child = spawn(
      process.execPath,
      [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
      { cwd: APP, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    server = track(child)
    await waitFor('next start', child, async () => {
      try {
        const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) })
        await res.arrayBuffer()
        return res.ok
      } catch {
        return false
      }
    })
    console.info(
      `[next] Next.js ${NEXT_VERSION}: next build ${((built - started) / 1000).toFixed(1)} s, ` +
        `next start ready in ${((Date.now() - built) / 1000).toFixed(1)} s`,
    )
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  }, 300_000)

  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    if (server !== undefined) await stopChild(server, 'SIGTERM', 'SIGKILL')
    rmSync(join(APP, '.next'), { recursive: true, force: true })
    rmSync(join(APP, 'cache'), { recursive: true, force: true }) // an empty folder next build makes
  }, 30_000)

  const newPage = async (): Promise<Page> => {
    const context = await browser!.newContext({ baseURL: url })
    context.setDefaultTimeout(15_000)
    context.setDefaultNavigationTimeout(20_000)
    contexts.push(context)
    return context.newPage()
  }
  const signIn = async (page: Page, password: string) => {
    await page.getByLabel('Email').fill('demo@example.com')
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }
  /** The text of the first element `locator` finds, once it is there. */
  const text = async (locator: Locator) => {
    await locator.first().waitFor()
    return locator.first().textContent()
  }
  /** Wait until <Flashes> has removed the shown messages from the session. */
  const flashesConsumed = (page: Page) =>
    page.locator('ul.flashes[data-consumed="true"]').waitFor({ state: 'attached' })

  it('guards the account page, signs in with a flash shown once, and signs out', async () => {
    const page = await newPage()

    // Signed out: proxy.ts sends /account to /login.
    const guarded = await page.goto('/account')
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(guarded?.request().redirectedFrom()?.url()).toBe(`${url}/account`)

    // A wrong password: an error, still on /login, no signed-in page.
    await signIn(page, 'not the password')
    expect(await text(page.locator('li.error'))).toBe('Wrong email or password.')
    expect(new URL(page.url()).pathname).toBe('/login')
    await flashesConsumed(page)

    // The right password: the account page with the welcome flash…
    await signIn(page, PASSWORD)
    await page.waitForURL('**/account')
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Hello, Demo User')
    expect(await text(page.locator('li.success'))).toBe('Welcome back, Demo User!')
    await flashesConsumed(page)
    // …once: a reload shows the page without it.
    await page.reload()
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Hello, Demo User')
    expect(await page.locator('ul.flashes li').count()).toBe(0)

    // The session cookie: HttpOnly, SameSite=Lax, the only cookie of the app. `next start` runs
    // with NODE_ENV=production, so it is the Secure __Host- cookie even on http://127.0.0.1
    // (Chromium keeps Secure cookies from loopback origins).
    const cookies = await page.context().cookies()
    expect(cookies.map((c) => c.name)).toEqual(['__Host-session'])
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: true })

    // Sign out: back to /login, and /account redirects again.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL('**/login')
    await page.goto('/account')
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in')

    console.info(
      `[next] Next.js ${NEXT_VERSION}: ${expect.getState().assertionCalls} checks in Chromium`,
    )
  }, 120_000)
})
