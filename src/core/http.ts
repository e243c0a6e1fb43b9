/**
 * The minimal request/response surface an adapter fills in: the core never sees a framework's
 * request object, so one core serves every adapter.
 *
 * @module
 */

/**
 * The part of a request the session core reads, and what `manager.begin()` takes: a hand-built
 * request needs only these fields. Every adapter passes its whole {@link HttpRequest}.
 */
export interface RequestInfo {
  /** The Cookie header (several headers joined with `; `). */
  readonly cookieHeader: string | undefined
  /** True when the request arrived over TLS (or, with `trustProxy`, `X-Forwarded-Proto: https`). */
  readonly encrypted: boolean
  /** The Host header without port, lower-cased. */
  readonly host: string | undefined
  /** The User-Agent header, for the active-sessions list. */
  readonly userAgent?: string | undefined
  /** The client address: the socket's, or with `trustProxy` the hop the trusted proxies saw. */
  readonly ip?: string | undefined
}

/**
 * The one request shape: what sessions, CSRF and the sign-in guards know of a request. Each
 * adapter builds it once per request, in its session middleware, with the transport read once
 * under `trustProxy` (see {@link transport}); the CSRF check, `csrfToken()` and the guards read the
 * same object. Adapters implement it as a small class whose fields the session reads are plain
 * properties and whose other members read the framework's request when asked.
 */
export interface HttpRequest extends RequestInfo {
  /** The request method, upper-case as sent (`GET`, `POST`). */
  readonly method: string
  /** The URL path without the query (`/account`); the whole path when the app is mounted. */
  readonly path: string
  /** The query string with its `?` (`?tab=2`), or `''`. */
  readonly query: string
  /** The Host header as sent (with port), for the request's own origin. */
  readonly hostHeader: string | undefined
  readonly userAgent: string | undefined
  readonly ip: string | undefined
  /** A request header by its lower-case name: its first value, or `undefined` when absent. */
  header(name: string): string | undefined
}

/** What the adapter must add to the response. */
export interface CommitResult {
  /** Set-Cookie header values, at most one per cookie name (CL-12). */
  readonly cookies: readonly string[]
  /** Add `Vary: Cookie`: the session was read or written (CL-59). */
  readonly vary: boolean
}

/** Nothing to add. */
export const EMPTY_COMMIT: CommitResult = Object.freeze({ cookies: Object.freeze([]), vary: false })

/** True for localhost, 127.0.0.0/8 and ::1 (with or without brackets). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false
  const h = host.toLowerCase()
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(h) ||
    h === '::1' ||
    h === '[::1]'
  )
}

/**
 * The path of a request target, without its query: an origin-form target (`/a?b`) or an absolute
 * URL (`https://host/a?b`, what a Web `Request` carries) — without parsing it as a URL.
 */
export function pathOf(target: string): string {
  const start = pathStart(target)
  if (start === -1) return '/'
  const end = queryStart(target, start)
  return end === start ? '/' : target.slice(start, end)
}

/** The query of a request target with its `?`, or `''` (see {@link pathOf}). */
export function queryOf(target: string): string {
  const start = pathStart(target)
  if (start === -1) return ''
  const begin = target.indexOf('?', start)
  if (begin === -1) return ''
  const hash = target.indexOf('#', begin)
  return hash === -1 ? target.slice(begin) : target.slice(begin, hash)
}

/** The host (with port) of an absolute URL, as `new URL(url).host` gives it for a serialized URL. */
export function urlHost(url: string): string {
  const scheme = url.indexOf('://')
  if (scheme === -1) return ''
  const from = scheme + 3
  let to = from
  while (to < url.length && !'/?#'.includes(url.charAt(to))) to++
  const at = url.lastIndexOf('@', to - 1)
  return url.slice(at >= from ? at + 1 : from, to)
}

/** True for an `https:` absolute URL (a serialized URL's scheme is lower-case). */
export function isHttpsUrl(url: string): boolean {
  return url.startsWith('https:')
}

