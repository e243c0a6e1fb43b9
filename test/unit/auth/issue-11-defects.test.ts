/**
 * Issue 11, defects 2, 4 and 5, at the library level (the demo's side is
 * `test/e2e/demo-auth-defects.test.ts`).
 *
 * - Defect 2: a login that verified the old password but commits after the password change must
 *   not survive it: the login manager records the user's credential version and refuses a session
 *   whose version is older than the user's, at login commit and on every load.
 * - Defect 4: sign-up attempts are limited per IP group, atomically (a concurrent burst cannot pass
 *   all at once), and the hash limiter keeps capacity for login verification.
 * - Defect 5: the per-account lock is bounded (escalating, with a ceiling), tells the true wait,
 *   and a known device of the owner is not locked out by an attacker's failures.
 */
import { describe, expect, it } from 'vitest'
import { createLoginManager } from '../../../src/auth/login-manager.js'
import { createRateLimit, createThrottle, type Throttle } from '../../../src/auth/throttle.js'
import { memoryThrottle } from '../../../src/stores/memory/throttle.js'
import { createHashLimiter, defaultHashLimiter } from '../../../src/crypto/hash-limiter.js'
import { createSessionManager } from '../../../src/index.js'
import { memoryStore } from '../../../src/stores/memory/index.js'
import { ThrottledError } from '../../../src/errors.js'
import { cookieJar, LOCAL, request } from '../../helpers/jar.js'
import { DAY, fakeClock, HOUR, MINUTE } from '../../helpers/clock.js'
import { SECRET_A } from '../../helpers/secrets.js'

interface User {
  id: string
  name: string
  generation: number
}

function world(mode: 'cookie' | 'store') {
  const clock = fakeClock()
  const store = mode === 'store' ? memoryStore({ now: clock }) : undefined
  const sessions = createSessionManager({
    secret: SECRET_A,
    now: clock,
    ...(store === undefined ? {} : { store }),
  })
  const users = new Map<string, User>([['1', { id: '1', name: 'alice', generation: 1 }]])
  const auth = createLoginManager<User>({
    sessions,
    loadUser: (id) => users.get(id),
    credentialVersion: (user) => user.generation,
  })
  const whoami = async (jar: ReturnType<typeof cookieJar>) =>
    (await request(sessions, jar, (h) => auth.currentUser(h.session))).value?.name
  /** The password changes: the stored user gets the next generation (what the app saves). */
  const changePassword = () => {
    const old = users.get('1')!
    users.set('1', { ...old, generation: old.generation + 1 })
  }
  return { clock, store, sessions, auth, users, whoami, changePassword }
}

for (const mode of ['store', 'cookie'] as const) {
  describe(`defect 2 (${mode} sessions): a password change ends logins that race it`, () => {
    it('defect 2: a login committed after the change with the old credentials is refused at commit', async () => {
      const w = world(mode)
      const verified = w.users.get('1')! // the app checked the old password against this record
      w.changePassword() // …and the password changed before the login committed
      const jar = cookieJar()
      const { value } = await request(w.sessions, jar, (h) => w.auth.login(h.session, verified))
      expect(value).toBe(false)
      expect(await w.whoami(jar)).toBeUndefined()
    })

    it('defect 2: a session written with the old credential version is rejected on load', async () => {
      const w = world(mode)
      const racing = cookieJar()
      const keep = cookieJar()
      await request(w.sessions, keep, (h) => w.auth.login(h.session, w.users.get('1')!))
      // The racing login passes the commit check, but its session is written after the change.
      const handle = w.sessions.begin({ ...LOCAL, cookieHeader: racing.header() })
      await handle.load()
      await w.auth.login(handle.session, w.users.get('1')!)
      w.changePassword()
      await request(w.sessions, keep, (h) => w.auth.passwordChanged(h.session))
      racing.apply(await handle.commit())
      expect(racing.header()).toBeDefined()
      expect(await w.whoami(racing)).toBeUndefined()
      // The session that changed the password carries the new version and stays signed in.
      expect(await w.whoami(keep)).toBe('alice')
      expect(await w.whoami(keep)).toBe('alice')
    })

    it('defect 2: a fresh login with the new credentials is accepted', async () => {
      const w = world(mode)
      w.changePassword()
      const jar = cookieJar()
      const { value } = await request(w.sessions, jar, (h) =>
        w.auth.login(h.session, w.users.get('1')!),
      )
      expect(value).toBe(true)
      expect(await w.whoami(jar)).toBe('alice')
    })
  })
}

