/**
 * The transport facts of a node:http request (Express, Connect, plain node:http, Fastify's
 * `request.raw`), read the same way by the session middleware and the CSRF check.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { CsrfRequest } from '../../auth/csrf-protection.js'
import type { GuardRequest } from '../../auth/guards.js'
import { hostName, transport, type TrustProxy } from '../../core/http.js'

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

/** What the CSRF check needs of a node:http request. */
export function nodeCsrfRequest(req: IncomingMessage, trust: TrustProxy): CsrfRequest {
  const one = (name: string): string | undefined => {
    const value = req.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  return {
    method: req.method ?? 'GET',
    origin: one('origin'),
    secFetchSite: one('sec-fetch-site'),
    referer: one('referer'),
    contentType: one('content-type'),
    cookieHeader: req.headers.cookie,
    encrypted: nodeTransport(req, trust).encrypted,
    host: hostName(req.headers.host),
    hostHeader: req.headers.host,
  }
}

/**
 * A form field from a body the framework parsed, only for urlencoded or multipart requests: never
 * from the query string or a JSON body.
 */
export function formFieldOf(req: IncomingMessage, body: unknown, name: string): string | undefined {
  const type = String(req.headers['content-type'] ?? '').toLowerCase()
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

/** What the sign-in guards need of a node:http request (Express's `originalUrl` when mounted). */
export function nodeGuardRequest(req: IncomingMessage): GuardRequest {
  const one = (name: string): string | undefined => {
    const value = req.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  return {
    method: req.method ?? 'GET',
    path: (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/',
    accept: one('accept'),
    fetchMode: one('sec-fetch-mode'),
    requestedWith: one('x-requested-with'),
  }
}
