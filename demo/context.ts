/**
 * What the route modules share: their dependencies, the view context of a page, form fields and
 * the client IP.
 *
 * @module
 */
import type { Context } from 'hono'
import type { Logger } from 'pino'
import type { Session } from 'tessera-session'
import { csrfToken } from 'tessera-session/adapters/hono'
import type { LoginManager, Throttle } from 'tessera-session/auth'
import type { User, UserRepository } from './users/user-repository.js'
import type { ViewContext } from './views/layout.js'

/** Everything a route module needs. */
export interface RouteDeps {
  readonly auth: LoginManager<User>
  readonly users: UserRepository
  readonly throttle: Throttle
  readonly log: Logger
  readonly stylesheet: string
  readonly trustProxy: boolean
  readonly now: () => number
  /**
   * Sessions are sealed cookies (`SESSION_BACKEND=cookie`): the server keeps no list of them, so
   * the sessions page shows only this one, and "log out all other sessions" ends the others
   * without knowing how many there were.
   */
  readonly sealedSessions: boolean
}

/** The request's session (set by tessera's `sessions()` middleware), typed by the Hono adapter. */
export function sessionOf(c: Context): Session {
  return c.get('session')
}

/** The view context of a page: who is signed in, this page's flashes and a CSRF token. */
export async function viewOf(c: Context, deps: RouteDeps): Promise<ViewContext> {
  const session = sessionOf(c)
  const user = await deps.auth.currentUser(session)
  return {
    username: user?.username,
    flashes: session.flashes(),
    csrf: csrfToken(c),
    stylesheet: deps.stylesheet,
    path: c.req.path,
  }
}

/** A view context that touches no session (error pages, the 503 page). */
export function bareView(c: Context, stylesheet: string): ViewContext {
  return { username: undefined, flashes: [], csrf: '', stylesheet, path: c.req.path }
}

/**
 * The request body is not a form the app can read: a content type other than urlencoded or
 * multipart, broken or truncated multipart, bad percent-encoding, bytes that are not UTF-8. The
 * app answers 400 (the client's mistake, not a server error) and logs it at `info`.
 */
export class BadRequestError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options)
    this.name = 'BadRequestError'
  }
}

/**
 * The form's fields as strings: a missing field, a file or a repeated field is `''`.
 *
 * @throws BadRequestError when the body is not a well-formed urlencoded or multipart form.
 */
export async function formOf(c: Context): Promise<(name: string) => string> {
  const type = c.req.header('content-type') ?? ''
  const media = type.split(';')[0]?.trim().toLowerCase()
  let fields: Map<string, string>
  if (media === 'application/x-www-form-urlencoded') {
    fields = parseUrlencoded(type, await bodyBytes(c))
  } else if (media === 'multipart/form-data') {
    fields = await parseMultipart(c)
  } else {
    throw new BadRequestError(`not a form body (content type "${media ?? ''}")`)
  }
  return (name) => fields.get(name) ?? ''
}

/** The raw body; Hono caches it, so it is the same bytes the CSRF check read. */
async function bodyBytes(c: Context): Promise<Uint8Array> {
  try {
    return new Uint8Array(await c.req.arrayBuffer())
  } catch (err) {
    throw new BadRequestError('the request body could not be read', { cause: err })
  }
}

/**
 * Strict `application/x-www-form-urlencoded`: what a browser sends is printable ASCII with every
 * `%` followed by two hex digits, decoding to UTF-8. The WHATWG parser would accept anything,
 * turning `%zz` into itself and broken UTF-8 into U+FFFD, so a mangled password or username
 * would be checked instead of the one typed; such a body is refused instead.
 */
function parseUrlencoded(type: string, bytes: Uint8Array): Map<string, string> {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase()
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new BadRequestError(`unsupported form charset "${charset}"`)
  }
  for (const byte of bytes) {
    if (byte < 0x20 || byte > 0x7e) throw new BadRequestError('form body is not printable ASCII')
  }
  const fields = new Map<string, string>()
  for (const pair of Buffer.from(bytes).toString('latin1').split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1))
    // A name given twice reads as '' (which one was meant is ambiguous).
    fields.set(name, fields.has(name) ? '' : value)
  }
  return fields
}

function decodeComponent(text: string): string {
  try {
    // decodeURIComponent throws on a bad `%` sequence and on percent-encoded bytes that are not UTF-8.
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch (err) {
    throw new BadRequestError('bad percent-encoding in the form body', { cause: err })
  }
}

/** Multipart through Hono (and the runtime's parser); any failure to parse is the client's. */
async function parseMultipart(c: Context): Promise<Map<string, string>> {
  let body: Record<string, unknown>
  try {
    body = await c.req.parseBody({ all: true })
  } catch (err) {
    throw new BadRequestError('malformed multipart body', { cause: err })
  }
  const fields = new Map<string, string>()
  for (const [name, value] of Object.entries(body)) {
    // Repeated fields arrive as arrays, files as File: neither is a text field.
    fields.set(name, typeof value === 'string' ? value : '')
  }
  return fields
}

/**
 * The client's IP for throttling: the address the session middleware resolved, which is the
 * socket's, or behind `TRUST_PROXY` the hop the proxy appended to `X-Forwarded-For` (never one the
 * client wrote: rotating a forged left-most hop must not reset the throttle).
 */
export function clientIp(c: Context): string {
  return c.get('session').client.ip ?? 'unknown'
}
