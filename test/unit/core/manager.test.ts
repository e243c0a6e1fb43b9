import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { stateOf } from '../../../src/core/session.js'
import {
  ConfigError,
  CookieTooLargeError,
  createSessionManager,
  SessionCommittedError,
  type SessionOptions,
} from '../../../src/index.js'
import { memoryStore } from '../../../src/stores/memory/index.js'
import { cookieJar, LOCAL, request, type Jar } from '../../helpers/jar.js'
import { DAY, fakeClock, HOUR, MINUTE, SECOND } from '../../helpers/clock.js'
import { SECRET_A, SECRET_B } from '../../helpers/secrets.js'

function setup(options: Partial<SessionOptions> = {}) {
  const clock = fakeClock()
  const manager = createSessionManager({ secret: SECRET_A, now: clock, ...options })
  return { clock, manager, jar: cookieJar() }
}

/** A second browser holding the same cookies (a copied cookie). */
function copyOf(jar: Jar): Jar {
  const copy = cookieJar()
  for (const [name, value] of jar.cookies) copy.cookies.set(name, value)
  return copy
}

describe('session manager: laziness and commit rules', () => {
  it('opens nothing and sends nothing when the handler never touches the session', async () => {
    const { manager, jar } = setup()
    await request(manager, jar, (h) => h.session.set('a', 1))
    const handle = manager.begin({ ...LOCAL, cookieHeader: 'session=v1.garbage' })
    expect(stateOf(handle.session).loaded).toBe(false)
    const result = await handle.commit()
    expect(result).toEqual({ cookies: [], vary: false })
  })

  it('gives anonymous visitors who store nothing no cookie, but varies by Cookie', async () => {
    const { manager, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.get('user'))
    expect(result.cookies).toEqual([])
    expect(result.vary).toBe(true)
  })

  it('sets the cookie when a new session gets data', async () => {
    const { manager, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.set('user', 'alice'))
    expect(result.cookies).toHaveLength(1)
    expect(result.cookies[0]).toMatch(/^session=v1\./)
    expect(result.cookies[0]).toContain('HttpOnly')
    expect(result.cookies[0]).toContain('SameSite=Lax')
    expect(result.cookies[0]).toContain('Path=/')
  })

  it('does not re-send the cookie on a request that only reads', async () => {
    const { manager, jar } = setup()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    const { value, result } = await request(manager, jar, (h) => h.session.get('user'))
    expect(value).toBe('alice')
    expect(result.cookies).toEqual([])
  })

  it('deletes the cookie when the session is emptied', async () => {
    const { manager, jar } = setup()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    const { result } = await request(manager, jar, (h) => h.session.clear())
    expect(result.cookies[0]).toMatch(
      /^session=; .*Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT/,
    )
    expect(jar.cookies.size).toBe(0)
  })

  it('destroy() clears the cookie and the data', async () => {
    const { manager, jar } = setup()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    await request(manager, jar, (h) => h.session.destroy())
    const { value } = await request(manager, jar, (h) => h.session.get('user'))
    expect(value).toBeUndefined()
  })

  it('regenerate() issues a fresh seal with the same data', async () => {
    const { manager, jar } = setup()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    const before = jar.header()
    const { result } = await request(manager, jar, (h) => h.session.regenerate())
    expect(result.cookies).toHaveLength(1)
    expect(jar.header()).not.toBe(before)
    const { value } = await request(manager, jar, (h) => h.session.get('user'))
    expect(value).toBe('alice')
  })

  it('raises SessionCommittedError for a write after commit', async () => {
    const { manager } = setup()
    const handle = manager.begin({ ...LOCAL, cookieHeader: undefined })
    handle.session.set('a', 1)
    await handle.commit()
    expect(() => handle.session.set('a', 2)).toThrow(SessionCommittedError)
  })

  it('CL-15 raises CookieTooLargeError at commit instead of emitting a cookie over 4096 bytes', async () => {
    const { manager } = setup()
    const handle = manager.begin({ ...LOCAL, cookieHeader: undefined })
    handle.session.set('blob', randomBytes(3500).toString('base64'))
    expect(() => handle.commit()).toThrow(CookieTooLargeError)
  })

  it('compresses a repetitive payload so it still fits', async () => {
    const { manager, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.set('blob', 'abc'.repeat(2000)))
    expect(result.cookies[0]!.length).toBeLessThan(1000)
    const { value } = await request(manager, jar, (h) => h.session.get('blob'))
    expect(value).toBe('abc'.repeat(2000))
  })
})

