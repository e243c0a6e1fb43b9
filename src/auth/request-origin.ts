/**
 * The request-origin check applied to every unsafe method, in front of the CSRF token
 * (checklist CL-54, OWASP CSRF Cheat Sheet "Fetch Metadata headers" and "Verifying Origin with
 * Standard Headers"):
 *
 * 1. `GET`, `HEAD`, `OPTIONS` and `TRACE` pass: they must not change state (CL-50).
 * 2. `Sec-Fetch-Site: cross-site` is refused; `same-site` is refused unless allowed.
 * 3. `Origin` (else `Referer`) must be one of the configured origins — never the request's own
 *    `Host`, which an attacker can set (Django CVE-2011-4140). `Origin: null` is refused.
 * 4. Nothing is exempt for its `Content-Type`: a missing, `text/plain` or oddly cased type gets
 *    the same checks (the bypasses of Hono GHSA-2234-fmw7-43wr, SvelteKit CVE-2023-29003).
 *    Optionally, an API can refuse every type but its own (e.g. `application/json`).
 *
 * Header *names* are the adapter's business (Node lowercases them); header *values* are read
 * case-insensitively here.
 *
 * ```ts
 * import { createOriginCheck } from 'tessera-session/auth'
 * ```
 *
 * @module
 */

import { ConfigError } from '../errors.js'

/** The request headers the check reads. Absent headers may be `undefined` or `null`. */
export interface RequestOriginInput {
  /** The request method, e.g. `POST`. */
  method: string
  /** The `Origin` header. */
  origin?: string | null | undefined
  /** The `Sec-Fetch-Site` header. */
  secFetchSite?: string | null | undefined
  /** The `Referer` header. */
  referer?: string | null | undefined
  /** The `Content-Type` header. */
  contentType?: string | null | undefined
}

/** Options of {@link createOriginCheck}. */
export interface OriginCheckOptions {
  /** The app's own origins, e.g. `['https://app.example.com']`: scheme, host and port only. */
  allowedOrigins: readonly string[]
  /**
   * Accept `Sec-Fetch-Site: same-site` (a sibling subdomain), whose origin must still be listed.
   * @default false
   */
  allowSameSite?: boolean
  /**
   * When set, an unsafe request must carry one of these media types (compared without
   * parameters, case-insensitively); a missing type is refused. For JSON APIs:
   * `['application/json']`.
   */
  allowedContentTypes?: readonly string[]
}

/** Why a request was refused. */
export type OriginRejection =
  | 'cross-site'
  | 'same-site'
  | 'bad-fetch-site'
  | 'null-origin'
  | 'origin-mismatch'
  | 'referer-mismatch'
  | 'no-origin'
  | 'content-type'

/** The verdict: go ahead, or refuse (403) for `reason`. */
export type OriginCheckResult = { ok: true } | { ok: false; reason: OriginRejection }

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])
const OK: OriginCheckResult = Object.freeze({ ok: true })

/**
 * Resolves the options once and returns the per-request check.
 *
 * @throws ConfigError when `allowedOrigins` is empty or holds something that is not an http(s)
 *   origin (a path, a query, credentials, a wildcard).
 * @example
 * ```ts
 * const checkOrigin = createOriginCheck({ allowedOrigins: ['https://app.example.com'] })
 * const verdict = checkOrigin({ method: req.method, origin: req.headers.origin, … })
 * if (!verdict.ok) return res.status(403).end()
 * ```
 */
export function createOriginCheck(
  options: OriginCheckOptions,
): (input: RequestOriginInput) => OriginCheckResult {
  const allowed = new Set(resolveOrigins(options.allowedOrigins))
  const allowSameSite = options.allowSameSite ?? false
  const types =
    options.allowedContentTypes === undefined
      ? undefined
      : new Set(options.allowedContentTypes.map((t) => essence(t)))

  return function checkOrigin(input: RequestOriginInput): OriginCheckResult {
    if (SAFE_METHODS.has(String(input.method).toUpperCase())) return OK
    const site = header(input.secFetchSite)?.toLowerCase()
    if (site === 'cross-site') return reject('cross-site')
    if (site === 'same-site' && !allowSameSite) return reject('same-site')
    if (site !== undefined && !['same-origin', 'same-site', 'none'].includes(site)) {
      return reject('bad-fetch-site')
    }
    const origin = header(input.origin)
    if (origin !== undefined) {
      if (origin.toLowerCase() === 'null') return reject('null-origin')
      if (!allowed.has(originOf(origin) ?? '')) return reject('origin-mismatch')
    } else {
      const referer = header(input.referer)
      if (referer === undefined) return reject('no-origin')
      if (!allowed.has(originOf(referer) ?? '')) return reject('referer-mismatch')
    }
    if (types !== undefined) {
      const type = header(input.contentType)
      if (type === undefined || !types.has(essence(type))) return reject('content-type')
    }
    return OK
  }
}

/**
 * Checks one request against `options`. Resolves the options on every call: prefer
 * {@link createOriginCheck} on a hot path.
 *
 * @example
 * ```ts
 * checkRequestOrigin({ method: 'POST', origin: 'null' }, { allowedOrigins: ['https://a.example'] })
 * // → { ok: false, reason: 'null-origin' }
 * ```
 */
export function checkRequestOrigin(
  input: RequestOriginInput,
  options: OriginCheckOptions,
): OriginCheckResult {
  return createOriginCheck(options)(input)
}

function reject(reason: OriginRejection): OriginCheckResult {
  return { ok: false, reason }
}

/** A header value, trimmed; `undefined` when absent or empty. */
function header(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

/** The serialized origin of an absolute http(s) URL (lowercase, default port dropped). */
function originOf(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined
  const url = new URL(value)
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined
}

function resolveOrigins(origins: readonly string[] | undefined): string[] {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new ConfigError('allowedOrigins must list the app origin(s), e.g. https://example.com.')
  }
  return origins.map((value: unknown) => {
    const text = typeof value === 'string' ? value.trim() : ''
    const origin = originOf(text)
    const url = origin === undefined ? undefined : new URL(text)
    const bare = url !== undefined && url.pathname === '/' && url.search === '' && url.hash === ''
    if (origin === undefined || !bare || url.username !== '' || url.password !== '') {
      throw new ConfigError(`Not an origin: ${JSON.stringify(value)} (use scheme://host[:port]).`)
    }
    return origin
  })
}

/** A media type without parameters, lowercased: `Text/Plain; charset=x` → `text/plain`. */
function essence(type: string): string {
  return type.split(';')[0]!.trim().toLowerCase()
}
