/**
 * Real Redis and PostgreSQL servers for the tests: Debian's `redis-server` and PostgreSQL 15,
 * each started on a random 127.0.0.1 port in a temporary directory and stopped afterwards. When a
 * binary is missing, `requireBinaries` prints why the tests are skipped (or fails under CI=true)
 * and the starter returns `undefined`.
 *
 * Every wait is a bounded poll. Whatever a test forgets to stop is killed, and its directory
 * removed, when the test process exits.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, readFileSync } from 'node:fs'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import pg from 'pg'
import { freePort, removeDir, stopChild, tempDir, track, waitFor } from './processes.js'
import { requireBinaries } from './require-service.js'

export interface RedisService {
  /** `redis://127.0.0.1:<port>` */
  url: string
  port: number
  /** Shut down gracefully and delete the data directory. */
  stop(): Promise<void>
  /** SIGKILL the server, keeping its data (append-only file) for `restart()`. */
  kill(): Promise<void>
  /** Start the server again on the same port with the same data. */
  restart(): Promise<void>
  /** SIGSTOP the server: connections stay open but nothing is answered (a hung store). */
  pause(): void
  /** SIGCONT a paused server. */
  resume(): void
}

export interface RedisClusterService {
  /** One `{ host, port }` per master, for ioredis `new Cluster(nodes)` or node-redis `rootNodes`. */
  nodes: { host: string; port: number }[]
  /** Shut every node down and delete their directories. */
  stop(): Promise<void>
}

export interface PostgresService {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string
  port: number
  /** Shut down (waiting up to 2 s for clients to disconnect), then delete the data directory. */
  stop(): Promise<void>
  /** Shut down the same way but keep the data, then start again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>
}

const REDIS_SERVER = '/usr/bin/redis-server'
const REDIS_CLI = '/usr/bin/redis-cli'
const PG_BIN = ['15', '16', '17', '14']
  .map((version) => `/usr/lib/postgresql/${version}/bin`)
  .find((bin) => existsSync(join(bin, 'postgres')))

/**
 * Start a throw-away Redis, or `undefined` when redis-server is not installed. `appendfsync`
 * defaults to `always`, which the kill -9 tests need; benchmarks should pass `everysec`, the
 * usual production setting.
 */
export async function startRedis(
  options: { appendfsync?: 'always' | 'everysec' | 'no' } = {},
): Promise<RedisService | undefined> {
  if (!requireBinaries('Redis', [REDIS_SERVER])) return undefined
  const dir = tempDir('tessera-redis-')
  const port = await freePort()
  let child: ChildProcess | undefined
  const spawnServer = async (): Promise<void> => {
    // Append-only with fsync on every write, so whatever Redis acknowledged before a kill -9 is
    // there after the restart (with `everysec`, Redis may postpone even the write(2) while a
    // background fsync runs, and the outage tests then lose their record now and then).
    child = track(
      spawn(
        REDIS_SERVER,
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          options.appendfsync ?? 'always',
          '--protected-mode',
          'yes',
          '--daemonize',
          'no',
          '--loglevel',
          'warning',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    )
    await waitFor('Redis', child, () => redisPing(port))
  }
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    if (child !== undefined) await stopChild(child, signal)
    child = undefined
  }
  await spawnServer()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await halt('SIGTERM')
      removeDir(dir)
    },
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await halt('SIGTERM')
      await spawnServer()
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  }
}

/**
 * Start a throw-away Redis Cluster of three masters (no replicas), or `undefined` when Redis is
 * not installed. Used to check that every script touches one slot only.
 */
export async function startRedisCluster(): Promise<RedisClusterService | undefined> {
  if (!requireBinaries('Redis', [REDIS_SERVER, REDIS_CLI])) return undefined
  const dir = tempDir('tessera-redis-cluster-')
  const nodes: { port: number; child: ChildProcess }[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map(({ child }) => stopChild(child, 'SIGTERM')))
    removeDir(dir)
  }
  try {
    for (let i = 0; i < 3; i += 1) {
      const [port, busPort] = [await freePort(), await freePort()]
      const child = track(
        spawn(
          REDIS_SERVER,
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--dir',
            dir,
            '--save',
            '',
            '--cluster-enabled',
            'yes',
            '--cluster-port',
            String(busPort),
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            '2000',
            '--daemonize',
            'no',
            '--loglevel',
            'warning',
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        ),
      )
      nodes.push({ port, child })
      await waitFor('Redis (cluster node)', child, () => redisPing(port))
    }
    execFileSync(
      REDIS_CLI,
      [
        '--cluster',
        'create',
        ...nodes.map(({ port }) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { stdio: 'pipe', timeout: 30_000 },
    )
    for (const { port, child } of nodes) {
      await waitFor('Redis Cluster', child, async () =>
        (await redisCommand(port, 'CLUSTER INFO')).includes('cluster_state:ok'),
      )
    }
  } catch (error) {
    await stop()
    throw error
  }
  return { nodes: nodes.map(({ port }) => ({ host: '127.0.0.1', port })), stop }
}

/** Start a throw-away PostgreSQL cluster, or `undefined` when PostgreSQL is not installed. */
export async function startPostgres(): Promise<PostgresService | undefined> {
  const bin = PG_BIN ?? '/usr/lib/postgresql/15/bin'
  if (!requireBinaries('PostgreSQL', [join(bin, 'initdb'), join(bin, 'postgres')])) return undefined
  const dir = tempDir('tessera-pg-')
  const data = join(dir, 'data')
  // PostgreSQL refuses to run as root: run it as the `postgres` user, which must own the files.
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid)
  const as = owner === undefined ? {} : { uid: owner.uid, gid: owner.gid }
  execFileSync(
    join(bin, 'initdb'),
    [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ],
    { stdio: 'pipe', timeout: 60_000, ...as },
  )
  const port = await freePort()
  // No fsync: these clusters are thrown away, and tests should not wait on the disk.
  const spawnServer = (): ChildProcess =>
    track(
      spawn(
        join(bin, 'postgres'),
        [
          '-D',
          data,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `unix_socket_directories=${dir}`,
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
          '-c',
          'max_connections=50',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], ...as },
      ),
    )
  let child = spawnServer()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  await waitFor('PostgreSQL', child, () => pgReady(url))
  return {
    url,
    port,
    stop: async () => {
      // SIGTERM (smart shutdown) lets clients that are disconnecting finish without a FATAL
      // message; SIGINT (fast shutdown) follows if some client stays connected.
      await stopChild(child, 'SIGTERM', 'SIGINT')
      removeDir(dir)
    },
    restart: async ({ downMs = 0 } = {}) => {
      await stopChild(child, 'SIGTERM', 'SIGINT')
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs))
      child = spawnServer()
      await waitFor('PostgreSQL', child, () => pgReady(url))
    },
  }
}

async function redisPing(port: number): Promise<boolean> {
  return (await redisCommand(port, 'PING')).startsWith('+PONG')
}

/** Send one inline command and return the first chunk of the reply ('' on any failure). */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    const done = (reply: string) => {
      socket.destroy()
      resolve(reply)
    }
    socket.setTimeout(500, () => done(''))
    socket.once('error', () => done(''))
    socket.once('connect', () => socket.write(`${command}\r\n`))
    socket.once('data', (chunk) => done(chunk.toString()))
  })
}

async function pgReady(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'))
  const [, , uid, gid] = line?.split(':') ?? []
  if (uid === undefined || gid === undefined) {
    throw new Error(
      'Running as root, PostgreSQL needs a `postgres` user (the Debian package creates it).',
    )
  }
  return { uid: Number(uid), gid: Number(gid) }
}
