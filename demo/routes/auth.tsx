/**
 * Sign-up, log-in and log-out (docs/demo.md, "Pages and routes").
 *
 * - `POST /signup`: `username`, `password` → 303 to `/`, signed in, flash `Welcome, <username>!`;
 *   more than 20 sign-ups from one network within an hour get 429 with `Retry-After` before any
 *   hashing (issue 11 defect 4).
 * - `POST /login`: `username`, `password`, `remember=on`, optional `?next=` → 303 to `next` or
 *   `/`, flash `Login successful!`; unknown user and wrong password get the same 401 page;
 *   throttled attempts get 429 with `Retry-After` (the true wait) before any password is checked.
 *   A browser that signed in to the account before (its `device` cookie) is not held by the
 *   per-account lock (issue 11 defect 5, `sign-in-protection.ts`).
 * - `POST /logout` → 303 to `/`, flash `You have been logged out`.
 *
 * @module
 */
import type { Hono } from 'hono'
import {
  checkPasswordPolicy,
  dummyVerify,
  hashPassword,
  needsRehash,
  verifyPassword,
} from 'tessera-session/crypto'
import { safeNext } from 'tessera-session/auth'
import { PasswordHashBusyError, PasswordPolicyError } from 'tessera-session/errors'
import { clientIp, formOf, sessionOf, viewOf, type RouteDeps } from '../context.js'
import type { SignInProtection } from '../sign-in-protection.js'
import {
  normalizeUsername,
  usernameProblem,
  UsernameTakenError,
  type User,
} from '../users/user-repository.js'
import { LoginPage, LogoutPage, SignupPage, type SignupErrors } from '../views/auth-pages.js'

/** The one message for every failed login, whatever the cause (CL-40). */
export const LOGIN_FAILED = 'Invalid username or password.'

/** Register the sign-up, log-in and log-out routes. */
export function authRoutes(app: Hono, deps: RouteDeps, protection: SignInProtection): void {
  const { auth, users, throttle } = deps
  const { devices, signups } = protection

  app.get('/signup', async (c) => c.html(<SignupPage view={await viewOf(c, deps)} />))

  app.post('/signup', async (c) => {
    const form = await formOf(c)
    const username = normalizeUsername(form('username'))
    const password = form('password')
    const errors: SignupErrors = {}
    const nameProblem = usernameProblem(username)
    if (nameProblem !== undefined) errors.username = nameProblem
    try {
      checkPasswordPolicy(password, { context: [username, 'tessera'] })
    } catch (err) {
      if (!(err instanceof PasswordPolicyError)) throw err
      errors.password = err.message
    }
    let user: User | undefined
    let status: 409 | 422 = 422
    if (errors.username === undefined && errors.password === undefined) {
      // Counted before the username lookup and the hashing, atomically: a burst is cut at the limit.
      const ip = clientIp(c)
      const decision = await signups.take(ip)
      if (!decision.allowed) {
        deps.log.warn({ event: 'signup-throttled', ip, retryAfter: decision.retryAfter }, 'auth')
        c.header('retry-after', String(decision.retryAfter))
        const form = `Too many sign-ups from your network. Please wait ${waitText(decision.retryAfter)} and try again.`
        const view = await viewOf(c, deps)
        return c.html(<SignupPage view={view} username={username} errors={{ form }} />, 429)
      }
      try {
        if ((await users.byUsername(username)) !== undefined) throw new UsernameTakenError()
        const passwordHash = await hashPassword(password)
        user = await users.create({ username, passwordHash, createdAt: deps.now() })
      } catch (err) {
        if (!(err instanceof UsernameTakenError)) throw err
        errors.username = 'That username is taken. Please choose another one.'
        status = 409
      }
    }
    if (user === undefined) {
      errors.form = 'Please fix the problems below.'
      const view = await viewOf(c, deps)
      return c.html(<SignupPage view={view} username={username} errors={errors} />, status)
    }
    const session = sessionOf(c)
    await users.recordLogin(user.id, deps.now())
    await auth.login(session, user, { remember: false })
    devices.remember(c, user.username)
    session.set('previousLoginAt', null)
    session.flash(`Welcome, ${user.username}!`, 'success')
    return c.redirect('/', 303)
  })

  app.get('/login', async (c) => {
    const next = c.req.query('next')
    return c.html(<LoginPage view={await viewOf(c, deps)} next={next} />)
  })

  app.post('/login', async (c) => {
    const nextParam = c.req.query('next')
    const form = await formOf(c)
    const typed = form('username')
    const username = normalizeUsername(typed)
    const password = form('password')
    const remember = form('remember') === 'on'
    const device = devices.of(c, username)
    const subject = { account: username, ip: clientIp(c), device }
    const again = async (status: 401 | 429, error: string) =>
      c.html(
        <LoginPage
          view={await viewOf(c, deps)}
          next={nextParam}
          username={typed.trim()}
          remember={remember}
          error={error}
        />,
        status,
      )

    const decision = await throttle.status(subject)
    if (!decision.allowed) {
      // CL-48: a throttled attempt is an audit event too (no username: it may be anything).
      deps.log.warn(
        { event: 'login-throttled', ip: subject.ip, retryAfter: decision.retryAfter },
        'auth',
      )
      c.header('retry-after', String(decision.retryAfter))
      return again(
        429,
        `Too many failed attempts. Please wait ${waitText(decision.retryAfter)} and try again.`,
      )
    }
    const user =
      usernameProblem(username) === undefined ? await users.byUsername(username) : undefined
    let ok: boolean
    try {
      // Unknown users cost one dummy verification, so both failures take the same time (CL-41).
      ok =
        user === undefined
          ? await dummyVerify(password)
          : await verifyPassword(user.passwordHash, password)
    } catch (err) {
      if (!(err instanceof PasswordPolicyError)) throw err
      ok = false // over 1 024 bytes: refused before any hashing (CL-37)
    }
    if (!ok || user === undefined) {
      await throttle.fail(subject)
      auth.loginFailed(username, subject.ip)
      return again(401, LOGIN_FAILED)
    }
    await throttle.succeed(subject)
    if (needsRehash(user.passwordHash)) {
      try {
        // CL-36. Only if the hash is still the one just verified: never undo a password change.
        const upgraded = await hashPassword(password)
        await users.setPasswordHash(user.id, upgraded, { rehashOf: user.passwordHash })
      } catch (err) {
        if (!(err instanceof PasswordHashBusyError)) throw err // the upgrade can wait a login
      }
    }
    await users.recordLogin(user.id, deps.now())
    const session = sessionOf(c)
    if (!(await auth.login(session, user, { remember }))) {
      // The password changed since it was checked (issue 11 defect 2): this one is no longer it.
      return again(401, LOGIN_FAILED)
    }
    devices.remember(c, user.username)
    session.set('previousLoginAt', user.lastLoginAt)
    session.flash('Login successful!', 'success')
    return c.redirect(safeNext(nextParam), 303)
  })

  app.get('/logout', async (c) => {
    const view = await viewOf(c, deps)
    if (view.username === undefined) return c.redirect('/', 303)
    return c.html(<LogoutPage view={view} />)
  })

  app.post('/logout', async (c) => {
    const session = sessionOf(c)
    await auth.logout(session)
    session.flash('You have been logged out', 'info')
    c.header('clear-site-data', '"cache"')
    return c.redirect('/', 303)
  })
}

/** "42 seconds", "3 minutes", "2 hours": never less than the true wait. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 90) return `${minutes} minutes`
  return `${Math.ceil(minutes / 60)} hours`
}
