/**
 * Framework-free decisions behind the login guards: whether a request wants HTML (303 to the
 * login page) or is an API/fetch call (401), and safe `next` targets (CL-56, CL-57).
 *
 * @module
 */

/** What a guard needs to know about the request. */
export interface GuardRequest {
  readonly method: string
  /** Path and query of the request, e.g. `/account?tab=2`. */
  readonly path: string
  readonly accept: string | undefined
  /** `Sec-Fetch-Mode` header (`navigate` for page loads). */
  readonly fetchMode: string | undefined
  /** `X-Requested-With` header. */
  readonly requestedWith: string | undefined
}

/** What a guard answers when it refuses. */
export type GuardRefusal =
  | { readonly status: 303; readonly location: string }
  | { readonly status: 401; readonly body: { readonly error: string; readonly message: string } }

/** True for a page navigation (an HTML answer), false for API, fetch and XHR calls. */
export function wantsHtml(request: GuardRequest): boolean {
  if (request.requestedWith !== undefined) return false
  if (request.fetchMode !== undefined && request.fetchMode !== 'navigate') return false
  const accept = request.accept ?? ''
  if (accept.includes('text/html')) return true
  return !accept.includes('application/json') && request.method === 'GET' && accept === ''
}

/**
 * A same-site path to go to after login, or `fallback`. Accepts only `/`-rooted paths that stay on
 * this site (no scheme, no `//host`, no backslashes, no control characters); the result is
 * re-serialized from the parsed URL, never the raw input.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (typeof next !== 'string' || next === '' || next.length > 2048) return fallback
  if (!isRootedPath(next)) return fallback
  let url: URL
  try {
    url = new URL(next, 'http://tessera.invalid')
  } catch {
    return fallback
  }
  if (url.origin !== 'http://tessera.invalid') return fallback
  // Check the normalised result, not only the input: `/.//x`, `/a/..//x` and `/%2e//x` all
  // normalise to `//x`, which a browser reads as another host.
  const result = url.pathname + url.search + url.hash
  return isRootedPath(result) ? result : fallback
}

/** The refusal for an anonymous request: 303 to `loginUrl?next=<path>` or 401 JSON. */
export function loginRefusal(request: GuardRequest, loginUrl: string): GuardRefusal {
  if (!wantsHtml(request)) {
    return { status: 401, body: { error: 'login_required', message: 'Please log in to continue.' } }
  }
  return {
    status: 303,
    location: withNext(loginUrl, request.method === 'GET' ? request.path : '/'),
  }
}

/** The refusal for a stale login: 303 to the re-authentication page or 401 JSON. */
export function reauthRefusal(request: GuardRequest, reauthUrl: string): GuardRefusal {
  if (!wantsHtml(request)) {
    return {
      status: 401,
      body: {
        error: 'reauth_required',
        message: 'This action needs a recent login. Please confirm your password.',
      },
    }
  }
  return {
    status: 303,
    location: withNext(reauthUrl, request.method === 'GET' ? request.path : '/'),
  }
}

function withNext(url: string, path: string): string {
  const next = safeNext(path)
  const separator = url.includes('?') ? '&' : '?'
  return `${url}${separator}next=${encodeURIComponent(next)}`
}

/** `/`-rooted, not `//host`, and free of backslashes and control characters. */
function isRootedPath(text: string): boolean {
  return text.startsWith('/') && !text.startsWith('//') && !hasControlOrBackslash(text)
}

function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true
  }
  return false
}
