/**
 * Logging with pino: one JSON line per request (method, path, status, milliseconds) and one per
 * sign-in event. Never a cookie, password, token, secret or query string: the request line
 * carries the path only, and the redaction list catches a mistake before it reaches the log.
 *
 * @module
 */
import type { MiddlewareHandler } from 'hono'
import { pino, type DestinationStream, type Logger } from 'pino'
import type { AuthEvent } from 'tessera-session/auth'
import { USERNAME_PATTERN } from './users/user-repository.js'

/** Create the app's logger. `destination` defaults to stdout. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', 'cookie', 'secret', 'token', 'csrf_token', '*.password', '*.cookie'],
      censor: '[redacted]',
    },
  }
  return destination === undefined ? pino(options) : pino(options, destination)
}

/** Middleware: one line per request, after the response is decided. */
export function requestLogger(log: Logger): MiddlewareHandler {
  return async function demoRequestLogger(c, next) {
    const start = performance.now()
    await next()
    const ms = Math.round((performance.now() - start) * 10) / 10
    const status = c.res.status
    const line = { method: c.req.method, path: c.req.path, status, ms }
    if (status >= 500) log.warn(line, 'request')
    else log.info(line, 'request')
  }
}

/**
 * Sign-in events for the audit log (CL-48): type, user id, IP and a short session hash. For a
 * failed login the "user id" is what was typed as the username; it is logged only when it looks
 * like a username, so a password typed into the wrong field never reaches the log.
 */
export function logAuthEvent(log: Logger): (event: AuthEvent) => void {
  return (event) => {
    const user =
      event.type === 'login-failed' && !USERNAME_PATTERN.test(event.userId ?? '')
        ? '(not a username)'
        : event.userId
    log.info(
      {
        event: event.type,
        user,
        ip: event.ip,
        session: event.sessionHash,
        at: new Date(event.at).toISOString(),
        ...(event.count === undefined ? {} : { count: event.count }),
      },
      'auth',
    )
  }
}
