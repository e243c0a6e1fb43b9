/** The Redis store of the Bun and Deno servers: the built `redisStore` on an ioredis client. */
import Redis from 'ioredis'
import { redisStore } from '../../../dist/stores/redis/index.js'

/** A Redis store for `{ redisUrl, redisPrefix }`. */
export async function redis(config) {
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 })
  return redisStore(client, { prefix: config.redisPrefix })
}
