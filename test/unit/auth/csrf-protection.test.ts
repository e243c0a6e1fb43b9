import { describe, expect, it } from 'vitest'
import { createCsrf, ensureCsrfSecret } from '../../../src/auth/csrf-protection.js'
import { createSessionManager, type HttpRequest } from '../../../src/index.js'
import { fakeClock, MINUTE, SECOND } from '../../helpers/clock.js'
import { SECRET_A } from '../../helpers/secrets.js'

/** A POST as the one request shape, its headers from a record of lower-case names. */
function post(
  headers: Record<string, string>,
  fields: Pick<HttpRequest, 'cookieHeader' | 'encrypted' | 'host' | 'hostHeader'>,
): HttpRequest {
  return {
    method: 'POST',
    path: '/login',
    query: '',
    userAgent: undefined,
    ip: undefined,
    header: (name) => headers[name],
    ...fields,
  }
}

describe('session-bound CSRF checks', () => {
  const sessions = createSessionManager({ secret: SECRET_A })
  const csrf = createCsrf(sessions)
  const session = sessions.begin({
    cookieHeader: undefined,
    encrypted: false,
    host: 'localhost',
  }).session

  it('CL-62 refuses a request whose Host header is not a valid origin instead of throwing', () => {
    const verdict = csrf.verify(
      session,
      post(
        { origin: 'http://bad host^' },
        { cookieHeader: undefined, encrypted: false, host: 'bad host^', hostHeader: 'bad host^' },
      ),
      'token',
    )
    expect(verdict).toEqual({ ok: false, reason: 'origin-mismatch' })
  })

  it('allows the request’s own origin when none is configured', () => {
    const issued = csrf.token(session, {
      cookieHeader: undefined,
      encrypted: false,
      host: 'localhost',
    })
    const cookie = issued.setCookie!.split(';')[0]!
    const verdict = csrf.verify(
      session,
      post(
        { origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' },
        { cookieHeader: cookie, encrypted: false, host: 'localhost', hostHeader: 'localhost:3000' },
      ),
      issued.token,
    )
    expect(verdict).toEqual({ ok: true })
  })
})

describe('CSRF options and methods', () => {
  const sessions = createSessionManager({ secret: SECRET_A })

  it('defaults the field and header names, and lower-cases a configured header name', () => {
    const csrf = createCsrf(sessions)
    expect(csrf.fieldName).toBe('csrf_token')
    expect(csrf.headerName).toBe('x-csrf-token')
    expect(createCsrf(sessions, { headerName: 'X-My-CSRF' }).headerName).toBe('x-my-csrf')
  })

  it('CL-50 treats GET, HEAD, OPTIONS and TRACE as safe in any case, and the rest as unsafe', () => {
    const csrf = createCsrf(sessions)
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'get', 'Head']) {
      expect(csrf.isUnsafe(method), method).toBe(false)
    }
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post', 'PROPFIND']) {
      expect(csrf.isUnsafe(method), method).toBe(true)
    }
  })
})

