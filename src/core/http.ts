/**
 * The minimal request/response surface an adapter fills in: the core never sees a framework's
 * request object, so one core serves every adapter.
 *
 * @module
 */

/** What the core needs to know about a request. */
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

/** Host header → host name without port, lower-cased. */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '') return undefined
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
