/**
 * The demo's fresh-login guard (CL-45), in-process with a fake clock: a login older than ten
 * minutes must confirm the password before the account page or a password change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessDemo, type InProcessDemo } from './demo-inprocess.js'

const PASSWORD = 'saffron-glacier-willow'
const CONFIRM = '/account/confirm?next=%2Faccount'

describe('the demo’s fresh-login guard', () => {
  let demo: InProcessDemo
  beforeAll(async () => {
    demo = await inProcessDemo()
    const signup = await demo.post('/signup', '/signup', {
      username: 'fresh_user',
      password: PASSWORD,
    })
    expect(signup.status).toBe(303)
  })
  afterAll(() => demo.close())

  it('CL-45 lets a fresh login into /account', async () => {
    const page = await demo.request('/account')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Change password')
  })

  it('CL-45 sends a login older than ten minutes to "confirm your password" first', async () => {
    demo.advance(11 * 60_000)
    const account = await demo.request('/account')
    expect(account.status).toBe(303)
    expect(account.location).toBe(CONFIRM)
    expect((await demo.request(CONFIRM)).body).toContain('Confirm your password')
    const stalePost = await demo.post('/', '/account/password', {
      current_password: PASSWORD,
      new_password: 'pewter-orchid-canyon',
    })
    expect(stalePost.status).toBe(303)
    expect(stalePost.location).toBe(CONFIRM)
    const stillOld = await demo.request('/sessions')
    expect(stillOld.status).toBe(200)

    const wrong = await demo.post(CONFIRM, CONFIRM, { password: 'not-my-password' })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toContain('That is not your current password.')
    expect((await demo.request('/account')).status).toBe(303)

    const before = new Map(demo.jar)
    const right = await demo.post(CONFIRM, CONFIRM, { password: PASSWORD })
    expect(right.status).toBe(303)
    expect(right.location).toBe('/account')
    expect((await demo.request('/account')).status).toBe(200)
    // CL-23: confirming is a privilege change, so the session ID changed.
    expect(demo.jar.get('sid')).not.toBe(before.get('sid'))
  })

  it('CL-45 asks again for revoking sessions when the login is stale', async () => {
    demo.advance(11 * 60_000)
    const revoke = await demo.post('/sessions', '/sessions/revoke-others', {})
    expect(revoke.status).toBe(303)
    expect(revoke.location).toBe('/account/confirm?next=%2Fsessions')
  })

  it('CL-56 keeps the confirm page’s next on this site', async () => {
    const page = await demo.request('/account/confirm?next=%2F%2Fevil.example')
    expect(page.body).toContain('action="/account/confirm?next=%2Faccount"')
  })
})
