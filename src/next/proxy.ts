/**
 * Sessions in `proxy.ts` (Next 16; `middleware.ts` before it): read and refresh the session of a
 * `NextRequest`, let the app answer or continue, and commit into the `NextResponse`.
 *
 * @module
 */
import type { NextRequest } from 'next/server.js'
import { StoreUnavailableError } from '../errors.js'
import { EMPTY_COMMIT, type CommitResult, type TrustProxy } from '../core/http.js'
import type { Session } from '../core/session.js'
import type { SessionManager } from '../core/session-manager.js'
import {
  applyCommit,
  sanitizeUnavailable,
  unavailableResponse,
} from '../adapters/common/web-response.js'
import { cookieHeaderOf, nextRequestInfo, type HeaderSource } from './request.js'
import { parseSetCookie } from './set-cookie.js'

/** What the proxy's handler returns: a Response to send, or `undefined` to continue to the route. */
export type ProxyHandler<Data extends object> = (
  session: Session<Data>,
  request: NextRequest,
) => Response | undefined | Promise<Response | undefined>

/** The settings the proxy helper shares with the rest of the adapter. */
export interface ProxySettings {
  readonly trustProxy: TrustProxy
  readonly clientIp: ((headers: HeaderSource) => string | undefined) | undefined
  readonly onUnavailable: ((request: NextRequest) => Response | Promise<Response>) | undefined
}

const SAFE = new Set(['GET', 'HEAD'])

/** Run `handler` with the request's session and commit it into the response. */
export async function runProxy<Data extends object>(
  manager: SessionManager<Data>,
  settings: ProxySettings,
  request: NextRequest,
  handler: ProxyHandler<Data> | undefined,
): Promise<Response> {
  const info = nextRequestInfo(
    request.headers,
    request.headers.get('cookie') ?? undefined,
    settings.trustProxy,
    settings.clientIp,
  )
  const handle = manager.begin(info)
  let result: CommitResult = EMPTY_COMMIT
  let answer: Response | undefined
  try {
    await handle.load()
    answer = handler === undefined ? undefined : await handler(handle.session, request)
    const session = handle.session
    // Reading the session is what pushes a sliding deadline: the proxy reads it on every page view
    // (any read counts; `isNew` is the cheapest).
    if (SAFE.has(request.method)) void session.isNew
    // A Server Action or a form post saves the session itself: the proxy writes only what its
    // handler changed (a set, regenerate or destroy), never a refresh that could race the route's
    // own Set-Cookie.
    if (SAFE.has(request.method) || session.modified) {
      result = await handle.commit()
    }
  } catch (err) {
    if (err instanceof StoreUnavailableError) return unavailable(request, settings)
    throw err
  }
  // Continuing: the route renders with the cookies the browser will hold after this response.
  return applyCommit(answer ?? (await continueWith(request, result)), result)
}

async function continueWith(request: NextRequest, result: CommitResult): Promise<Response> {
  const { NextResponse } = await import('next/server.js')
  if (result.cookies.length === 0) return NextResponse.next()
  const jar = new Map(request.cookies.getAll().map(({ name, value }) => [name, value]))
  for (const header of result.cookies) {
    const { name, value, options } = parseSetCookie(header)
    if (options.maxAge !== undefined && options.maxAge <= 0) jar.delete(name)
    else jar.set(name, value)
  }
  const headers = new Headers(request.headers)
  const cookie = cookieHeaderOf([...jar].map(([name, value]) => ({ name, value })))
  if (cookie === undefined) headers.delete('cookie')
  else headers.set('cookie', cookie)
  return NextResponse.next({ request: { headers } })
}

async function unavailable(request: NextRequest, settings: ProxySettings): Promise<Response> {
  if (settings.onUnavailable === undefined) return unavailableResponse(request)
  return sanitizeUnavailable(await settings.onUnavailable(request))
}
