/**
 * The Redis push channel of the live revocation view: `SUBSCRIBE {prefix}events` on a dedicated
 * connection (every write of `redisRevocations` publishes there, in its script), and the
 * catch-up read, a bounded `SCAN … MATCH {prefix}* COUNT n` of the revocation keys.
 *
 * Not a public entry point: `tessera-session/stores/redis` re-exports the subscriber types.
 *
 * @module
 */
import { withTimeout } from '../kit/guard.js'
import type {
  RevocationFeed,
  RevocationFeedListener,
  RevocationSink,
} from '../kit/revocation-feed.js'
import type { MaybePromise } from '../store.js'
import { type RedisClientLike, type Send, sender } from './client.js'
import { members, strings } from './hash.js'

/** An ioredis `Redis` used only to subscribe (a `client.duplicate()`, or one the app made). */
export interface IoRedisSubscriberLike {
  readonly status: string
  connect(): Promise<unknown>
  subscribe(channel: string): Promise<unknown>
  on(event: string, listener: (...args: never[]) => void): unknown
  disconnect(): void
}

/** A node-redis v4/v5 client used only to subscribe (a `client.duplicate()`, or the app's own). */
export interface NodeRedisSubscriberLike {
  readonly isOpen: boolean
  connect(): Promise<unknown>
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>
  on(event: string, listener: (...args: never[]) => void): unknown
  destroy?(): void
  disconnect?(): Promise<unknown>
}

/** A connection the live view subscribes on; it becomes the view's, closed by `close()`. */
export type RedisSubscriberLike = IoRedisSubscriberLike | NodeRedisSubscriberLike

/** What the feed needs from the store's side. */
export interface RedisFeedConfig {
  client: RedisClientLike
  subscriber: RedisSubscriberLike
  prefix: string
  channel: string
  cluster: boolean
  scanCount: number
  timeoutMs: number
}

const LABEL = 'Redis live revocation feed'

/** The feed: subscription state → listener, messages → listener, SCAN → snapshot. */
export function redisRevocationFeed(config: RedisFeedConfig): RevocationFeed {
  const { subscriber: sub, channel } = config
  let closed = false
  return {
    open(listener) {
      const onMessage = (message: string, from: string): void => {
        if (from === channel) announce(message, listener)
      }
      if ('status' in sub) openIoRedis(sub, channel, listener, onMessage, () => closed)
      else openNodeRedis(sub, channel, listener, onMessage, () => closed)
    },
    snapshot: (sink, now) => scanAll(config, sink, now),
    close(): MaybePromise<void> {
      closed = true
      if ('status' in sub) return sub.disconnect()
      if (sub.destroy !== undefined) return sub.destroy()
      return sub.disconnect?.().then(
        () => undefined,
        () => undefined,
      )
    },
  }
}

/** ioredis: subscribe on each `ready` (its own resubscription is not awaited), down on `close`. */
function openIoRedis(
  sub: IoRedisSubscriberLike,
  channel: string,
  listener: RevocationFeedListener,
  onMessage: (message: string, from: string) => void,
  isClosed: () => boolean,
): void {
  const confirm = (): void => {
    // The reply comes after the server registered the subscription: from then on, nothing is missed.
    sub.subscribe(channel).then(
      () => isClosed() || listener.connected(),
      (error: unknown) => isClosed() || listener.disconnected(error),
    )
  }
  sub.on('message', (from: string, message: string) => onMessage(message, from))
  sub.on('ready', confirm)
  sub.on('close', () => isClosed() || listener.disconnected())
  sub.on('error', () => undefined) // a state change, reported by `close`
  if (sub.status === 'ready') confirm()
  else if (sub.status === 'wait') sub.connect().catch(() => undefined)
}

