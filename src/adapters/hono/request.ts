/**
 * The transport facts of a Hono request, read the same way by the session middleware and the CSRF
 * check. Under `@hono/node-server` the socket is `c.env.incoming.socket`; on other runtimes there
 * is no socket address and the URL's scheme says whether the connection was TLS.
 *
 * @module
 */
import type { Context } from 'hono'
import { transport, type TrustProxy } from '../../core/http.js'

/** The client's address and whether its connection was TLS, under `trustProxy`. */
export function honoTransport(
  c: Context,
  trust: TrustProxy,
): { ip: string | undefined; encrypted: boolean } {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return transport(
    trust,
    {
      address: env?.incoming?.socket?.remoteAddress,
      tls: new URL(c.req.url).protocol === 'https:',
    },
    { for: c.req.header('x-forwarded-for'), proto: c.req.header('x-forwarded-proto') },
  )
}
