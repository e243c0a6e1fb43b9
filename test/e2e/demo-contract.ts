/**
 * Runs a block of HTTP contract tests (docs/demo.md, "Pages and routes") against the built demo in both
 * configurations: the zero-set-up SQLite default (one process), Redis + PostgreSQL with two
 * processes sharing one user's session, and the same two processes with sealed-cookie sessions
 * (`SESSION_BACKEND=cookie`: logouts and revocations pushed between them through Redis). Tests start on process A and continue on process B
 * wherever a step can cross processes (B is A in the SQLite configuration).
 */
import { afterAll, beforeAll, describe } from 'vitest'
import { startPostgres, startRedis } from '../helpers/services.js'
import { Client, startDemo, type DemoProcess } from './demo-harness.js'

const SECRET = 'k4Zr9Qw2Lm7Tx1Vb8Nc3Hy6Jd0Fs5Gp2Ra9Ue4Wo7Ii'

/** The two processes of a configuration. */
export interface Pair {
  /** The process a test starts on. */
  a: DemoProcess
  /** The process it continues on (the same one in the SQLite configuration). */
  b: DemoProcess
}

/** What a contract test gets. */
export interface Contract {
  /** Fresh clients on A and B, or `undefined` when the configuration is skipped. */
  clients(): { onA: Client; onB: Client; pair: Pair } | undefined
  /** The same browser (its cookies) talking to another process. */
  moveTo(from: Client, url: string): Client
  /** A username nobody has used yet. */
  user(): string
  /** Sessions are sealed cookies (`SESSION_BACKEND=cookie`): the server lists only the current one. */
  readonly sealed: boolean
}

type Start = () => Promise<{ pair: Pair; stop: () => Promise<void> } | undefined>

/** Two demo processes sharing a fresh Redis and PostgreSQL, with `env` on top. */
function twoProcesses(env: Record<string, string> = {}): Start {
  return async () => {
    const [redis, postgres] = await Promise.all([startRedis(), startPostgres()])
    if (redis === undefined || postgres === undefined) {
      await Promise.all([redis?.stop(), postgres?.stop()])
      return undefined
    }
    const shared = { TESSERA_SECRET: SECRET, REDIS_URL: redis.url, DATABASE_URL: postgres.url }
    const [a, b] = await Promise.all([
      startDemo({ ...shared, ...env }),
      startDemo({ ...shared, ...env }),
    ])
    return {
      pair: { a, b },
      stop: async () => {
        await Promise.all([a.stop(), b.stop()])
        await Promise.all([redis.stop(), postgres.stop()])
      },
    }
  }
}

const CONFIGURATIONS: [string, Start, { sealed: boolean }?][] = [
  [
    'SQLite (zero set-up)',
    async () => {
      const a = await startDemo()
      return { pair: { a, b: a }, stop: async () => void (await a.stop()) }
    },
  ],
  ['Redis + PostgreSQL, two processes', twoProcesses()],
  [
    'sealed cookies + Redis revocations, two processes',
    twoProcesses({ SESSION_BACKEND: 'cookie' }),
    { sealed: true },
  ],
]

/** `describe` the tests of `body` once per configuration. */
export function describeDemoContract(title: string, body: (contract: Contract) => void): void {
  for (const [name, start, { sealed } = { sealed: false }] of CONFIGURATIONS) {
    describe(`${title}: ${name}`, () => {
      let pair: Pair | undefined
      let stop: (() => Promise<void>) | undefined
      let counter = 0
      beforeAll(async () => {
        const started = await start()
        pair = started?.pair
        stop = started?.stop
      }, 120_000)
      afterAll(async () => stop?.(), 60_000)
      body({
        clients: () =>
          pair === undefined
            ? undefined
            : { onA: new Client(pair.a.url), onB: new Client(pair.b.url), pair },
        moveTo: (from, url) => {
          const to = new Client(url)
          for (const [k, v] of from.cookies) to.cookies.set(k, v)
          return to
        },
        user: () => `user${++counter}_${Date.now() % 100_000}`,
        sealed,
      })
    })
  }
}
