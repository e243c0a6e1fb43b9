/**
 * The sign-in behaviours, written once; `auth-express.test.ts` and `auth-hono.test.ts` mount them
 * with each framework's own guards and CSRF middleware.
 */
import {
  createLoginManager,
  createThrottle,
  memoryThrottle,
  safeNext,
} from '../../src/auth/index.js'
import type { LoginManager, Throttle } from '../../src/auth/index.js'
import {
  createSessionManager,
  type Session,
  type SessionManager,
  type TrustProxy,
} from '../../src/index.js'
import { ThrottledError } from '../../src/errors.js'
import { memoryStore, type MemoryStore } from '../../src/stores/memory/index.js'
import { fakeClock, type FakeClock } from '../helpers/clock.js'
import { SECRET_A } from '../helpers/secrets.js'

export interface User {
  id: string
  name: string
  password: string
}

export interface AuthWorld {
  clock: FakeClock
  store: MemoryStore | undefined
  sessions: SessionManager
  auth: LoginManager<User>
  throttle: Throttle
  users: Map<string, User>
}

export type Reply =
  | { kind: 'text'; status: number; body: string }
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'redirect'; location: string }

export function makeWorld(
  mode: 'cookie' | 'store',
  options: { trustProxy?: TrustProxy } = {},
): AuthWorld {
  const clock = fakeClock(Date.now())
  const store = mode === 'store' ? memoryStore({ now: clock }) : undefined
  const sessions = createSessionManager({
    secret: SECRET_A,
    now: clock,
    ...options,
    ...(store === undefined ? {} : { store }),
  })
  const users = new Map<string, User>([
    ['1', { id: '1', name: 'alice', password: 'correct horse battery' }],
    ['2', { id: '2', name: 'bob', password: 'another long secret' }],
  ])
  const auth = createLoginManager<User>({ sessions, loadUser: (id) => users.get(id) })
  const throttle = createThrottle({ store: memoryThrottle(), now: clock })
  return { clock, store, sessions, auth, throttle, users }
}

const FAILED = 'Invalid username or password.'

export async function login(
  world: AuthWorld,
  session: Session,
  form: Record<string, string>,
  ip: string,
): Promise<Reply> {
  const account = (form.username ?? '').toLowerCase()
  try {
    await world.throttle.check({ account, ip })
  } catch (err) {
    if (err instanceof ThrottledError)
      return { kind: 'text', status: 429, body: `retry:${err.retryAfter}` }
    throw err
  }
  const user = [...world.users.values()].find((u) => u.name === account)
  if (user === undefined || user.password !== form.password) {
    await world.throttle.fail({ account, ip })
    world.auth.loginFailed(account, ip)
    return { kind: 'text', status: 401, body: FAILED }
  }
  await world.throttle.succeed({ account, ip })
  await world.auth.login(session, user, { remember: form.remember === 'on' })
  session.flash('Login successful!', 'success')
  return { kind: 'redirect', location: safeNext(form.next) }
}

export async function me(world: AuthWorld, session: Session): Promise<Reply> {
  const user = await world.auth.currentUser(session)
  return { kind: 'text', status: 200, body: user?.name ?? 'anonymous' }
}

export async function logout(world: AuthWorld, session: Session): Promise<Reply> {
  await world.auth.logout(session)
  return { kind: 'redirect', location: '/' }
}

export async function reauth(
  world: AuthWorld,
  session: Session,
  form: Record<string, string>,
): Promise<Reply> {
  const user = await world.auth.currentUser(session)
  if (user === undefined || user.password !== form.password)
    return { kind: 'text', status: 401, body: FAILED }
  await world.auth.confirm(session)
  return { kind: 'redirect', location: safeNext(form.next) }
}

export async function listSessions(world: AuthWorld, session: Session): Promise<Reply> {
  return { kind: 'json', status: 200, body: await world.auth.listSessions(session) }
}

export async function revokeOthers(world: AuthWorld, session: Session): Promise<Reply> {
  const count = await world.auth.revokeOtherSessions(session)
  return { kind: 'text', status: 200, body: String(count) }
}

export async function changePassword(
  world: AuthWorld,
  session: Session,
  form: Record<string, string>,
): Promise<Reply> {
  const user = await world.auth.currentUser(session)
  if (user === undefined || user.password !== form.current_password)
    return { kind: 'text', status: 401, body: FAILED }
  user.password = form.new_password ?? ''
  await world.auth.passwordChanged(session)
  return { kind: 'redirect', location: '/account' }
}

export function account(): Reply {
  return { kind: 'text', status: 200, body: 'account page' }
}
