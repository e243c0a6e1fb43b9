/**
 * The one request shape (`HttpRequest`) over a Hono context, built once per request by the
 * session middleware and kept on the context, where the CSRF check, `csrfToken()` and the guards
 * find it. Under `@hono/node-server` the socket is `c.env.incoming.socket`; on other runtimes
 * there is no socket address and the URL's scheme says whether the connection was TLS. The URL is
 * read as the string the Request holds, never parsed with `new URL()`.
 *
 * @module
 */
import type { Context } from 'hono'
import {
  hostName,
  isHttpsUrl,
  pathOf,
  queryOf,
  transport,
  urlHost,
  type HttpRequest,
  type TrustProxy,
} from '../../core/http.js'

const REQUEST = Symbol('tessera.request')
type WithRequest = Context & { [REQUEST]?: HonoHttpRequest }

/**
 * A Hono request as tessera sees it: the fields the session reads are read once, in the
 * constructor; method, path, query and headers are read from the request when asked.
 */
export class HonoHttpRequest implements HttpRequest {
  readonly cookieHeader: string | undefined
  readonly encrypted: boolean
  readonly host: string | undefined
  readonly userAgent: string | undefined
  readonly ip: string | undefined
  /** The framework's context. */
  readonly context: Context

  constructor(
    c: Context,
    trust: TrustProxy,
    clientIp: ((c: Context) => string | undefined) | undefined,
  ) {
    const { headers, url } = c.req.raw
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
    const seen = transport(
      trust,
      { address: env?.incoming?.socket?.remoteAddress, tls: isHttpsUrl(url) },
      {
        for: headers.get('x-forwarded-for') ?? undefined,
        proto: headers.get('x-forwarded-proto') ?? undefined,
      },
    )
    this.cookieHeader = headers.get('cookie') ?? undefined
    this.encrypted = seen.encrypted
    this.host = hostName(headers.get('host') ?? urlHost(url))
    this.userAgent = headers.get('user-agent') ?? undefined
    this.ip = clientIp === undefined ? seen.ip : clientIp(c)
    this.context = c
  }

  get method(): string {
    return this.context.req.method
  }

  get path(): string {
    return pathOf(this.context.req.url)
  }

  get query(): string {
    return queryOf(this.context.req.url)
  }

  get hostHeader(): string | undefined {
    return this.header('host') ?? urlHost(this.context.req.url)
  }

  header(name: string): string | undefined {
    return this.context.req.raw.headers.get(name) ?? undefined
  }
}

/** Build the request's `HttpRequest` and keep it on the context (the session middleware). */
export function bindHonoRequest(
  c: Context,
  trust: TrustProxy,
  clientIp: ((c: Context) => string | undefined) | undefined,
): HonoHttpRequest {
  const request = new HonoHttpRequest(c, trust, clientIp)
  ;(c as WithRequest)[REQUEST] = request
  return request
}

/**
 * The request's `HttpRequest`: the session middleware's, or — when CSRF or a guard runs without
 * it — one built now under `trust` (not kept).
 */
export function honoRequestOf(c: Context, trust: TrustProxy): HonoHttpRequest {
  return (c as WithRequest)[REQUEST] ?? new HonoHttpRequest(c, trust, undefined)
}
