import { describe, expect, it } from 'vitest'
import { createCsrf } from '../../../src/auth/csrf-protection.js'
import { createSessionManager } from '../../../src/index.js'
import { SECRET_A } from '../../helpers/secrets.js'

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
      {
        method: 'POST',
        origin: 'http://bad host^',
        cookieHeader: undefined,
        encrypted: false,
        host: 'bad host^',
        hostHeader: 'bad host^',
      },
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
      {
        method: 'POST',
        origin: 'http://localhost:3000',
        contentType: 'application/x-www-form-urlencoded',
        cookieHeader: cookie,
        encrypted: false,
        host: 'localhost',
        hostHeader: 'localhost:3000',
      },
      issued.token,
    )
    expect(verdict).toEqual({ ok: true })
  })
})
