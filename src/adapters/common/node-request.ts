/**
 * The one request shape (`HttpRequest`) over a node:http request — Express, Connect, plain
 * node:http, and Fastify's `request.raw` — built once per request by the session middleware and
 * kept on the request, where the CSRF check, `csrfToken()` and the guards find it.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import {
  hostName,
  pathOf,
  queryOf,
  transport,
  type HttpRequest,
  type TrustProxy,
} from '../../core/http.js'

const REQUEST = Symbol.for('tessera.request')
type WithRequest = IncomingMessage & { [REQUEST]?: NodeHttpRequest }

/**
 * A node:http request as tessera sees it. The fields the session reads are read once, in the
 * constructor; method, path, query and headers are read from the request when asked (prototype
 * members, nothing allocated per request for them).
 */
export class NodeHttpRequest implements HttpRequest {
  readonly cookieHeader: string | undefined
  readonly encrypted: boolean
  readonly host: string | undefined
  readonly userAgent: string | undefined
  readonly ip: string | undefined
  /** The framework's request. */
  readonly raw: IncomingMessage

  /** `clientIp`, when given, replaces the address found under `trust`. */
  constructor(
    req: IncomingMessage,
    trust: TrustProxy,
    clientIp?: (req: IncomingMessage) => string | undefined,
  ) {
    const { headers } = req
    const seen = transport(
      trust,
      {
        address: req.socket.remoteAddress,
        tls: (req.socket as Partial<TLSSocket>).encrypted === true,
      },
      { for: headers['x-forwarded-for'], proto: headers['x-forwarded-proto'] },
    )
    this.cookieHeader = headers.cookie
    this.encrypted = seen.encrypted
    this.host = hostName(headers.host)
    this.userAgent = headers['user-agent']
    this.ip = clientIp === undefined ? seen.ip : clientIp(req)
    this.raw = req
  }

  get method(): string {
    return this.raw.method ?? 'GET'
  }

  get path(): string {
    return pathOf(target(this.raw))
  }

  get query(): string {
    return queryOf(target(this.raw))
  }

  get hostHeader(): string | undefined {
    return this.raw.headers.host
  }

  header(name: string): string | undefined {
    const value = this.raw.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
}

/** Build the request's `HttpRequest` and keep it on `req` (the session middleware calls this). */
export function bindNodeRequest(
  req: IncomingMessage,
  trust: TrustProxy,
  clientIp?: (req: IncomingMessage) => string | undefined,
): NodeHttpRequest {
  const request = new NodeHttpRequest(req, trust, clientIp)
  ;(req as WithRequest)[REQUEST] = request
  return request
}

/**
 * The request's `HttpRequest`: the one the session middleware built, or — when CSRF or a guard
 * runs without it — one built now under `trust` (not kept: the session middleware's view, with its
 * manager's `trustProxy`, is the one that counts).
 */
export function nodeRequestOf(req: IncomingMessage, trust: TrustProxy): NodeHttpRequest {
  return (req as WithRequest)[REQUEST] ?? new NodeHttpRequest(req, trust)
}

/**
 * A form field from a body the framework parsed, only for urlencoded or multipart requests: never
 * from the query string or a JSON body.
 */
export function formFieldOf(request: HttpRequest, body: unknown, name: string): string | undefined {
  const type = (request.header('content-type') ?? '').toLowerCase()
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  ) {
    return undefined
  }
  if (body === null || typeof body !== 'object') return undefined
  const value = (body as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : undefined
}

/** Express's `originalUrl` when the app is mounted (its `url` is then the rest), else `url`. */
function target(req: IncomingMessage): string {
  return (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/'
}
