/**
 * The account page and its password change (docs/demo.md), behind the fresh-login guard: a login
 * older than ten minutes first gets `GET /account/confirm` ("confirm your password").
 *
 * - `POST /account/password`: `current_password`, `new_password` → the hash is replaced, every
 *   other session of the user ends and this one gets a new ID (CL-43); the user's credential
 *   version moves on, so logins that checked the old password and commit later do not live.
 * - `POST /account/confirm`: `password` → the login is fresh again (new session ID, CL-23).
 *
 * Password checks here are throttled like logins, so neither form is a password-guessing oracle.
 *
 * @module
 */
import type { Context, Hono } from 'hono'
import { checkPasswordPolicy, hashPassword, verifyPassword } from 'tessera-session/crypto'
import { safeNext } from 'tessera-session/auth'
import { PasswordPolicyError } from 'tessera-session/errors'
import { clientIp, formOf, sessionOf, viewOf, type RouteDeps } from '../context.js'
import type { SignInProtection } from '../sign-in-protection.js'
import type { User } from '../users/user-repository.js'
import { AccountPage, type PasswordErrors } from '../views/account-pages.js'
import { ConfirmPasswordPage } from '../views/auth-pages.js'
import { waitText } from './auth.js'
import type { Guards } from './guards.js'

/** Register the account routes. */
export function accountRoutes(
  app: Hono,
  deps: RouteDeps,
  guards: Guards,
  protection: SignInProtection,
): void {
  const { auth, users, throttle } = deps

  /** Check the signed-in user's password, throttled; `undefined` when it is right. */
  const checkPassword = async (
    c: Context,
    user: User,
    password: string,
  ): Promise<{ message: string; retryAfter?: number } | undefined> => {
    const device = protection.devices.of(c, user.username)
    const subject = { account: user.username, ip: clientIp(c), device }
    const decision = await throttle.status(subject)
    if (!decision.allowed) {
      const wait = waitText(decision.retryAfter)
      const message = `Too many failed attempts. Please wait ${wait} and try again.`
      return { message, retryAfter: decision.retryAfter }
    }
    let ok = false
    try {
      ok = await verifyPassword(user.passwordHash, password)
    } catch (err) {
      if (!(err instanceof PasswordPolicyError)) throw err
    }
    if (!ok) {
      await throttle.fail(subject)
      auth.loginFailed(user.username, subject.ip)
      return { message: 'That is not your current password.' }
    }
    await throttle.succeed(subject)
    return undefined
  }

  const currentUser = async (c: Context): Promise<User> => {
    const user = await auth.currentUser(sessionOf(c))
    if (user === undefined) throw new Error('guarded route reached without a user')
    return user
  }

  app.get('/account', guards.fresh(), async (c) => {
    const user = await currentUser(c)
    return c.html(
      <AccountPage
        view={await viewOf(c, deps)}
        username={user.username}
        memberSince={user.createdAt}
      />,
    )
  })

  app.post('/account/password', guards.fresh('/account'), async (c) => {
    const user = await currentUser(c)
    const form = await formOf(c)
    const current = form('current_password')
    const next = form('new_password')
    const errors: PasswordErrors = {}
    try {
      checkPasswordPolicy(next, { context: [user.username, 'tessera'] })
      if (next === current) errors.next = 'Choose a password different from your current one.'
    } catch (err) {
      if (!(err instanceof PasswordPolicyError)) throw err
      errors.next = err.message
    }
    const refused = await checkPassword(c, user, current)
    if (refused !== undefined) errors.current = refused.message
    if (errors.current !== undefined || errors.next !== undefined) {
      errors.form = 'Your password was not changed.'
      if (refused?.retryAfter !== undefined) c.header('retry-after', String(refused.retryAfter))
      const status = refused?.retryAfter === undefined ? 422 : 429
      return c.html(
        <AccountPage
          view={await viewOf(c, deps)}
          username={user.username}
          memberSince={user.createdAt}
          errors={errors}
        />,
        status,
      )
    }
    await users.setPasswordHash(user.id, await hashPassword(next))
    const session = sessionOf(c)
    await auth.passwordChanged(session)
    session.flash('Your password has been changed. Your other sessions were logged out.', 'success')
    return c.redirect('/account', 303)
  })

  app.get('/account/confirm', guards.login(), async (c) => {
    const next = safeNext(c.req.query('next'), '/account')
    return c.html(<ConfirmPasswordPage view={await viewOf(c, deps)} next={next} />)
  })

  app.post('/account/confirm', guards.login('/account/confirm'), async (c) => {
    const user = await currentUser(c)
    const next = safeNext(c.req.query('next'), '/account')
    const form = await formOf(c)
    const refused = await checkPassword(c, user, form('password'))
    if (refused !== undefined) {
      if (refused.retryAfter !== undefined) c.header('retry-after', String(refused.retryAfter))
      const view = await viewOf(c, deps)
      return c.html(
        <ConfirmPasswordPage view={view} next={next} error={refused.message} />,
        refused.retryAfter === undefined ? 401 : 429,
      )
    }
    const session = sessionOf(c)
    await auth.confirm(session)
    return c.redirect(next, 303)
  })
}
