/**
 * The transport facts of a node:http request (Express, Connect, plain node:http, Fastify's
 * `request.raw`), read the same way by the session middleware and the CSRF check.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { transport, type TrustProxy } from '../../core/http.js'

/** The client's address and whether its connection was TLS, under `trustProxy`. */
export function nodeTransport(
  req: IncomingMessage,
  trust: TrustProxy,
): { ip: string | undefined; encrypted: boolean } {
  return transport(
    trust,
    {
      address: req.socket.remoteAddress,
      tls: (req.socket as Partial<TLSSocket>).encrypted === true,
    },
    { for: req.headers['x-forwarded-for'], proto: req.headers['x-forwarded-proto'] },
  )
}
