/**
 * A sealed-cookie app served by `Bun.serve` or `Deno.serve` whose login manager checks revocations
 * in a live view shared by every process of the test: `redisLiveRevocations` on an ioredis client
 * (`{ backend: 'redis', redisUrl, redisPrefix }`) or `postgresLiveRevocations` on a `pg` Pool
 * (`{ backend: 'postgres', postgresUrl, postgresTable }`, the table name used as the prefix of the
 * view's two tables and of its channel). Built from the package (`dist/`) as an app would write it.
 *
 * POST /login signs in as `?user=` (no password: the test is about revocation, not sign-in),
 * POST /cart stores `?item=` in the session, GET /state answers `{ user, cart, isNew }` for the
 * session the cookie opened, POST /logout logs out, POST /destroy calls `session.destroy()`, and
 * GET /status answers the view's `status()`.
 */
/* global Response -- a Web API of Bun and Deno */
import { fetchSessions } from '../../../dist/adapters/fetch/index.js'
import { createLoginManager } from '../../../dist/auth/index.js'
import { createSessionManager } from '../../../dist/index.js'
import { readConfig, serve } from './serve.mjs'

const config = readConfig()
const revocations = await liveView(config)
// No store: sealed-cookie sessions, whose revocation the login manager checks as they load.
const manager = createSessionManager({ secret: config.secret })
const tessera = fetchSessions(manager)
const auth = createLoginManager({
  sessions: manager,
  loadUser: (id) => ({ id, name: id }),
  revocations,
})

const param = (request, name) => new URL(request.url).searchParams.get(name) ?? ''

const routes = {
  'POST /login': async (request, { session }) => {
    await auth.login(session, { id: param(request, 'user'), name: param(request, 'user') })
    return new Response('signed in')
  },
  'POST /cart': (request, { session }) => {
    session.set('cart', param(request, 'item'))
    return new Response('added')
  },
  'GET /state': async (_request, { session }) => {
    const user = await auth.currentUser(session)
    return Response.json({
      user: user?.name ?? null,
      cart: session.get('cart') ?? null,
      isNew: session.isNew,
    })
  },
  'POST /logout': async (_request, { session }) => {
    await auth.logout(session)
    return new Response('signed out')
  },
  'POST /destroy': async (_request, { session }) => {
    await session.destroy()
    return new Response('destroyed')
  },
  'GET /status': () => new Response(revocations.status()),
}

serve(
  tessera.wrap((request, context) => {
    const route = routes[`${request.method} ${new URL(request.url).pathname}`]
    return route === undefined
      ? new Response('not found', { status: 404 })
      : route(request, context)
  }),
)

/** The live revocation view of the configured backend, on the user's own client. */
async function liveView(options) {
  if (options.backend === 'redis') {
    const { default: Redis } = await import('ioredis')
    const { redisLiveRevocations } = await import('../../../dist/stores/redis/index.js')
    const client = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 })
    return redisLiveRevocations(client, { prefix: options.redisPrefix })
  }
  if (options.backend === 'postgres') {
    const { default: pg } = await import('pg')
    const { postgresLiveRevocations } = await import('../../../dist/stores/postgres/index.js')
    // One client more than the queries need: the listener holds one for the view's life.
    const pool = new pg.Pool({
      connectionString: options.postgresUrl,
      max: 4,
      connectionTimeoutMillis: 2000,
    })
    const name = options.postgresTable
    return postgresLiveRevocations(pool, {
      handlesTable: `${name}_handles`,
      usersTable: `${name}_users`,
      channel: `${name}_events`,
    })
  }
  throw new Error(`live revocations need backend redis or postgres, not ${String(options.backend)}`)
}
