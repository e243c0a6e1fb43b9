/**
 * Serves a fetch handler over `node:http` on loopback through a small Request/Response bridge, the
 * way Bun, Deno and workerd hand requests to a fetch handler: the global `Request` with the Host
 * header and the body, and the `Response` streamed back. A handler that throws gets the runtime's
 * plain 500; a Host that makes no URL, the runtime's 400.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RunningApp } from './suite.js'

export type FetchHandler = (request: Request, ...rest: unknown[]) => Promise<Response>

/** Serve `handler`; `rest` are the extra arguments a runtime would pass (Workers' env, ctx). */
export async function serveFetch(handler: FetchHandler, ...rest: unknown[]): Promise<RunningApp> {
  const server = createServer((req, res) => {
    bridge(handler, rest, req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function bridge(
  handler: FetchHandler,
  rest: unknown[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) headers.append(name, v)
  }
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const method = req.method ?? 'GET'
  let request: Request
  try {
    request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
    })
  } catch {
    // A Host that makes no URL: runtimes refuse it before any handler runs.
    res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad Request')
    return
  }
  let response: Response
  try {
    response = await handler(request, ...rest)
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error')
    return
  }
  res.statusCode = response.status
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (response.body !== null) {
    for await (const chunk of response.body) res.write(chunk)
  }
  res.end()
}