describe('session manager: cookies and Secure', () => {
  it('CL-7 uses Secure and the __Host- prefix over https', async () => {
    const { manager, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.set('a', 1), {
      encrypted: true,
      host: 'example.com',
    })
    expect(result.cookies[0]).toMatch(/^__Host-session=v1\./)
    expect(result.cookies[0]).toContain('Secure')
    expect(result.cookies[0]).not.toContain('Domain')
  })

  it('CL-7 keeps Secure and the __Host- prefix over https to localhost', async () => {
    const { manager, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.set('a', 1), {
      encrypted: true,
      host: 'localhost',
    })
    expect(result.cookies[0]).toMatch(/^__Host-session=v1\./)
    expect(result.cookies[0]).toContain('; Secure')
    expect(manager.cookieFor({ encrypted: true, host: 'localhost' }).name).toBe('__Host-session')
  })

  it('CL-7 CL-61 picks the cookie per request when loopback and public hosts alternate', () => {
    const { manager } = setup()
    const hosts = ['localhost', 'example.com', 'localhost', '127.0.0.1', 'app.example', undefined]
    const names = [
      'session',
      '__Host-session',
      'session',
      'session',
      '__Host-session',
      '__Host-session',
    ]
    for (let round = 0; round < 2; round++) {
      hosts.forEach((host, i) => {
        expect(manager.cookieFor({ encrypted: false, host }).name, String(host)).toBe(names[i])
      })
    }
  })

  it('CL-61 keeps Secure for plain http to a non-loopback host', async () => {
    const { manager, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.set('a', 1), {
      encrypted: false,
      host: 'example.com',
    })
    expect(result.cookies[0]).toMatch(/^__Host-session=.*; Secure/)
  })

  it('drops Secure only for plain http to localhost outside production', async () => {
    const { manager, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.set('a', 1), {
      host: '127.0.0.1',
    })
    expect(result.cookies[0]).not.toContain('Secure')
  })

  it('CL-10 refuses contradictory cookie settings at start-up', () => {
    expect(() => setup({ cookie: { prefix: 'host', domain: 'example.com' } })).toThrow(ConfigError)
    expect(() => setup({ cookie: { prefix: 'host', path: '/app' } })).toThrow(ConfigError)
    expect(() => setup({ cookie: { sameSite: 'none', secure: false } })).toThrow(ConfigError)
    expect(() => setup({ cookie: { name: '__Host-x' } })).toThrow(ConfigError)
    expect(() => setup({ cookie: { name: 'a=b; Max-Age=9' } })).toThrow(ConfigError)
    expect(() => setup({ cookie: { path: '/; Domain=evil.example' } })).toThrow(ConfigError)
  })

  it('uses __Secure- when a Domain is set', async () => {
    const { manager, jar } = setup({ cookie: { domain: 'example.com' } })
    const { result } = await request(manager, jar, (h) => h.session.set('a', 1), {
      encrypted: true,
      host: 'app.example.com',
    })
    expect(result.cookies[0]).toMatch(/^__Secure-session=.*Domain=example\.com/)
  })

  it('CL-81 refuses timeouts outside the documented ranges', () => {
    expect(() => setup({ idleTimeout: 10 })).toThrow(ConfigError)
    expect(() => setup({ absoluteTimeout: 7 * DAY })).toThrow(ConfigError)
    expect(() => setup({ permanentLifetime: 500 * 24 * 3600 })).toThrow(ConfigError)
  })
})

