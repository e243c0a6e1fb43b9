/**
 * What the test servers on Bun, Deno and workerd share: their JSON configuration, the store
 * behind a switch the suite can flip over HTTP (the remote twin of `flakyStore`), and the
 * control route. Only the built package (`dist/`) is imported, as an app would.
 */
/* global Response, ReadableStream -- Web APIs of Bun, Deno and workerd */
import { StoreUnavailableError } from '../../../dist/errors.js'
import { memoryStore } from '../../../dist/stores/memory/index.js'

/** The control route: only these test servers have it. */
export const CONTROL_PATH = '/__tessera_test/control'

const STORE_METHODS = [
  'get',
  'create',
  'update',
  'touch',
  'destroy',
  'listByUser',
  'destroyByUser',
  'purgeExpired',
  'close',
]

/**
 * Wrap a store so that every call fails while `state.down` is true, and `create` fails while
 * `state.failCreate` is true.
 */
export function switchedStore(inner, state) {
  const wrapped = {}
  for (const method of STORE_METHODS) {
    if (typeof inner[method] !== 'function') continue
    wrapped[method] = (...args) => {
      if (state.down || (method === 'create' && state.failCreate)) {
        return Promise.reject(new StoreUnavailableError())
      }
      return inner[method](...args)
    }
  }
  Object.defineProperty(wrapped, 'name', { value: `switched ${String(inner.name)}` })
  return wrapped
}

/**
 * The session options of a JSON configuration `{ backend, secret, redisUrl?, redisPrefix?,
 * postgresUrl?, postgresTable? }` and the switch state of its store. `stores.redis(config)` and
 * `stores.postgres(config)` build the Redis and PostgreSQL stores (servers/redis.mjs,
 * servers/postgres.mjs); the Worker passes none, so it never loads ioredis or pg.
 */
export async function sessionOptions(config, stores = {}) {
  const state = { down: false, failCreate: false }
  const options = { secret: config.secret }
  const build = stores[config.backend]
  if (config.backend === 'memory') {
    options.store = switchedStore(memoryStore(), state)
  } else if (build !== undefined) {
    options.store = switchedStore(await build(config), state)
  } else if (config.backend !== 'cookie') {
    throw new Error(`unknown backend ${String(config.backend)}`)
  }
  return { options, state }
}

/** Answer `POST CONTROL_PATH` with `{ down?, failCreate? }` by flipping the store switch. */
export async function control(request, state) {
  if (request.method !== 'POST') return new Response('method not allowed', { status: 405 })
  const body = await request.json()
  for (const flag of ['down', 'failCreate']) {
    if (typeof body[flag] === 'boolean') state[flag] = body[flag]
  }
  return Response.json(state)
}

/** Route `request` to the control route or to the app. */
export function withControl(app, state) {
  return (request, ...rest) =>
    new URL(request.url).pathname === CONTROL_PATH ? control(request, state) : app(request, ...rest)
}

/** A body that sends a first chunk, then reports a late session write (the suite's /stream). */
export function streamBody(session, lateWrite) {
  const encoder = new TextEncoder()
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode('first;'))
      await new Promise((resolve) => setTimeout(resolve, 0))
      controller.enqueue(encoder.encode(lateWrite(session)))
      controller.close()
    },
  })
}
