/**
 * Web-standard Responses for the adapters that return one (fetch, Hono, Next.js's proxy): the
 * commit applied to a Response, the 503 answer, and editing headers whatever the Response's origin. A Response from `fetch()` or
 * `Response.redirect()` has immutable headers (Fetch standard, "headers guard"): editing them throws
 * a `TypeError`, so the response is copied once — status, status text, headers and the unread body
 * stream — and the edit is applied to the copy.
 *
 * @module
 */
import type { CommitResult } from '../../core/http.js'
import { addVaryCookie, RETRY_AFTER_SECONDS, unavailableAnswer } from './unavailable.js'

/** Apply `edit` to the response's headers, copying the response first when they are immutable. */
export function editHeaders(response: Response, edit: (headers: Headers) => void): Response {
  try {
    edit(response.headers)
    return response
  } catch (err) {
    if (!(err instanceof TypeError)) throw err
  }
  const copy = new Response(response.body, response)
  edit(copy.headers)
  return copy
}

/** The commit on a Response: `Vary: Cookie` merged, the Set-Cookie values appended to the app's. */
export function applyCommit(response: Response, result: CommitResult): Response {
  if (!result.vary && result.cookies.length === 0) return response
  return editHeaders(response, (headers) => {
    if (result.vary) headers.set('vary', addVaryCookie(headers.get('vary') ?? undefined))
    for (const cookie of result.cookies) headers.append('set-cookie', cookie)
  })
}

/** Throw a clear error when a handler resolved to something that is not a Response. */
export function assertResponse(value: unknown): asserts value is Response {
  const headers = (value as { headers?: { append?: unknown } } | null | undefined)?.headers
  if (typeof headers?.append !== 'function') {
    throw new TypeError('A fetch handler wrapped by tessera must return a Response.')
  }
}

/** The default 503 while the session store cannot be reached: Retry-After, no Set-Cookie. */
export function unavailableResponse(request: Request): Response {
  const { headers, body } = unavailableAnswer(request.headers.get('accept') ?? undefined)
  return new Response(body, { status: 503, headers })
}

/** An app's own 503 made safe: its Set-Cookie dropped, Retry-After added when missing. */
export function sanitizeUnavailable(response: Response): Response {
  return editHeaders(response, (headers) => {
    headers.delete('set-cookie')
    if (!headers.has('retry-after')) headers.set('retry-after', String(RETRY_AFTER_SECONDS))
  })
}

/** Release a response that will not be sent (its body may hold a socket or a file). */
export function discard(response: Response): void {
  if (response.body !== null && !response.bodyUsed) response.body.cancel().catch(() => undefined)
}