describe('session manager: lifetimes (fake clock)', () => {
  it('CL-11 sends a browser-session cookie by default and Max-Age for a permanent session', async () => {
    const { manager, jar } = setup()
    const { result } = await request(manager, jar, (h) => h.session.set('a', 1))
    expect(result.cookies[0]).not.toMatch(/Max-Age|Expires/)
    const { result: permanent } = await request(manager, jar, (h) => {
      h.session.permanent = true
    })
    expect(permanent.cookies[0]).toContain(`Max-Age=${31 * 24 * 3600}`)
    expect(permanent.cookies[0]).toContain('Expires=')
  })

  it('CL-26 ends a session idle longer than idleTimeout, whatever the cookie says', async () => {
    const { manager, jar, clock } = setup()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    clock.advance(30 * MINUTE + SECOND)
    const { value } = await request(manager, jar, (h) => h.session.get('user'))
    expect(value).toBeUndefined()
  })

  it('CL-26 keeps an active session alive past the idle timeout', async () => {
    const { manager, jar, clock } = setup()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    for (let i = 0; i < 6; i++) {
      clock.advance(15 * MINUTE)
      const { value } = await request(manager, jar, (h) => h.session.get('user'))
      expect(value).toBe('alice')
    }
  })

  for (const mode of ['cookie', 'store'] as const) {
    it(`CL-26 applies a lowered idleTimeout to sessions made under the longer one (${mode})`, async () => {
      const clock = fakeClock()
      const store = mode === 'store' ? { store: memoryStore({ now: clock }) } : {}
      const longer = createSessionManager({
        secret: SECRET_A,
        now: clock,
        idleTimeout: 3600,
        ...store,
      })
      const shorter = createSessionManager({
        secret: SECRET_A,
        now: clock,
        idleTimeout: 300,
        ...store,
      })
      const jar = cookieJar()
      await request(longer, jar, (h) => h.session.set('user', 'alice'))
      clock.advance(5 * MINUTE + SECOND)
      expect((await request(longer, copyOf(jar), (h) => h.session.get('user'))).value).toBe('alice')
      expect((await request(shorter, jar, (h) => h.session.get('user'))).value).toBeUndefined()
    })
  }

  it('CL-27 ends a session at the absolute timeout however active it is', async () => {
    const { manager, jar, clock } = setup()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    let alive = true
    for (let t = 0; t < 13 * HOUR && alive; t += 20 * MINUTE) {
      clock.advance(20 * MINUTE)
      const { value } = await request(manager, jar, (h) => h.session.get('user'))
      alive = value === 'alice'
      if (t + 20 * MINUTE < 12 * HOUR) expect(alive).toBe(true)
    }
    expect(alive).toBe(false)
  })

  it('CL-27 regenerate() does not extend the absolute deadline', async () => {
    const { manager, jar, clock } = setup({ idleTimeout: 3600 })
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    for (let i = 0; i < 13; i++) {
      clock.advance(55 * MINUTE)
      await request(manager, jar, (h) => h.session.regenerate())
    }
    clock.advance(10 * MINUTE)
    const { value } = await request(manager, jar, (h) => h.session.get('user'))
    expect(value).toBeUndefined()
  })

  it('CL-27 regenerate() does not extend the absolute deadline of a server-side session', async () => {
    const clock = fakeClock()
    const store = memoryStore({ now: clock })
    const manager = createSessionManager({ secret: SECRET_A, now: clock, idleTimeout: 3600, store })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    for (let i = 0; i < 13; i++) {
      clock.advance(55 * MINUTE)
      const before = jar.header()
      const { value } = await request(manager, jar, (h) => {
        h.session.regenerate()
        return h.session.get('user')
      })
      expect(value).toBe('alice')
      expect(jar.header()).not.toBe(before)
    }
    clock.advance(10 * MINUTE)
    const { value } = await request(manager, jar, (h) => h.session.get('user'))
    expect(value).toBeUndefined()
  })

  it('CL-29 ends a permanent session after permanentLifetime without use', async () => {
    const { manager, jar, clock } = setup({ permanentLifetime: 7 * 24 * 3600 })
    await request(manager, jar, (h) => {
      h.session.set('user', 'alice')
      h.session.permanent = true
    })
    clock.advance(6 * DAY)
    expect((await request(manager, jar, (h) => h.session.get('user'))).value).toBe('alice')
    clock.advance(7 * DAY + SECOND)
    expect((await request(manager, jar, (h) => h.session.get('user'))).value).toBeUndefined()
  })

  it('refreshes a permanent session on each request that uses it (refreshEachRequest)', async () => {
    const { manager, jar, clock } = setup()
    await request(manager, jar, (h) => {
      h.session.set('user', 'alice')
      h.session.permanent = true
    })
    clock.advance(HOUR)
    const { result } = await request(manager, jar, (h) => h.session.get('user'))
    expect(result.cookies).toHaveLength(1)
    const off = setup({ refreshEachRequest: false })
    await request(off.manager, off.jar, (h) => {
      h.session.set('user', 'alice')
      h.session.permanent = true
    })
    off.clock.advance(HOUR)
    const { result: quiet } = await request(off.manager, off.jar, (h) => h.session.get('user'))
    expect(quiet.cookies).toHaveLength(0)
  })

  it('CL-31 rejects a cookie issued in the future beyond 60 s of skew', async () => {
    const { manager, jar, clock } = setup()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    clock.advance(-30 * SECOND)
    expect((await request(manager, jar, (h) => h.session.get('user'))).value).toBe('alice')
    clock.advance(-40 * SECOND)
    expect((await request(manager, jar, (h) => h.session.get('user'))).value).toBeUndefined()
  })
})