describe('CSRF verification', () => {
  const sessions = createSessionManager({ secret: SECRET_A })
  const local = { cookieHeader: undefined, encrypted: false, host: 'localhost' }
  const own = { ...local, hostHeader: 'localhost:3000' }
  const sameOrigin = { origin: 'http://localhost:3000' }

  it('CL-50 lets a GET through with no token and no origin headers', () => {
    const csrf = createCsrf(sessions)
    const session = sessions.begin(local).session
    const get: HttpRequest = { ...post({}, own), method: 'GET' }
    expect(csrf.verify(session, get, undefined)).toEqual({ ok: true })
  })

  it('CL-49 refuses a same-origin POST without a token, or with an empty one, as token-missing', () => {
    const csrf = createCsrf(sessions)
    const session = sessions.begin(local).session
    for (const submitted of [undefined, '']) {
      expect(csrf.verify(session, post(sameOrigin, own), submitted)).toEqual({
        ok: false,
        reason: 'token-missing',
      })
    }
    expect(csrf.verify(session, post(sameOrigin, own), 'x')).toEqual({
      ok: false,
      reason: 'token-invalid',
    })
  })

  it('CL-54 refuses Sec-Fetch-Site: same-site from the own origin unless allowSameSite is set', () => {
    const session = sessions.begin(local).session
    const sibling = post({ ...sameOrigin, 'sec-fetch-site': 'same-site' }, own)
    expect(createCsrf(sessions).verify(session, sibling, undefined)).toEqual({
      ok: false,
      reason: 'same-site',
    })
    // Past the origin check, only the token is missing.
    expect(
      createCsrf(sessions, { allowSameSite: true }).verify(session, sibling, undefined),
    ).toEqual({ ok: false, reason: 'token-missing' })
  })

  it('CL-54 refuses Sec-Fetch-Site: same-site from a configured origin unless allowSameSite is set', () => {
    const session = sessions.begin(local).session
    const origins = ['https://app.example.com', 'https://admin.example.com']
    const sibling = post(
      { origin: 'https://admin.example.com', 'sec-fetch-site': 'same-site' },
      { ...own, encrypted: true, host: 'app.example.com', hostHeader: 'app.example.com' },
    )
    expect(createCsrf(sessions, { origins }).verify(session, sibling, undefined)).toEqual({
      ok: false,
      reason: 'same-site',
    })
    expect(
      createCsrf(sessions, { origins, allowSameSite: true }).verify(session, sibling, undefined),
    ).toEqual({ ok: false, reason: 'token-missing' })
  })

  it('CL-54 checks configured origins instead of the request’s own', () => {
    const csrf = createCsrf(sessions, { origins: ['https://app.example.com'] })
    const session = sessions.begin(local).session
    expect(csrf.verify(session, post(sameOrigin, own), 'x')).toEqual({
      ok: false,
      reason: 'origin-mismatch',
    })
  })

  it('CL-52 accepts the session’s masked token once ensureCsrfSecret gave it a secret, and keeps that secret', () => {
    const csrf = createCsrf(sessions)
    const session = sessions.begin(local).session
    ensureCsrfSecret(session)
    const first = csrf.token(session, local)
    // A session secret needs no login cookie.
    expect(first.setCookie).toBeUndefined()
    ensureCsrfSecret(session)
    const second = csrf.token(session, local)
    expect(second.setCookie).toBeUndefined()
    expect(second.token).not.toBe(first.token)
    expect(csrf.verify(session, post(sameOrigin, own), first.token)).toEqual({ ok: true })
    expect(csrf.verify(session, post(sameOrigin, own), second.token)).toEqual({ ok: true })
  })
})

describe('CL-51 login-form cookie', () => {
  const T0 = Date.UTC(2030, 0, 1)
  const local = { cookieHeader: undefined, encrypted: false, host: 'localhost' }

  function world() {
    const clock = fakeClock(T0)
    const sessions = createSessionManager({ secret: SECRET_A, now: clock })
    const csrf = createCsrf(sessions)
    const session = sessions.begin(local).session
    const first = csrf.token(session, local)
    const cookie = first.setCookie!.split(';')[0]!
    const tokenAt = (elapsed: number) => {
      clock.set(T0 + elapsed)
      return csrf.token(session, { ...local, cookieHeader: cookie })
    }
    const verifyAt = (token: string) =>
      csrf.verify(
        session,
        post(
          { origin: 'http://localhost:3000' },
          { ...local, cookieHeader: cookie, hostHeader: 'localhost:3000' },
        ),
        token,
      )
    return { first, cookie, tokenAt, verifyAt }
  }

  it('sets an HttpOnly, SameSite=Lax cookie for one hour', () => {
    const { first } = world()
    expect(first.setCookie).toMatch(
      /^csrf=v1\.[A-Za-z0-9_-]{22}\.1893459600\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=3600; Expires=Tue, 01 Jan 2030 01:00:00 GMT$/,
    )
  })

  it('reuses the cookie while more than half of its hour is left, with a fresh token', () => {
    const { first, tokenAt, verifyAt } = world()
    const again = tokenAt(30 * MINUTE - SECOND)
    expect(again.setCookie).toBeUndefined()
    expect(again.token).not.toBe(first.token)
    expect(verifyAt(again.token)).toEqual({ ok: true })
    expect(verifyAt(first.token)).toEqual({ ok: true })
  })

  it('issues a new one-hour cookie once half of its hour has passed', () => {
    const { cookie, tokenAt } = world()
    const renewed = tokenAt(30 * MINUTE)
    expect(renewed.setCookie).toBeDefined()
    expect(renewed.setCookie!.split(';')[0]).not.toBe(cookie)
    expect(renewed.setCookie).toMatch(/; Max-Age=3600; Expires=Tue, 01 Jan 2030 01:30:00 GMT$/)
  })
})