describe('defect 4: sign-up is limited per IP and cannot starve login hashing', () => {
  it('defect 4: a concurrent burst of sign-ups from one IP is cut at the limit, atomically', async () => {
    const clock = fakeClock()
    const limit = createRateLimit({
      store: memoryThrottle(),
      now: clock,
      limit: 5,
      windowMs: HOUR,
    })
    const decisions = await Promise.all(
      Array.from({ length: 70 }, () => limit.take('198.51.100.66')),
    )
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5)
    const refused = decisions.filter((d) => !d.allowed)
    expect(refused).toHaveLength(65)
    expect(refused.every((d) => d.retryAfter === 3600)).toBe(true)
    // Another network is not affected; an IPv6 host cannot rotate inside its /64.
    expect((await limit.take('203.0.113.5')).allowed).toBe(true)
    for (let i = 0; i < 5; i += 1) await limit.take(`2001:db8:1:2::${i + 1}`)
    expect((await limit.take('2001:db8:1:2::ffff')).allowed).toBe(false)
    clock.advance(HOUR)
    expect((await limit.take('198.51.100.66')).allowed).toBe(true)
  })

  it('defect 4: a flood of hashing cannot make login verification wait or fail', async () => {
    const limiter = createHashLimiter({
      maxConcurrent: 2,
      queueTimeoutMs: 200,
      lanes: { verify: { reserved: 1 }, hash: {} },
    })
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('hash'), 50))
    const flood = Array.from({ length: 70 }, () =>
      limiter.run(slow, 'hash').catch((err: unknown) => err),
    )
    const started = Date.now()
    const logins = await Promise.all(
      Array.from({ length: 3 }, () => limiter.run(() => Promise.resolve('ok'), 'verify')),
    )
    expect(logins).toEqual(['ok', 'ok', 'ok'])
    expect(Date.now() - started).toBeLessThan(40)
    await Promise.all(flood)
  })

  it('defect 4: the default limiter keeps slots for verification apart from hashing', () => {
    const limiter = defaultHashLimiter()
    expect(limiter.reserved('verify')).toBe(Math.floor(limiter.maxConcurrent / 2))
  })
})

describe('defect 5: the account lock is bounded and does not lock out the owner', () => {
  const T0 = Date.UTC(2030, 0, 1)
  function setup(): { clock: { now: number }; throttle: Throttle } {
    const clock = { now: T0 }
    return {
      clock,
      throttle: createThrottle({ store: memoryThrottle(), now: () => clock.now }),
    }
  }
  async function waitOf(throttle: Throttle, subject: { account: string; ip: string }) {
    try {
      await throttle.check(subject)
      return 0
    } catch (err) {
      if (!(err instanceof ThrottledError)) throw err
      return err.retryAfter
    }
  }
  /** 100 failures for alice from 20 IPs, five each: the per-IP and per-pair limits never trigger. */
  async function spray(throttle: Throttle, from = 0) {
    for (let i = 0; i < 100; i += 1) {
      await throttle.fail({ account: 'alice', ip: `10.${from}.${Math.floor(i / 5)}.1` })
    }
  }

  it('defect 5: 100 failures from 20 IPs lock for 15 minutes, and the wait given is the true one', async () => {
    const { clock, throttle } = setup()
    await spray(throttle)
    const owner = { account: 'alice', ip: '192.0.2.200' }
    expect(await waitOf(throttle, owner)).toBe(900)
    clock.now += 5 * MINUTE
    expect(await waitOf(throttle, owner)).toBe(600)
    clock.now += 10 * MINUTE
    expect(await waitOf(throttle, owner)).toBe(0)
  })

  it('defect 5: each further failure doubles the lock, up to 24 hours, never for good', async () => {
    const { clock, throttle } = setup()
    await spray(throttle)
    const attacker = { account: 'alice', ip: '198.51.100.7' }
    const waits: number[] = []
    for (let i = 0; i < 12; i += 1) {
      const wait = await waitOf(throttle, { account: 'alice', ip: `172.16.${i}.1` })
      waits.push(wait)
      clock.now += wait * 1000
      await throttle.fail({ ...attacker, ip: `172.16.${i}.1` })
    }
    expect(waits).toEqual([
      900, 1800, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400, 86_400, 86_400, 86_400,
    ])
    clock.now += DAY
    expect(await waitOf(throttle, attacker)).toBe(0)
  })

  it('defect 5: a known device of the owner is not locked by the attacker’s failures', async () => {
    const { throttle } = setup()
    await spray(throttle)
    const device = { account: 'alice', ip: '192.0.2.200', device: 'owner-laptop' }
    expect(await throttle.status(device)).toEqual({ allowed: true, retryAfter: 0 })
    // Other devices and unknown ones stay locked; the owner's success does not lift the lock.
    await throttle.succeed(device)
    expect(await waitOf(throttle, { account: 'alice', ip: '192.0.2.200' })).toBe(900)
    // A device token is no master key: after 10 failures of its own it is locked like the rest.
    const stolen = { account: 'alice', ip: '198.51.100.9', device: 'stolen' }
    for (let i = 0; i < 10; i += 1) {
      await throttle.fail({ ...stolen, ip: `198.51.${100 + i}.9` })
    }
    expect((await throttle.status(stolen)).allowed).toBe(false)
    expect((await throttle.status(device)).allowed).toBe(true)
  })
})