/** node-redis: it resubscribes before `ready` on a reconnect; down on `reconnecting` or `end`. */
function openNodeRedis(
  sub: NodeRedisSubscriberLike,
  channel: string,
  listener: RevocationFeedListener,
  onMessage: (message: string, from: string) => void,
  isClosed: () => boolean,
): void {
  let subscribed = false
  let starting = false
  const start = async (): Promise<void> => {
    if (starting || subscribed) return
    starting = true
    try {
      if (!sub.isOpen) await sub.connect()
      await sub.subscribe(channel, onMessage)
      subscribed = true
      if (!isClosed()) listener.connected()
    } catch (error) {
      if (!isClosed()) listener.disconnected(error)
    } finally {
      starting = false
    }
  }
  // After a reconnect the client has resubscribed by the time it is `ready`; a first connection
  // that only came up after failing still needs its SUBSCRIBE.
  sub.on('ready', () => {
    if (isClosed()) return
    if (subscribed) listener.connected()
    else void start()
  })
  sub.on('reconnecting', () => isClosed() || listener.disconnected())
  sub.on('end', () => isClosed() || listener.disconnected())
  sub.on('error', () => undefined)
  void start()
}

/** Parse `h:<until>:<handle>` or `u:<before>:<until>:<userId>` (ids last: they may hold `:`). */
function announce(message: string, sink: RevocationSink): void {
  const a = message.indexOf(':', 2)
  if (a < 0) return
  if (message.startsWith('h:')) {
    sink.revokedSession(message.slice(a + 1), Number(message.slice(2, a)))
  } else if (message.startsWith('u:')) {
    const b = message.indexOf(':', a + 1)
    if (b < 0) return
    const before = Number(message.slice(2, a))
    sink.revokedUser(message.slice(b + 1), before, Number(message.slice(a + 1, b)))
  }
}

/** The catch-up read: SCAN every master (one on a standalone server), then read the values. */
async function scanAll(config: RedisFeedConfig, sink: RevocationSink, now: number): Promise<void> {
  for (const send of await masters(config)) {
    let cursor = '0'
    do {
      const reply = (await call(config, send, [
        'SCAN',
        cursor,
        'MATCH',
        pattern(config.prefix),
        'COUNT',
        String(config.scanCount),
      ])) as [unknown, unknown[]]
      cursor = String(reply[0])
      const keys = members(reply[1])
      if (keys.length === 0) continue
      const values = config.cluster
        ? await Promise.all(keys.map((key) => call(config, send, ['GET', key])))
        : ((await call(config, send, ['MGET', ...keys])) as unknown[])
      strings(values).forEach((value, i) => store(config.prefix, keys[i] ?? '', value, sink, now))
    } while (cursor !== '0')
  }
}

/** One key's value into the sink: `h:<handle>` → until, `u:<userId>` → `<before>:<until>`. */
function store(
  prefix: string,
  key: string,
  value: string | null,
  sink: RevocationSink,
  now: number,
): void {
  if (value == null) return // expired between SCAN and GET
  const kind = key.slice(prefix.length, prefix.length + 2)
  const id = key.slice(prefix.length + 2)
  if (kind === 'h:') {
    const until = Number(value)
    if (until > now) sink.revokedSession(id, until)
  } else if (kind === 'u:') {
    const [before = 0, until = 0] = value.split(':').map(Number)
    if (until > now) sink.revokedUser(id, before, until)
  }
}

/** A send function per master: the client itself, or each master of a cluster. */
async function masters(config: RedisFeedConfig): Promise<Send[]> {
  const { client } = config
  if (!config.cluster) return [sender(client)]
  if ('nodes' in client && typeof client.nodes === 'function') {
    const nodes = (client.nodes as (role: string) => RedisClientLike[])('master')
    return nodes.map((node) => sender(node))
  }
  const nr = client as unknown as {
    masters: unknown[]
    nodeClient(node: unknown): Promise<RedisClientLike>
  }
  const clients = await Promise.all(nr.masters.map((node) => nr.nodeClient(node)))
  return clients.map((node) => sender(node))
}

function call(config: RedisFeedConfig, send: Send, args: string[]): Promise<unknown> {
  return withTimeout(LABEL, config.timeoutMs, () => send('', args))
}

/** `SCAN MATCH` pattern of every key under `prefix`: the prefix's glob characters escaped. */
function pattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`
}
