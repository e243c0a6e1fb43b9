/**
 * Security headers on every response the demo sends — pages, redirects, errors, the 503 page
 * and static files alike (CL-58, CL-60).
 *
 * The CSP has no `unsafe-inline`: the app ships no script at all, and its one stylesheet is a
 * file of its own origin, so `default-src 'self'` with `script-src 'none'` costs nothing.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono'

/** The Content-Security-Policy of every response. */
export const CONTENT_SECURITY_POLICY: string = [
  "default-src 'self'",
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

/** One year, as ASVS v5.0.0-3.4.1 asks. */
export const HSTS = 'max-age=31536000; includeSubDomains'

const FIXED: readonly [string, string][] = [
  ['content-security-policy', CONTENT_SECURITY_POLICY],
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'same-origin'],
  ['x-frame-options', 'DENY'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
]

/**
 * Middleware that adds the headers after the handler ran (whatever it returned, error pages
 * included). Responses that say nothing about caching get `Cache-Control: no-store`: every page
 * carries a CSRF token or depends on the session, so none may be kept by a shared cache.
 */
export function securityHeaders(options: { trustProxy: boolean }): MiddlewareHandler {
  return async function demoSecurityHeaders(c, next) {
    await next()
    let headers = c.res.headers
    try {
      headers.set('x-content-type-options', 'nosniff')
    } catch {
      // A Response with immutable headers: copy it once.
      c.res = new Response(c.res.body, c.res)
      headers = c.res.headers
    }
    for (const [name, value] of FIXED) headers.set(name, value)
    if (isHttps(c, options.trustProxy)) headers.set('strict-transport-security', HSTS)
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-store')
  }
}

/** True when the browser reached us over HTTPS (directly, or through a trusted proxy). */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  if (!trustProxy) return false
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  return proto === 'https'
}
