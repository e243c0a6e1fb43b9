/**
 * The demo's configuration, from environment variables only (docs/demo.md, "Configuration"): `HOST`, `PORT`,
 * `DATA_DIR`, `TESSERA_SECRET` (or a secret generated once into `DATA_DIR/secret.key`),
 * `REDIS_URL` (or `REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`), `DATABASE_URL`, `SESSION_BACKEND`
 * (`store` or `cookie`; `SESSIONS` is its older name), plus a few optional ones documented
 * in `docs/demo.md`.
 *
 * A bad value stops the process at start-up with a `ConfigError`, never later (CL-3).
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ConfigError } from 'tessera-session/errors'

/** Everything the demo reads from its environment, validated. */
export interface DemoConfig {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host: string
  /** Port to listen on; 0 picks a free one. @default 3000 */
  readonly port: number
  /** Where the SQLite database and the generated secret live. @default './data' (absolute here) */
  readonly dataDir: string
  /** `TESSERA_SECRET`, when set. */
  readonly secret: string | undefined
  /** `TESSERA_SECRET_FALLBACKS`: older secrets (comma-separated) that still open cookies. */
  readonly secretFallbacks: readonly string[]
  /** `REDIS_URL`: sessions and login throttling in Redis. */
  readonly redisUrl: string | undefined
  /**
   * `REDIS_SENTINELS` (`host:port,host:port`): find the Redis primary through these Sentinels
   * instead of `REDIS_URL`, and follow it across failovers (docs/reliability.md).
   */
  readonly redisSentinels: readonly { readonly host: string; readonly port: number }[] | undefined
  /** `REDIS_SENTINEL_NAME`: the master name the Sentinels monitor (required with sentinels). */
  readonly redisSentinelName: string | undefined
  /** `DATABASE_URL` (postgres://): users, and sessions unless Redis is configured, in PostgreSQL. */
  readonly databaseUrl: string | undefined
  /**
   * `SESSION_BACKEND` (or its older name `SESSIONS`): `store` keeps sessions server-side (in SQLite, Redis or PostgreSQL); `cookie` keeps
   * them in sealed cookies, with logouts in a revocation store in the same database (SQLite in
   * `DATA_DIR` by default), so a logged-out cookie stays refused after a restart.
   * @default 'store'
   */
  readonly sessions: 'store' | 'cookie'
  /**
   * `PUBLIC_ORIGIN`: the origin browsers use (`https://app.example.com` behind a proxy). Forms are
   * accepted only from it. @default the listening address (and its `localhost` twin on loopback)
   */
  readonly publicOrigin: string | undefined
  /** `TRUST_PROXY=1`: believe `X-Forwarded-For`/`-Proto` (only behind your own proxy). */
  readonly trustProxy: boolean
  /** `LOG_LEVEL`. @default 'info' */
  readonly logLevel: string
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

/** Read and validate the configuration. @throws ConfigError */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const port = Number(env.PORT ?? '3000')
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`PORT must be a port number (0–65535), not "${env.PORT ?? ''}".`)
  }
  const databaseUrl = nonEmpty(env.DATABASE_URL)
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// (or postgresql://) URL.')
  }
  const redisUrl = nonEmpty(env.REDIS_URL)
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL must be a redis:// (or rediss://) URL.')
  }
  const redisSentinels = sentinelsOf(nonEmpty(env.REDIS_SENTINELS))
  const redisSentinelName = nonEmpty(env.REDIS_SENTINEL_NAME)
  if (redisSentinels !== undefined && redisUrl !== undefined) {
    throw new ConfigError('REDIS_SENTINELS and REDIS_URL exclude each other: set one of them.')
  }
  if (redisSentinels !== undefined && redisSentinelName === undefined) {
    throw new ConfigError('REDIS_SENTINEL_NAME must name the master the REDIS_SENTINELS monitor.')
  }
  if (redisSentinels === undefined && redisSentinelName !== undefined) {
    throw new ConfigError('REDIS_SENTINEL_NAME needs REDIS_SENTINELS (host:port,host:port).')
  }
  // SESSION_BACKEND is the name; SESSIONS, the first one, still works (both set must agree).
  const backend = nonEmpty(env.SESSION_BACKEND)
  const legacy = nonEmpty(env.SESSIONS)
  if (backend !== undefined && legacy !== undefined && backend !== legacy) {
    throw new ConfigError(
      `SESSION_BACKEND ("${backend}") and its older name SESSIONS ("${legacy}") disagree: set one.`,
    )
  }
  const sessions = backend ?? legacy ?? 'store'
  if (sessions !== 'store' && sessions !== 'cookie') {
    const key = backend === undefined ? 'SESSIONS' : 'SESSION_BACKEND'
    throw new ConfigError(`${key} must be "store" or "cookie", not "${sessions}".`)
  }
  const publicOrigin = nonEmpty(env.PUBLIC_ORIGIN)
  if (publicOrigin !== undefined) checkOrigin(publicOrigin)
  const logLevel = nonEmpty(env.LOG_LEVEL) ?? 'info'
  if (!LOG_LEVELS.has(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}.`)
  }
  return Object.freeze({
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    port,
    dataDir: resolve(nonEmpty(env.DATA_DIR) ?? './data'),
    secret: nonEmpty(env.TESSERA_SECRET),
    secretFallbacks: (env.TESSERA_SECRET_FALLBACKS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    redisUrl,
    redisSentinels,
    redisSentinelName,
    databaseUrl,
    sessions,
    publicOrigin,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel,
  })
}

/** The secret and where it came from. */
export interface SecretSource {
  readonly secret: string
  /** `env`, `file` (read from `secret.key`) or `generated` (written to `secret.key` just now). */
  readonly from: 'env' | 'file' | 'generated'
  readonly path: string | undefined
}

/**
 * `TESSERA_SECRET`, else the secret in `DATA_DIR/secret.key`, else a new 256-bit secret written
 * there with mode 0600. Creating the file is exclusive (`wx`), so two processes starting at once
 * on one data directory end up with the same secret.
 */
export function resolveSecret(config: DemoConfig): SecretSource {
  if (config.secret !== undefined) return { secret: config.secret, from: 'env', path: undefined }
  const path = join(config.dataDir, 'secret.key')
  const existing = readSecretFile(path)
  if (existing !== undefined) return { secret: existing, from: 'file', path }
  const secret = randomBytes(32).toString('base64url')
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    const raced = readSecretFile(path)
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && raced !== undefined) {
      return { secret: raced, from: 'file', path }
    }
    throw err
  }
  return { secret, from: 'generated', path }
}

/** Create the data directory (mode 0700) when it is missing. */
export function ensureDataDir(config: DemoConfig): void {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
}

/** Origins whose form posts are accepted. */
export function allowedOrigins(config: DemoConfig, port: number): string[] {
  if (config.publicOrigin !== undefined) return [new URL(config.publicOrigin).origin]
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const origins = [`http://${host}:${port}`]
  if (['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
    origins.push(`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`)
  }
  return [...new Set(origins)]
}

function readSecretFile(path: string): string | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  // Tighten a secret file someone made world-readable; the secret opens every session.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
  const secret = text.trim()
  if (secret === '') throw new ConfigError(`${path} is empty: delete it to generate a new secret.`)
  return secret
}

function checkOrigin(value: string): void {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError('PUBLIC_ORIGIN must be an origin such as https://app.example.com.')
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
    throw new ConfigError('PUBLIC_ORIGIN must be an origin such as https://app.example.com.')
  }
}

function sentinelsOf(value: string | undefined): { host: string; port: number }[] | undefined {
  if (value === undefined) return undefined
  return value.split(',').map((entry) => {
    const match = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(entry.trim())
    const port = Number(match?.[2])
    if (match?.[1] === undefined || !Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new ConfigError(
        `REDIS_SENTINELS must be host:port pairs separated by commas, not "${entry.trim()}".`,
      )
    }
    return { host: match[1], port }
  })
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