describe('session manager: key rotation', () => {
  it('CL-21 opens cookies sealed with a fallback secret and re-seals them under the new one', async () => {
    const clock = fakeClock()
    const jar = cookieJar()
    const old = createSessionManager({ secret: SECRET_A, now: clock })
    await request(old, jar, (h) => h.session.set('user', 'alice'))
    const c1 = jar.header()

    const rotated = createSessionManager({ secret: [SECRET_B, SECRET_A], now: clock })
    const { value, result } = await request(rotated, jar, (h) => h.session.get('user'))
    expect(value).toBe('alice')
    expect(result.cookies).toHaveLength(1)
    expect(jar.header()).not.toBe(c1)

    const onlyNew = createSessionManager({ secret: SECRET_B, now: clock })
    expect((await request(onlyNew, jar, (h) => h.session.get('user'))).value).toBe('alice')
    const oldJar = cookieJar()
    oldJar.cookies.set('session', c1!.split('=')[1]!)
    expect((await request(onlyNew, oldJar, (h) => h.session.get('user'))).value).toBeUndefined()
  })

  it('CL-21 re-tags a server-side session ID tagged under a fallback secret, so it outlives the fallback', async () => {
    const clock = fakeClock()
    const store = memoryStore({ now: clock })
    const jar = cookieJar()
    const old = createSessionManager({ secret: SECRET_A, now: clock, store })
    await request(old, jar, (h) => h.session.set('user', 'alice'))
    const c1 = jar.cookies.get('session')!

    const rotated = createSessionManager({ secret: [SECRET_B, SECRET_A], now: clock, store })
    const { value, result } = await request(rotated, jar, (h) => h.session.get('user'))
    expect(value).toBe('alice')
    expect(result.cookies).toHaveLength(1)
    const c2 = jar.cookies.get('session')!
    expect(c2.split('.')[0]).toBe(c1.split('.')[0]) // the same session ID…
    expect(c2).not.toBe(c1) // …under a new tag
    expect((await request(rotated, jar, (h) => h.session.get('user'))).result.cookies).toEqual([])

    const onlyNew = createSessionManager({ secret: SECRET_B, now: clock, store })
    expect((await request(onlyNew, jar, (h) => h.session.get('user'))).value).toBe('alice')
    const oldJar = cookieJar()
    oldJar.cookies.set('session', c1)
    expect((await request(onlyNew, oldJar, (h) => h.session.get('user'))).value).toBeUndefined()
  })
})
