/**
 * A Redis Sentinel watching a test Redis (from `startRedis`), so the store can be checked with
 * clients that find their master through Sentinel. `redis-server --sentinel` is Sentinel itself,
 * so no other binary is needed.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import { freePort, removeDir, stopChild, tempDir, track, waitFor } from './processes.js'

export interface SentinelService {
  /** `{ host, port }` of the Sentinel. */
  node: { host: string; port: number }
  /** The master's name the Sentinel monitors. */
  name: string
  stop(): Promise<void>
}

/** Start a Sentinel monitoring the Redis on `masterPort` under the name `mymaster`. */
export async function startRedisSentinel(masterPort: number): Promise<SentinelService> {
  const dir = tempDir('tessera-sentinel-')
  const port = await freePort()
  const config = join(dir, 'sentinel.conf')
  // Sentinel rewrites its config file, so it must be a writable file of its own.
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`,
      'sentinel down-after-milliseconds mymaster 60000',
      '',
    ].join('\n'),
  )
  const child = track(
    spawn('/usr/bin/redis-server', [config, '--sentinel', '--loglevel', 'warning'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
  await waitFor('Redis Sentinel', child, async () =>
    (await inline(port, 'SENTINEL get-master-addr-by-name mymaster')).includes(String(masterPort)),
  )
  return {
    node: { host: '127.0.0.1', port },
    name: 'mymaster',
    stop: async () => {
      await stopChild(child, 'SIGTERM')
      removeDir(dir)
    },
  }
}

function inline(port: number, command: string): Promise<string> {
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
