/**
 * The Redis clients the Redis store accepts, declared structurally (no driver import), and one
 * way to send a command through any of them.
 *
 * Not a public entry point: `tessera-session/stores/redis` re-exports the client types.
 *
 * @module
 */
import { createHash } from 'node:crypto'

/** An ioredis `Redis` or `Cluster` (anything with `call`). */
export interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>
}

/** A node-redis v4/v5 client from `createClient()`. */
export interface NodeRedisClientLike {
  sendCommand(args: string[]): Promise<unknown>
}

/** A node-redis v4/v5 cluster from `createCluster()`. */
export interface NodeRedisClusterLike {
  readonly masters: unknown
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
  ): Promise<unknown>
}

/** A node-redis v5 sentinel client from `createSentinel()`. */
export interface NodeRedisSentinelLike {
  getMasterNode(): unknown
  sendCommand(isReadonly: boolean | undefined, args: string[]): Promise<unknown>
}

/** Any Redis client the store accepts; which one it is is detected at run time. */
export type RedisClientLike =
  IoRedisLike | NodeRedisClientLike | NodeRedisClusterLike | NodeRedisSentinelLike

/** A Lua script's source and SHA-1, for EVALSHA with an EVAL fallback. */
export interface RedisScript {
  readonly source: string
  readonly sha: string
}

/** Prepare a Lua script: its SHA-1 is computed once. */
export function redisScript(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') }
}

/**
 * Run a script by its SHA-1, sending the source only when the server does not know it yet
 * (Redis answers NOSCRIPT: error replies start with their code). `keys` is the script's one key,
 * or its keys, which must share a slot: the first routes the call in a cluster.
 */
export async function evalScript(
  send: Send,
  script: RedisScript,
  keys: string | readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const all = typeof keys === 'string' ? [keys] : [...keys]
  const route = all[0] ?? ''
  try {
    return await send(route, ['EVALSHA', script.sha, String(all.length), ...all, ...args])
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
    return send(route, ['EVAL', script.source, String(all.length), ...all, ...args])
  }
}

/** Send one command; `key` is the key it touches, which routes it in a cluster. */
export type Send = (key: string, args: string[]) => Promise<unknown>

/** The send function for this client: ioredis `call`, or node-redis `sendCommand` in its three shapes. */
export function sender(client: RedisClientLike): Send {
  if ('call' in client && typeof client.call === 'function') {
    return (_key, [command, ...args]) => client.call(command ?? '', ...args)
  }
  if ('getMasterNode' in client) return (_key, args) => client.sendCommand(false, args)
  if ('masters' in client) return (key, args) => client.sendCommand(key, false, args)
  return (_key, args) => (client as NodeRedisClientLike).sendCommand(args)
}

let warnedOfflineQueue = false

/** Say once per process that the client replays queued writes after an outage. */
export function warnOfflineQueueOnce(): void {
  if (warnedOfflineQueue) return
  warnedOfflineQueue = true
  console.warn(
    'tessera: the Redis client queues commands while disconnected, so writes that failed during ' +
      'an outage are replayed afterwards. Create it with `enableOfflineQueue: false` (ioredis) or ' +
      '`disableOfflineQueue: true` (node-redis); see docs/stores.md.',
  )
}

/** True when the client's options show an offline queue (ioredis and node-redis clients). */
export function hasOfflineQueue(client: RedisClientLike): boolean {
  const options: unknown = (client as { options?: unknown }).options
  if (typeof options !== 'object' || options === null) return false
  if ('call' in client)
    return (options as { enableOfflineQueue?: boolean }).enableOfflineQueue !== false
  if ('masters' in client || 'getMasterNode' in client) return false // options live per node
  return (options as { disableOfflineQueue?: boolean }).disableOfflineQueue !== true
}
