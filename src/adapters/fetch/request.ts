/**
 * What a fetch handler can know of its request's transport, read once per request and shared by the
 * session wrapper and the CSRF check. A fetch handler has no socket: the peer's address is unknown
 * unless the runtime hands it over (`peerAddress`), and the URL's scheme says whether the
 * connection was TLS.
 *
 * @module
 */
import { hostName, transport, type RequestInfo, type TrustProxy } from '../../core/http.js'

/** A request header, or `undefined` when absent. */
export function header(request: Request, name: string): string | undefined {
  return request.headers.get(name) ?? undefined
}

/** The Host header (with port) as sent, or the URL's host when the runtime does not expose it. */
export function hostHeader(request: Request): string {
  return header(request, 'host') ?? new URL(request.url).host
}

/**
 * The client's address and whether its connection was TLS, under `trustProxy`. `peer` is the
 * socket address when the runtime gives one; without it, `true` or a hop count still believe
 * `X-Forwarded-*` (the app is declared to sit behind that many proxies), a predicate never does.
 */
export function fetchTransport(
  request: Request,
  trust: TrustProxy,
  peer: string | undefined,
): { ip: string | undefined; encrypted: boolean } {
  return transport(
    trust,
    { address: peer, tls: new URL(request.url).protocol === 'https:' },
    { for: header(request, 'x-forwarded-for'), proto: header(request, 'x-forwarded-proto') },
  )
}

/** The request as the session core sees it. */
export function requestInfo(
  request: Request,
  seen: { ip: string | undefined; encrypted: boolean },
): RequestInfo {
  return {
    cookieHeader: header(request, 'cookie'),
    encrypted: seen.encrypted,
    host: hostName(hostHeader(request)),
    userAgent: header(request, 'user-agent'),
    ip: seen.ip,
  }
}
