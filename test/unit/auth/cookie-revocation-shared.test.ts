/**
 * Two app processes (A and B) with the same secret, sealed-cookie sessions and one SQLite
 * revocation store reached through two connections to one file: whatever A revokes, B refuses.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'

import { createLoginManager, type LoginManager } from '../../../src/auth/login-manager.js'
import type { RevocationStore } from '../../../src/auth/revocation.js'
import { sqliteRevocations } from '../../../src/stores/sqlite/revocations.js'
import { createSessionManager, type Session, type SessionManager } from '../../../src/index.js'
import { fakeClock, type FakeClock, SECOND } from '../../helpers/clock.js'
import { cookieJar, type Jar, request } from '../../helpers/jar.js'
import { SECRET_A } from '../../helpers/secrets.js'

interface User {
  id: string
  name: string
}
const USERS = new Map<string, User>([
  ['1', { id: '1', name: 'alice' }],
  ['2', { id: '2', name: 'bob' }],
])
const [alice, bob] = [USERS.get('1')!, USERS.get('2')!]

interface Process {
  sessions: SessionManager
  auth: LoginManager<User>
  whoami(jar: Jar): Promise<string | undefined>
  login(jar: Jar, user: User): Promise<void>
  run(jar: Jar, use: (auth: LoginManager<User>, session: Session) => unknown): Promise<void>
}

/** One app process: its own session manager and login manager, on a shared clock. */
function processWith(clock: FakeClock, revocations?: RevocationStore): Process {
  const sessions = createSessionManager({ secret: SECRET_A, now: clock })
  const auth = createLoginManager<User>({
    sessions,
    loadUser: (id) => USERS.get(id),
    ...(revocations === undefined ? {} : { revocations }),
  })
  return {
    sessions,
    auth,
    whoami: async (jar) =>
      (await request(sessions, jar, (h) => auth.currentUser(h.session))).value?.name,
    login: async (jar, user) => {
      await request(sessions, jar, (h) => auth.login(h.session, user))
    },
    run: async (jar, use) => {
      await request(sessions, jar, (h) => use(auth, h.session))
    },
  }
}

const copyOf = (jar: Jar): Jar => {
  const copy = cookieJar()
  for (const [name, value] of jar.cookies) copy.cookies.set(name, value)
  return copy
}

describe('sealed-cookie revocation shared between two processes (SQLite)', () => {
  const opened: Database.Database[] = []
  let dir: string | undefined

  afterEach(() => {
    for (const db of opened.splice(0)) db.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  /** Processes A and B, each with its own connection to one SQLite file. */
  function twoProcesses() {
    dir = mkdtempSync(join(tmpdir(), 'tessera-shared-revocations-'))
    const file = join(dir, 'app.db')
    const clock = fakeClock()
    const [dbA, dbB] = [new Database(file), new Database(file)]
    opened.push(dbA, dbB)
    dbA.pragma('journal_mode = WAL')
    const a = processWith(clock, sqliteRevocations(dbA, { now: clock }))
    const b = processWith(clock, sqliteRevocations(dbB, { now: clock }))
    return { clock, a, b }
  }

  it('CL-24 CL-25 refuses through B a cookie copied before logging out through A', async () => {
    const { a, b } = twoProcesses()
    const browser = cookieJar()
    await a.login(browser, alice)
    const stolen = copyOf(browser)
    expect(await b.whoami(stolen)).toBe('alice') // both processes open the same cookie
    await a.run(browser, (auth, session) => auth.logout(session))
    expect(browser.cookies.size).toBe(0)
    expect(await b.whoami(stolen)).toBeUndefined()
    expect(await a.whoami(copyOf(stolen))).toBeUndefined()
  })

  it('CL-44 ends through B the other sessions that A revoked, and keeps A’s own', async () => {
    const { clock, a, b } = twoProcesses()
    const [laptop, phone, bobs] = [cookieJar(), cookieJar(), cookieJar()]
    await a.login(laptop, alice)
    await b.login(phone, alice)
    await b.login(bobs, bob)
    clock.advance(SECOND)
    await a.run(laptop, (auth, session) => auth.revokeOtherSessions(session))
    expect(await b.whoami(phone)).toBeUndefined()
    expect(await b.whoami(copyOf(laptop))).toBe('alice')
    expect(await b.whoami(bobs)).toBe('bob')
    // A later sign-in on the phone is valid again everywhere.
    clock.advance(SECOND)
    await b.login(phone, alice)
    expect(await a.whoami(phone)).toBe('alice')
  })

  it('CL-47 refuses through A every cookie of an account that B disabled', async () => {
    const { clock, a, b } = twoProcesses()
    const [one, two] = [cookieJar(), cookieJar()]
    await a.login(one, alice)
    await a.login(two, alice)
    clock.advance(SECOND)
    await b.auth.revokeAllSessions(alice.id)
    expect(await a.whoami(one)).toBeUndefined()
    expect(await a.whoami(two)).toBeUndefined()
  })

  it('without a shared store, B would still accept the copied cookie (why this store exists)', async () => {
    const clock = fakeClock()
    const [a, b] = [processWith(clock), processWith(clock)] // each keeps revocations in memory
    const browser = cookieJar()
    await a.login(browser, alice)
    const stolen = copyOf(browser)
    await a.run(browser, (auth, session) => auth.logout(session))
    expect(await a.whoami(copyOf(stolen))).toBeUndefined()
    expect(await b.whoami(stolen)).toBe('alice')
  })
})
