/**
 * The answer every adapter gives when the session store cannot be reached: 503 with Retry-After,
 * a short page or JSON, no Set-Cookie and no stack trace (CL-72, CL-80).
 *
 * @module
 */

/** Seconds a client should wait before retrying. */
export const RETRY_AFTER_SECONDS = 5

/** Body and content type of the 503 answer, by what the client accepts. */
export function unavailableBody(accept: string | undefined): { type: string; body: string } {
  if (
    accept !== undefined &&
    accept.includes('application/json') &&
    !accept.includes('text/html')
  ) {
    return {
      type: 'application/json; charset=utf-8',
      body: '{"error":"session_store_unavailable","message":"Please try again shortly."}',
    }
  }
  return {
    type: 'text/plain; charset=utf-8',
    body: 'Service temporarily unavailable. Please try again shortly.\n',
  }
}

/** Add `Cookie` to a Vary header value, once. */
export function addVaryCookie(current: string | undefined): string {
  if (current === undefined || current === '') return 'Cookie'
  const parts = current.split(',').map((p) => p.trim().toLowerCase())
  if (parts.includes('cookie') || parts.includes('*')) return current
  return `${current}, Cookie`
}
