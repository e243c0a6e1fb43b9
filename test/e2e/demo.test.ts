/**
 * The demo end to end in real Chromium (playwright-core driving Debian's /usr/bin/chromium),
 * against the built app started as `npm start` would. Every page visited is saved to
 * test/e2e/screenshots/ (git-ignored).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBinaries } from '../helpers/require-service.js'
import { startDemo, type DemoProcess } from './demo-harness.js'

const CHROMIUM = '/usr/bin/chromium'
const SHOTS = join('test', 'e2e', 'screenshots')
const PASSWORD = 'lilac-thunder-orchard'
const available = requireBinaries('Chromium', [CHROMIUM])

describe.skipIf(!available)('the demo in Chromium', () => {
  let demo: DemoProcess
  let browser: Browser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    demo = await startDemo()
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
  }, 60_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await demo?.stop()
  })

  const newPage = async (storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) => {
    const context = await browser.newContext({
      baseURL: demo.url,
      viewport: { width: 1024, height: 720 },
      colorScheme: 'light',
      ...(storageState === undefined ? {} : { storageState }),
    })
    contexts.push(context)
    return { context, page: await context.newPage() }
  }
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
  const signup = async (page: Page, username: string) => {
    await page.goto('/signup')
    await page.getByLabel('Username').fill(username)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('/')
  }
  const login = async (page: Page, username: string, password = PASSWORD, remember = false) => {
    await page.goto('/login')
    await page.getByLabel('Username').fill(username)
    await page.getByLabel('Password').fill(password)
    if (remember) await page.getByLabel('Remember me').check()
    await page.getByRole('button', { name: 'Log in' }).click()
  }
  const status = (page: Page) => page.locator('.status').first().textContent()
  /** A browser restart: only cookies with an expiry survive. */
  const restart = async (context: BrowserContext) => {
    const state = await context.storageState()
    return { ...state, cookies: state.cookies.filter((cookie) => cookie.expires !== -1) }
  }

  it('signs up, shows the welcome flash, logs out and logs in again', async () => {
    const { page } = await newPage()
    await page.goto('/')
    expect(await status(page)).toBe('You are not logged in')
    await shot(page, 'home-anonymous')
    await page.goto('/signup')
    await shot(page, 'signup')
    await signup(page, 'ada')
    expect(await status(page)).toBe('Logged in as ada')
    expect(await page.locator('.flash.flash-success').textContent()).toBe('Welcome, ada!')
    await shot(page, 'dashboard')
    await page.goto('/logout')
    await shot(page, 'logout-confirm')
    await page.getByRole('main').getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL('/')
    expect(await page.locator('.flash').textContent()).toBe('You have been logged out')
    expect(await status(page)).toBe('You are not logged in')
    await login(page, 'ada')
    await page.waitForURL('/')
    expect(await page.locator('.flash.flash-success').textContent()).toBe('Login successful!')
    expect(await status(page)).toBe('Logged in as ada')
  })

  it('shows the login form again after a wrong password, with the username kept', async () => {
    const { page } = await newPage()
    await login(page, 'ada', 'not-the-password')
    expect(await page.locator('.form-error').textContent()).toBe('Invalid username or password.')
    expect(await page.getByLabel('Username').inputValue()).toBe('ada')
    expect(await page.getByLabel('Password').inputValue()).toBe('')
    await shot(page, 'login-failed')
  })

  it('keeps a "remember me" login across a browser restart, and not a plain one', async () => {
    const remembered = await newPage()
    await login(remembered.page, 'ada', PASSWORD, true)
    await remembered.page.waitForURL('/')
    const afterRestart = await newPage(await restart(remembered.context))
    await afterRestart.page.goto('/')
    expect(await status(afterRestart.page)).toBe('Logged in as ada')

    const plain = await newPage()
    await login(plain.page, 'ada')
    await plain.page.waitForURL('/')
    const plainRestart = await newPage(await restart(plain.context))
    await plainRestart.page.goto('/')
    expect(await status(plainRestart.page)).toBe('You are not logged in')
  })

  it('"log out all other sessions" in one browser logs out another', async () => {
    const a = await newPage()
    const b = await newPage()
    await signup(a.page, 'grace')
    await login(b.page, 'grace')
    await b.page.waitForURL('/')
    await a.page.goto('/sessions')
    expect(await a.page.locator('tbody tr').count()).toBe(2)
    await shot(a.page, 'sessions')
    await a.page.getByRole('button', { name: 'Log out all other sessions' }).click()
    await a.page.waitForURL('/sessions')
    expect(await a.page.locator('tbody tr').count()).toBe(1)
    await b.page.goto('/')
    expect(await status(b.page)).toBe('You are not logged in')
  })

  it('a password change logs out the other browser', async () => {
    const a = await newPage()
    const b = await newPage()
    await signup(a.page, 'linus')
    await login(b.page, 'linus')
    await b.page.waitForURL('/')
    await a.page.goto('/account')
    await shot(a.page, 'account')
    await a.page.getByLabel('Current password').fill(PASSWORD)
    await a.page.getByLabel('New password').fill('granite-meadow-sparrow')
    await a.page.getByRole('button', { name: 'Change password' }).click()
    await a.page.waitForURL('/account')
    expect(await a.page.locator('.flash.flash-success').textContent()).toContain(
      'password has been changed',
    )
    await b.page.goto('/')
    expect(await status(b.page)).toBe('You are not logged in')
  })

  it('refuses a form posted without its CSRF token', async () => {
    const { page } = await newPage()
    await page.goto('/signup')
    await page.locator('input[name="csrf_token"]').evaluate((input: { remove(): void }) => {
      input.remove()
    })
    await page.getByLabel('Username').fill('mallory')
    await page.getByLabel('Password').fill(PASSWORD)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/signup') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Create account' }).click(),
    ])
    expect(response.status()).toBe(403)
    expect(await page.locator('h1').textContent()).toBe('Request refused')
    await shot(page, 'csrf-refused')
    await login(page, 'mallory')
    expect(await page.locator('.form-error').textContent()).toBe('Invalid username or password.')
  })

  it('shows the 404 page', async () => {
    const { page } = await newPage()
    const response = await page.goto('/nowhere')
    expect(response?.status()).toBe(404)
    await shot(page, 'not-found')
  })
})
