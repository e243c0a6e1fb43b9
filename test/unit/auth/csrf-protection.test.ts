import { describe, expect, it } from 'vitest'
import { createCsrf } from '../../../src/auth/csrf-protection.js'
import { createSessionManager, type HttpRequest } from '../../../src/index.js'
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
