/**
 * A Next.js request as the core sees it, read from its headers (`headers()` in Server Components,
 * Server Actions and Route Handlers; `request.headers` in `proxy.ts`).
 *
 * Next does not show the app its socket: it fills `X-Forwarded-For` and `X-Forwarded-Proto` itself
 * only when the client did not send them, so the app cannot tell its own values from a client's.
 * They are believed only under `trustProxy` (a proxy in front that overwrites them); without it
 * the connection counts as plain HTTP and the client address is unknown unless `clientIp` says.
 *
 * @module
 */
import { hostName, transport, type RequestInfo, type TrustProxy } from '../core/http.js'

/** The headers a request is read from (Web `Headers`, or Next's read-only `headers()` result). */
export interface HeaderSource {
  get(name: string): string | null
}

/** Build the core's request view from headers and a Cookie header. */
export function nextRequestInfo(
  headers: HeaderSource,
  cookieHeader: string | undefined,
  trustProxy: TrustProxy,
  clientIp: ((headers: HeaderSource) => string | undefined) | undefined,
): RequestInfo {
  const { ip, encrypted } = transport(
    trustProxy,
    { address: undefined, tls: false },
    {
      for: headers.get('x-forwarded-for') ?? undefined,
      proto: headers.get('x-forwarded-proto') ?? undefined,
    },
  )
  return {
    cookieHeader,
    encrypted,
    host: hostName(headers.get('host') ?? undefined),
    userAgent: headers.get('user-agent') ?? undefined,
    ip: clientIp !== undefined ? clientIp(headers) : ip,
  }
}

/** A Cookie header rebuilt from parsed cookies (`cookies().getAll()`). */
export function cookieHeaderOf(
  all: readonly { readonly name: string; readonly value: string }[],
): string | undefined {
  if (all.length === 0) return undefined
  return all.map(({ name, value }) => `${name}=${encodeURIComponent(value)}`).join('; ')
}
