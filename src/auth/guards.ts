/**
 * Framework-free decisions behind the login guards: whether a request wants HTML (303 to the
 * login page) or is an API/fetch call (401), and safe `next` targets (CL-56, CL-57).
 *
 * @module
 */
import type { HttpRequest } from '../core/http.js'

/**
 * What a guard needs to know about the request: the part of the one request shape it reads.
 *
 * @deprecated Guards read the one request shape, `HttpRequest` (from `tessera-session`); this is
 *   the part of it they use.
 */
export type GuardRequest = Pick<HttpRequest, 'method' | 'path' | 'query' | 'header'>

type GuardView = Pick<HttpRequest, 'method' | 'path' | 'query' | 'header'>

/** What a guard answers when it refuses. */
export type GuardRefusal =
  | { readonly status: 303; readonly location: string }
  | { readonly status: 401; readonly body: { readonly error: string; readonly message: string } }

/** True for a page navigation (an HTML answer), false for API, fetch and XHR calls. */
export function wantsHtml(request: GuardView): boolean {
  if (request.header('x-requested-with') !== undefined) return false
  const fetchMode = request.header('sec-fetch-mode')
  if (fetchMode !== undefined && fetchMode !== 'navigate') return false
  const accept = request.header('accept') ?? ''
  if (accept.includes('text/html')) return true
  return request.method === 'GET' && accept === ''
}

/**
 * A same-site path to go to after login, or `fallback`. Accepts only `/`-rooted paths that stay on
 * this site (no scheme, no `//host`, no backslashes, no control characters); the result is
 * re-serialized from the parsed URL, never the raw input.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (typeof next !== 'string' || next.length > 2048) return fallback
  if (!isRootedPath(next)) return fallback
  let url: URL
  try {
    url = new URL(next, 'http://tessera.invalid')
  } catch {
    return fallback
  }
  // Defence in depth: a rooted input without backslashes or controls always stays on the base's
  // origin (so no test can fail this check), and only path, query and hash are kept below.
  if (url.origin !== 'http://tessera.invalid') return fallback
  // Check the normalised result, not only the input: `/.//x`, `/a/..//x` and `/%2e//x` all
  // normalise to `//x`, which a browser reads as another host.
  const result = url.pathname + url.search + url.hash
  return isRootedPath(result) ? result : fallback
}

/** The refusal for an anonymous request: 303 to `loginUrl?next=<path>` or 401 JSON. */
export function loginRefusal(request: GuardView, loginUrl: string): GuardRefusal {
  if (!wantsHtml(request)) {
    return { status: 401, body: { error: 'login_required', message: 'Please log in to continue.' } }
  }
  return {
    status: 303,
    location: withNext(loginUrl, request),
  }
}

/** The refusal for a stale login: 303 to the re-authentication page or 401 JSON. */
export function reauthRefusal(request: GuardView, reauthUrl: string): GuardRefusal {
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
    location: withNext(reauthUrl, request),
  }
}

/** `url` with `next=`: the page asked for on a GET, else the home page. */
function withNext(url: string, request: GuardView): string {
  const next = request.method === 'GET' ? safeNext(request.path + request.query) : '/'
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
