/**
 * The warnings the in-memory stores give once per process under NODE_ENV=production (CL-82, and
 * issue 11's defect 9). "Once per process" is module state, so each test loads the modules afresh
 * (vi.resetModules and a dynamic import).
 *
 * These tests live apart from the stores' other tests because they reload modules: the mutation
 * run (vitest.stryker.config.mjs) leaves `*.reload.test.ts` out, since a test that reloads a
 * module claims every mutant of that module's top-level code and, run alone, can never see one
 * (docs/testing.md, "Static mutants"). `npm test` runs them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'

import { fakeClock, HOUR } from '../helpers/clock.js'
import { cookieJar, request } from '../helpers/jar.js'
import { SECRET_A } from '../helpers/secrets.js'

const T0 = Date.UTC(2030, 0, 1)

interface User {
  id: string
}

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

/** Swallows process warnings and records them. */
const warnings = () => vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)

/** The codes of the process warnings `spy` saw. */
function codesOf(spy: { mock: { calls: unknown[][] } }): unknown[] {
  return spy.mock.calls.map((call) => {
    const options = call[1] as { code?: string } | string | undefined
    return typeof options === 'object' ? options.code : call[2]
  })
}

describe('memory session store', () => {
  it('CL-82 warns once when created under NODE_ENV=production', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.resetModules()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const fresh = await import('../../src/stores/memory/index.js')
    fresh.memoryStore()
    fresh.memoryStore()
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/memory session store.*production/)
  })

  it('does not warn outside production, or when told not to', async () => {
    vi.resetModules()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const fresh = await import('../../src/stores/memory/index.js')
    vi.stubEnv('NODE_ENV', 'development')
    fresh.memoryStore()
    vi.stubEnv('NODE_ENV', 'production')
    fresh.memoryStore({ warnInProduction: false })
    expect(warn).not.toHaveBeenCalled()
  })
})

describe('memory revocation store', () => {
  it('says once, under NODE_ENV=production, that logouts in memory are lost on restart', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.resetModules()
    const warn = warnings()
    const fresh = await import('../../src/stores/memory/revocations.js')
    const store = fresh.memoryRevocations({ now: fakeClock(T0) })
    void store.isRevoked('h', 'u', T0)
    void store.revokeSession('h', T0 + HOUR)
    expect(warn.mock.calls).toEqual([
      [
        'tessera: sealed-cookie sessions are revoked in memory (memoryRevocations, the default ' +
          'of createLoginManager). A restart forgets every logout, so a logged-out cookie is ' +
          'accepted again until it expires, and other processes never see them. Pass a shared ' +
          'store as `revocations`: sqliteRevocations, redisRevocations or postgresRevocations ' +
          '(SQLite/Redis/PostgreSQL).',
        { code: 'TESSERA_MEMORY_REVOCATIONS' },
      ],
    ])
  })
})

describe('defect 9: the in-memory default says that logout needs a shared store', () => {
  /** A sealed-cookie login and a request that loads the user, on fresh modules. */
  async function signInAndCheck(options: { store?: boolean; warnInProduction?: boolean } = {}) {
    const { createSessionManager: create } = await import('../../src/index.js')
    const { createLoginManager: login } = await import('../../src/auth/login-manager.js')
    const { memoryRevocations: memory } = await import('../../src/stores/memory/revocations.js')
    const { memoryStore: store } = await import('../../src/stores/memory/index.js')
    const sessions = create({
      secret: SECRET_A,
      ...(options.store === true ? { store: store({ warnInProduction: false }) } : {}),
    })
    const auth = login<User>({
      sessions,
      loadUser: (id) => ({ id }),
      ...(options.warnInProduction === undefined
        ? {}
        : { revocations: memory({ warnInProduction: options.warnInProduction }) }),
    })
    const jar = cookieJar()
    await request(sessions, jar, (h) => auth.login(h.session, { id: 'alice' }))
    const user = await request(sessions, jar, (h) => auth.currentUser(h.session))
    expect(user.value?.id).toBe('alice')
    await request(sessions, jar, (h) => auth.logout(h.session))
  }

  it('defect 9: sealed-cookie sessions on the default store warn once per process under NODE_ENV=production (TESSERA_MEMORY_REVOCATIONS)', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.resetModules()
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    await signInAndCheck()
    await signInAndCheck()
    const ours = warn.mock.calls.filter((_, i) => codesOf(warn)[i] === 'TESSERA_MEMORY_REVOCATIONS')
    expect(ours).toHaveLength(1)
    expect(String(ours[0]?.[0])).toMatch(/restart/)
    expect(String(ours[0]?.[0])).toMatch(/SQLite|Redis|PostgreSQL/)
  })

  it('defect 9: no warning outside production, with server-side sessions, or when told not to', async () => {
    vi.resetModules()
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    vi.stubEnv('NODE_ENV', 'development')
    await signInAndCheck()
    vi.stubEnv('NODE_ENV', 'production')
    await signInAndCheck({ store: true })
    await signInAndCheck({ warnInProduction: false })
    expect(codesOf(warn)).not.toContain('TESSERA_MEMORY_REVOCATIONS')
  })
})
