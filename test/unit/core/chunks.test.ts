import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { ConfigError, CookieTooLargeError, createSessionManager } from '../../../src/index.js'
import { memoryStore } from '../../../src/stores/memory/index.js'
import { cookieJar, request, type Jar } from '../../helpers/jar.js'
import { SECRET_A } from '../../helpers/secrets.js'
import { Browser } from '../../helpers/http.js'
import { listen } from '../../helpers/listen.js'
import { withSessions } from '../../../src/adapters/node/index.js'

/** Incompressible text (random base64), so the seal cannot deflate it below one cookie. */
const blob = (bytes: number): string => randomBytes(bytes).toString('base64')

const names = (jar: Jar): string[] => [...jar.cookies.keys()].sort()
const sizes = (cookies: readonly string[]): number[] => cookies.map((c) => Buffer.byteLength(c))

describe('chunked session cookies (cookie.maxChunks)', () => {
  it('keeps the size error by default, and its message names the option', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    const jar = cookieJar()
    const attempt = request(manager, jar, (h) => h.session.set('notes', blob(4000)))
    await expect(attempt).rejects.toBeInstanceOf(CookieTooLargeError)
    await expect(request(manager, jar, (h) => h.session.set('notes', blob(4000)))).rejects.toThrow(
      /cookie\.maxChunks/,
    )
  })

  it('spreads a large session over session.0, session.1, … and reads it back whole', async () => {
    const manager = createSessionManager({ secret: SECRET_A, cookie: { maxChunks: 3 } })
    const jar = cookieJar()
    const notes = blob(5000)
    const { result } = await request(manager, jar, (h) => h.session.set('notes', notes))
    expect(names(jar)).toEqual(['session.0', 'session.1'])
    expect(Math.max(...sizes(result.cookies))).toBeLessThanOrEqual(4096)
    expect(jar.cookies.get('session.0')).toMatch(/^2\.v1\./)
    const { value } = await request(manager, jar, (h) => h.session.get('notes'))
    expect(value).toBe(notes)
  })

  it('refuses the session when any chunk is dropped, altered, reordered or taken from another session', async () => {
    const manager = createSessionManager({ secret: SECRET_A, cookie: { maxChunks: 3 } })
    const make = async (): Promise<Jar> => {
      const jar = cookieJar()
      await request(manager, jar, (h) => h.session.set('notes', blob(5000)))
      return jar
    }
    const jar = await make()
    const other = await make()
    const zero = jar.cookies.get('session.0')!
    const one = jar.cookies.get('session.1')!
    const flip = (text: string, at: number): string =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
    const variants: Record<string, string> = {
      dropped: `session.0=${zero}`,
      altered: `session.0=${zero}; session.1=${flip(one, 100)}`,
      reordered: `session.0=2.${one}; session.1=${zero.slice(2)}`,
      mixed: `session.0=${zero}; session.1=${other.cookies.get('session.1')!}`,
      'count changed': `session.0=3${zero.slice(1)}; session.1=${one}; session.2=${one}`,
      'count too large': `session.0=9${zero.slice(1)}; session.1=${one}`,
      duplicated: `session.0=${zero}; session.1=${one}; session.1=${one}`,
    }
    for (const [what, cookieHeader] of Object.entries(variants)) {
      const handle = manager.begin({ encrypted: false, host: 'localhost', cookieHeader })
      expect(handle.session.isNew, what).toBe(true)
      expect(handle.session.get('notes'), what).toBeUndefined()
    }
  })

  it('deletes stale chunks when the session grows, shrinks, or fits one cookie again', async () => {
    const manager = createSessionManager({ secret: SECRET_A, cookie: { maxChunks: 4 } })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('notes', blob(7000)))
    expect(names(jar)).toEqual(['session.0', 'session.1', 'session.2'])
    const { result } = await request(manager, jar, (h) => h.session.set('notes', blob(4000)))
    expect(names(jar)).toEqual(['session.0', 'session.1'])
    expect(result.cookies.filter((c) => c.startsWith('session.2=;'))).toHaveLength(1)
    await request(manager, jar, (h) => h.session.set('notes', 'short'))
    expect(names(jar)).toEqual(['session'])
    await request(manager, jar, (h) => h.session.set('notes', blob(4000)))
    expect(names(jar)).toEqual(['session.0', 'session.1'])
    const names_ = (await request(manager, jar, (h) => h.session.destroy())).result.cookies.map(
      (c) => c.split('=')[0],
    )
    expect(names_.sort()).toEqual(['session', 'session.0', 'session.1'])
    expect(names(jar)).toEqual([])
  })

  it('sends at most one Set-Cookie per name and keeps the __Host- prefix on every chunk', async () => {
    const manager = createSessionManager({ secret: SECRET_A, cookie: { maxChunks: 3 } })
    const jar = cookieJar()
    const info = { encrypted: true, host: 'app.example' }
    const { result } = await request(manager, jar, (h) => h.session.set('notes', blob(5000)), info)
    const cookieNames = result.cookies.map((c) => c.split('=')[0])
    expect(new Set(cookieNames).size).toBe(cookieNames.length)
    expect(cookieNames.sort()).toEqual(['__Host-session.0', '__Host-session.1'])
    for (const cookie of result.cookies) expect(cookie).toMatch(/; Secure/)
    const { value } = await request(manager, jar, (h) => h.session.has('notes'), info)
    expect(value).toBe(true)
  })

  it('fails with CookieTooLargeError, saying so, when even maxChunks cookies are not enough', async () => {
    const manager = createSessionManager({
      secret: SECRET_A,
      cookie: { maxChunks: 2 },
      maxDataSize: 64 * 1024,
    })
    const attempt = request(manager, cookieJar(), (h) => h.session.set('notes', blob(9000)))
    await expect(attempt).rejects.toThrow(/more than 2 cookies/)
  })

  it('refuses maxChunks out of range, with a store, or with the Flask format, at start-up', () => {
    for (const maxChunks of [0, 9, 1.5]) {
      expect(() => createSessionManager({ secret: SECRET_A, cookie: { maxChunks } })).toThrow(
        ConfigError,
      )
    }
    expect(() =>
      createSessionManager({ secret: SECRET_A, store: memoryStore(), cookie: { maxChunks: 2 } }),
    ).toThrow(/sealed cookies only/)
    expect(() =>
      createSessionManager({ secret: 'a'.repeat(32), format: 'flask', cookie: { maxChunks: 2 } }),
    ).toThrow(/sealed cookies only/)
  })

  it('travels over HTTP as one Set-Cookie header per chunk (node adapter)', async () => {
    const notes = blob(4500) // 6000 characters: two chunks
    const server = createServer(
      withSessions({ secret: SECRET_A, cookie: { maxChunks: 3 } }, (req, res) => {
        if (req.url === '/write') req.session.set('notes', notes)
        res.end(req.session.get('notes') === notes ? 'same' : 'missing')
      }),
    )
    const app = await listen(server)
    try {
      const browser = new Browser(app.url)
      const written = await browser.fetch('/write')
      expect(written.setCookies.map((c) => c.split('=')[0])).toEqual(['session.0', 'session.1'])
      expect((await browser.fetch('/read')).body).toBe('same')
      browser.cookies.delete('session.1')
      expect((await browser.fetch('/read')).body).toBe('missing')
    } finally {
      await app.close()
    }
  })
})
