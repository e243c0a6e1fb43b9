/**
 * `npm start`: read the configuration, open the databases (running migrations), serve the app,
 * and shut down gracefully on SIGTERM or SIGINT — stop accepting connections, let requests in
 * flight finish (at most 10 s), then close the session store, Redis, PostgreSQL and SQLite.
 *
 * Exits with status 1 and one log line when the configuration is unusable (a weak
 * `TESSERA_SECRET`, an unreachable `DATABASE_URL`, …), never with a stack trace on a client.
 *
 * @module
 */
import { getRequestListener } from '@hono/node-server'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSessionManager } from 'tessera-session'
import { createApp } from './app.js'
import { openBackends, type Backends } from './backends.js'
import { allowedOrigins, ensureDataDir, loadConfig, resolveSecret } from './config.js'
import { createLogger } from './logger.js'
import { startTelemetry } from './telemetry.js'

/** How long in-flight requests may take to finish after a shutdown signal. */
const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  let log = createLogger('info')
  let backends: Backends | undefined
  let server: Server | undefined
  try {
    const config = loadConfig()
    log = createLogger(config.logLevel)
    ensureDataDir(config)
    const source = resolveSecret(config)
    if (source.from === 'generated') {
      log.info(
        { path: source.path },
        'generated a new secret (keep this file private; set TESSERA_SECRET to share it between machines)',
      )
    } else if (source.from === 'file') {
      log.info({ path: source.path }, 'using the secret from the data directory')
    }
    const secret = [source.secret, ...config.secretFallbacks]
    createSessionManager({ secret }) // a weak or placeholder secret stops us here (CL-3)
    const telemetry = await startTelemetry()
    if (telemetry !== undefined) log.info('OTEL_CONSOLE: printing session metrics and store spans')
    const openedBackends = await openBackends(config, log)
    // Shutdown flushes the telemetry after the stores are closed (their last spans included).
    backends =
      telemetry === undefined
        ? openedBackends
        : {
            ...openedBackends,
            close: async () => {
              await openedBackends.close()
              await telemetry.shutdown()
            },
          }
    const opened = backends
    // The app is built once the port is known (the accepted form origins include it), before
    // the first connection can be read: listen's callback and this code run in one turn.
    server = createServer()
    const listening = server
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject)
      listening.listen(config.port, config.host, () => resolve())
    })
    const { port } = listening.address() as AddressInfo
    const demo = createApp({
      secret,
      users: opened.users,
      sessionStore: opened.sessionStore,
      spillStore: opened.spillStore,
      revocations: opened.revocations,
      throttleStore: opened.throttleStore,
      origins: allowedOrigins(config, port),
      log,
      trustProxy: config.trustProxy,
      ...(telemetry === undefined ? {} : { instrument: telemetry.instrument }),
    })
    const listener = getRequestListener(demo.app.fetch)
    listening.on('request', (req, res) => void listener(req, res))
    if (
      config.publicOrigin === undefined &&
      !['127.0.0.1', 'localhost', '::1'].includes(config.host)
    ) {
      log.warn(
        'HOST is not a loopback address: serve the app over HTTPS and set PUBLIC_ORIGIN (see docs/demo.md)',
      )
    }
    const host = config.host.includes(':') ? `[${config.host}]` : config.host
    const url = config.publicOrigin ?? `http://${host}:${port}`
    log.info({ url, port, ...opened.summary }, `listening on ${url}`)
    installShutdown(listening, opened, log)
  } catch (err) {
    log.fatal({ err: err instanceof Error ? err.message : String(err) }, 'cannot start')
    server?.close()
    await backends?.close()
    process.exitCode = 1
  }
}

function installShutdown(
  server: Server,
  backends: Backends,
  log: ReturnType<typeof createLogger>,
): void {
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      log.warn('requests still running after the grace period; closing their connections')
      server.closeAllConnections()
    }, SHUTDOWN_GRACE_MS)
    force.unref()
    // Stop accepting. Keep-alive connections are closed as soon as they are idle: now, or when
    // the response in flight on them has been sent.
    const reaper = setInterval(() => server.closeIdleConnections(), 50)
    server.close(() => {
      clearTimeout(force)
      clearInterval(reaper)
      void backends.close().then(() => {
        log.info('stopped')
        process.exitCode = 0
      })
    })
    server.closeIdleConnections()
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

await main()
