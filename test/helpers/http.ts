/** A small HTTP client with manual cookie handling (no automatic jar): tests control every header. */
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http'

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  setCookies: string[]
  body: string
}

export function send(
  url: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            setCookies: res.headers['set-cookie'] ?? [],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${url}`)))
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

/** A browser-like cookie jar over `send`: remembers Set-Cookie by name, honours deletion. */
export class Browser {
  readonly cookies: Map<string, string> = new Map()
  readonly base: string
  constructor(base: string) {
    this.base = base
  }

  cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async fetch(
    path: string,
    options: { method?: string; headers?: OutgoingHttpHeaders; body?: string } = {},
  ): Promise<Reply> {
    const cookie = this.cookieHeader()
    const reply = await send(this.base + path, {
      ...options,
      headers: { ...(cookie === undefined ? {} : { cookie }), ...options.headers },
    })
    for (const line of reply.setCookies) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (/Max-Age=0(;|$)/i.test(line) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return reply
  }
}
