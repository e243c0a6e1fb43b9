/**
 * The one request shape (`HttpRequest`) over a Web `Request`, built once per request by the
 * session wrapper and kept in the request's state (see `state.ts`), where the CSRF check,
 * `csrfToken()` and the guards find it. A fetch handler has no socket: the peer's address is
 * unknown unless the runtime hands it over (`peerAddress`), and the URL's scheme says whether the
 * connection was TLS. The URL is read as the string the Request holds, never parsed.
 *
 * @module
 */
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

/** The adapter options that say where the client's address comes from. */
export interface FetchAddressHooks {
  readonly clientIp?:
    ((request: Request, ...args: readonly unknown[]) => string | undefined) | undefined
  readonly peerAddress?:
    ((request: Request, ...args: readonly unknown[]) => string | undefined) | undefined
}

/** No address hooks (a guard or the CSRF check building the request without the wrapper). */
export const NO_HOOKS: FetchAddressHooks = Object.freeze({})

/**
 * A Web `Request` as tessera sees it: the fields the session reads are read once, in the
 * constructor; method, path, query and headers are read from the request when asked.
 */
export class FetchHttpRequest implements HttpRequest {
  readonly cookieHeader: string | undefined
  readonly encrypted: boolean
  readonly host: string | undefined
  readonly userAgent: string | undefined
  readonly ip: string | undefined
  /** The runtime's request. */
  readonly raw: Request

  /**
   * `peer` is the socket address when the runtime gives one; without it, `true` or a hop count
   * still believe `X-Forwarded-*` (the app is declared to sit behind that many proxies), a
   * predicate never does. `clientIp`, when given, replaces the address so found; it and
   * `peerAddress` receive `args`, the extra arguments of the handler.
   */
  constructor(
    request: Request,
    trust: TrustProxy,
    hooks: FetchAddressHooks,
    args: readonly unknown[],
  ) {
    const { clientIp, peerAddress } = hooks
    const peer = peerAddress === undefined ? undefined : peerAddress(request, ...args)
    const { headers, url } = request
    const seen = transport(
      trust,
      { address: peer, tls: isHttpsUrl(url) },
      {
        for: headers.get('x-forwarded-for') ?? undefined,
        proto: headers.get('x-forwarded-proto') ?? undefined,
      },
    )
    this.cookieHeader = headers.get('cookie') ?? undefined
    this.encrypted = seen.encrypted
    this.host = hostName(headers.get('host') ?? urlHost(url))
    this.userAgent = headers.get('user-agent') ?? undefined
    this.ip = clientIp === undefined ? seen.ip : clientIp(request, ...args)
    this.raw = request
  }

  get method(): string {
    return this.raw.method
  }

  get path(): string {
    return pathOf(this.raw.url)
  }

  get query(): string {
    return queryOf(this.raw.url)
  }

  /** The Host header (with port) as sent, or the URL's host when the runtime does not expose it. */
  get hostHeader(): string | undefined {
    return this.header('host') ?? urlHost(this.raw.url)
  }

  header(name: string): string | undefined {
    return this.raw.headers.get(name) ?? undefined
  }
}
