import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSessionManager, DEFAULTS } from '../../src/index.js'
import { cookieJar, request } from '../helpers/jar.js'
import { SECRET_A } from '../helpers/secrets.js'

describe('secure defaults', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('CL-81 a secret alone gives HttpOnly, Secure, SameSite=Lax, __Host-, a browser-session cookie and timeouts', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    expect(manager.options.idleTimeoutMs).toBe(DEFAULTS.idleTimeout * 1000)
    expect(manager.options.absoluteTimeoutMs).toBe(DEFAULTS.absoluteTimeout * 1000)
    const { result } = await request(manager, cookieJar(), (h) => h.session.set('a', 1), {
      encrypted: true,
      host: 'app.example.com',
    })
    const cookie = result.cookies[0]!
    expect(cookie).toMatch(/^__Host-session=/)
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/'])
      expect(cookie).toContain(attribute)
    expect(cookie).not.toMatch(/Max-Age|Expires|Domain/)
  })

  it('CL-6 CL-81 saves nothing for a session that was never given data', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    const { result } = await request(manager, cookieJar(), (h) => h.session.keys())
    expect(result.cookies).toEqual([])
  })

  it('CL-81 each unsafe option needs opt-in and emits one warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    createSessionManager({ secret: SECRET_A })
    expect(warn).not.toHaveBeenCalled()
    createSessionManager({ secret: SECRET_A, cookie: { secure: false, httpOnly: false } })
    expect(warn).toHaveBeenCalledTimes(2)
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/secure/)
    expect(String(warn.mock.calls[1]?.[0])).toMatch(/httpOnly/)
  })

  it('CL-81 the default cookie name does not fingerprint the library', () => {
    expect(DEFAULTS.cookieName).not.toMatch(/tessera/i)
  })
})
