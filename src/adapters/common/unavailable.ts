/**
 * The answers every adapter gives by itself — 503 with Retry-After when the session store cannot
 * be reached (a short page or JSON, no Set-Cookie and no stack trace: CL-72, CL-80), 403 when a
 * request fails the CSRF check — and the `Vary: Cookie` merge. Written once here; node, Fastify,
 * Hono and the Web-standard adapters only hand them to their response objects.
 *
 * @module
 */

/** Seconds a client should wait before retrying. */
export const RETRY_AFTER_SECONDS = 5

/** The 503 answer: its body and headers (frozen, shared by every request). */
export interface UnavailableAnswer {
  readonly body: string
  readonly headers: Readonly<Record<'content-type' | 'retry-after' | 'cache-control', string>>
}

const answer = (type: string, body: string): UnavailableAnswer =>
  Object.freeze({
    body,
    headers: Object.freeze({
      'content-type': type,
      'retry-after': String(RETRY_AFTER_SECONDS),
      'cache-control': 'no-store',
    }),
  })

const JSON_ANSWER = answer(
  'application/json; charset=utf-8',
  '{"error":"session_store_unavailable","message":"Please try again shortly."}',
)
const TEXT_ANSWER = answer(
  'text/plain; charset=utf-8',
  'Service temporarily unavailable. Please try again shortly.\n',
)

/** The 503 answer for a client that accepts `accept`: JSON for API clients, else plain text. */
export function unavailableAnswer(accept: string | undefined): UnavailableAnswer {
  return accept !== undefined &&
    accept.includes('application/json') &&
    !accept.includes('text/html')
    ? JSON_ANSWER
    : TEXT_ANSWER
}

/** The 403 answer of `csrfProtection()`: its body and headers (frozen, shared by every request). */
export interface RejectedAnswer {
  readonly body: string
  readonly headers: Readonly<Record<'content-type' | 'cache-control', string>>
}

const rejected = (type: string, body: string): RejectedAnswer =>
  Object.freeze({
    body,
    headers: Object.freeze({ 'content-type': type, 'cache-control': 'no-store' }),
  })

const JSON_REJECTED = rejected(
  'application/json; charset=utf-8',
  '{"error":"csrf_rejected","message":"The request failed the CSRF check."}',
)
const TEXT_REJECTED = rejected(
  'text/plain; charset=utf-8',
  'Forbidden: the form has expired or did not come from this site. Reload the page and try again.',
)

/** The CSRF 403 answer for a client that accepts `accept`: JSON when it asks for JSON. */
export function csrfRejectedAnswer(accept: string | undefined): RejectedAnswer {
  return accept !== undefined && accept.includes('application/json') ? JSON_REJECTED : TEXT_REJECTED
}

/** Add `Cookie` to a Vary header value, once. */
export function addVaryCookie(current: string | undefined): string {
  if (current === undefined || current === '') return 'Cookie'
  const parts = current.split(',').map((p) => p.trim().toLowerCase())
  if (parts.includes('cookie') || parts.includes('*')) return current
  return `${current}, Cookie`
}

/** {@link addVaryCookie} for a header value as node and Fastify hold it (a number, a list). */
export function varyWithCookie(current: unknown): string {
  if (typeof current === 'string') return addVaryCookie(current)
  if (typeof current === 'number') return addVaryCookie(String(current))
  return addVaryCookie(Array.isArray(current) ? current.join(', ') : undefined)
}