function pathStart(target: string): number {
  if (target.startsWith('/')) return 0
  const scheme = target.indexOf('://')
  if (scheme === -1) return -1
  const slash = target.indexOf('/', scheme + 3)
  const query = target.indexOf('?', scheme + 3)
  if (slash === -1 || (query !== -1 && query < slash)) return query === -1 ? target.length : query
  return slash
}

function queryStart(target: string, from: number): number {
  for (let i = from; i < target.length; i++) {
    const c = target.charCodeAt(i)
    if (c === 0x3f || c === 0x23) return i
  }
  return target.length
}

/** Host header → host name without port, lower-cased. */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '') return undefined
  // One entry of memory: a server sees the same Host header request after request.
  if (hostHeader === lastHostHeader) return lastHostName
  lastHostName = parseHostName(hostHeader)
  lastHostHeader = hostHeader
  return lastHostName
}

let lastHostHeader: string | undefined
let lastHostName: string | undefined

function parseHostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']')
    return end === -1 ? hostHeader.toLowerCase() : hostHeader.slice(0, end + 1).toLowerCase()
  }
  const colon = hostHeader.indexOf(':')
  return (colon === -1 ? hostHeader : hostHeader.slice(0, colon)).toLowerCase()
}

/**
 * Which proxies in front of the app to trust for `X-Forwarded-For` / `X-Forwarded-Proto`:
 * `false` none; `true` one (the socket's peer is your proxy); a number, that many proxies; or a
 * function that says whether an address (the socket's peer, then each hop from the right) is one of
 * your proxies.
 */
export type TrustProxy = boolean | number | ((address: string) => boolean)

/**
 * The client's address as the trusted proxies saw it. Proxies append the address they received
 * from to `X-Forwarded-For`, so only the right-most entries were written by them: everything to the
 * left of the last trusted hop came from the client and is not believed (taking the left-most entry
 * lets any client choose its address, and with it bypass per-address throttling). Walks from the
 * socket's peer leftwards while the current address is a trusted proxy.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trust: TrustProxy,
): string | undefined {
  if (trust === false || trust === 0 || forwardedFor === undefined) return socketAddress
  const hops = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(','))
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '')
  let address = socketAddress
  for (let trusted = 0; hops.length > 0; trusted++) {
    const isProxy =
      typeof trust === 'function'
        ? address !== undefined && trust(address)
        : trusted < (trust === true ? 1 : trust)
    if (!isProxy) break
    address = hops.pop()
  }
  return address
}

/** True when the socket's peer is one of the trusted proxies, so its `X-Forwarded-*` count. */
export function peerIsTrusted(socketAddress: string | undefined, trust: TrustProxy): boolean {
  if (typeof trust === 'function') return socketAddress !== undefined && trust(socketAddress)
  return trust === true || (typeof trust === 'number' && trust > 0)
}

/**
 * What any runtime can read of a request's transport, and what it means under `trustProxy`: the
 * client's address, and whether the client's connection was TLS (the socket's own, or
 * `X-Forwarded-Proto: https` from a trusted peer). Every adapter and the CSRF check use this one
 * function, so they always agree on what "behind a proxy" means.
 */
export function transport(
  trust: TrustProxy,
  socket: { address: string | undefined; tls: boolean },
  forwarded: {
    for: string | readonly string[] | undefined
    proto: string | readonly string[] | undefined
  },
): { ip: string | undefined; encrypted: boolean } {
  if (!peerIsTrusted(socket.address, trust)) return { ip: socket.address, encrypted: socket.tls }
  const proto = typeof forwarded.proto === 'string' ? forwarded.proto : forwarded.proto?.[0]
  return {
    ip: clientAddress(socket.address, forwarded.for, trust),
    encrypted: socket.tls || proto?.split(',')[0]?.trim().toLowerCase() === 'https',
  }
}
