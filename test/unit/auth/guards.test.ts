import { describe, expect, it } from 'vitest'
import { loginRefusal, reauthRefusal, safeNext, wantsHtml } from '../../../src/auth/guards.js'
import type { HttpRequest } from '../../../src/index.js'

type GuardView = Pick<HttpRequest, 'method' | 'path' | 'query' | 'header'>

/** A request as the guards see it, its headers from a record of lower-case names. */
function request(
  method: string,
  headers: Record<string, string> = {},
  target: { path?: string; query?: string } = {},
): GuardView {
  return {
    method,
    path: target.path ?? '/account',
    query: target.query ?? '',
    header: (name) => headers[name],
  }
}

const PAGE = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
const API = { accept: 'application/json' }

describe('wantsHtml', () => {
  it('treats a browser navigation (Accept: text/html) as a page request, whatever the method', () => {
    expect(wantsHtml(request('GET', PAGE))).toBe(true)
    expect(wantsHtml(request('POST', PAGE))).toBe(true)
    expect(wantsHtml(request('GET', { ...PAGE, 'sec-fetch-mode': 'navigate' }))).toBe(true)
  })

  it('treats a bare GET without an Accept header as a page request, but not a bare POST', () => {
    expect(wantsHtml(request('GET'))).toBe(true)
    expect(wantsHtml(request('POST'))).toBe(false)
    expect(wantsHtml(request('DELETE'))).toBe(false)
  })

  it('treats JSON, */* and other non-HTML Accept headers as API calls', () => {
    expect(wantsHtml(request('GET', API))).toBe(false)
    expect(wantsHtml(request('GET', { accept: '*/*' }))).toBe(false)
    expect(wantsHtml(request('POST', { accept: '*/*' }))).toBe(false)
  })

  it('treats an XHR (X-Requested-With) as an API call even when it accepts HTML', () => {
    expect(wantsHtml(request('GET', { ...PAGE, 'x-requested-with': 'XMLHttpRequest' }))).toBe(false)
    expect(wantsHtml(request('GET', { 'x-requested-with': 'XMLHttpRequest' }))).toBe(false)
  })

  it('treats a fetch() (Sec-Fetch-Mode other than navigate) as an API call even when it accepts HTML', () => {
    for (const mode of ['cors', 'no-cors', 'same-origin', 'websocket', '']) {
      expect(wantsHtml(request('GET', { ...PAGE, 'sec-fetch-mode': mode })), mode).toBe(false)
    }
  })
})

describe('safeNext', () => {
  it('CL-56 keeps a same-site path with its query and fragment', () => {
    expect(safeNext('/account')).toBe('/account')
    expect(safeNext('/account?tab=2&x=%2F#keys')).toBe('/account?tab=2&x=%2F#keys')
    expect(safeNext('/')).toBe('/')
  })

  it('CL-56 answers the fallback (default /) for a missing or empty next', () => {
    for (const next of [undefined, null, '']) {
      expect(safeNext(next), String(next)).toBe('/')
      expect(safeNext(next, '/home'), String(next)).toBe('/home')
    }
  })

  it('CL-56 accepts a next of up to 2048 characters and refuses a longer one', () => {
    const longest = `/${'a'.repeat(2047)}`
    expect(safeNext(longest)).toBe(longest)
    expect(safeNext(`${longest}a`, '/home')).toBe('/home')
  })

  it('CL-56 refuses absolute, protocol-relative and unrooted targets', () => {
    for (const next of [
      'https://evil.example/',
      'javascript:alert(1)',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'account',
      ' /account',
    ]) {
      expect(safeNext(next, '/home'), next).toBe('/home')
    }
  })

  it('CL-56 refuses a path with a backslash anywhere, not only at the start', () => {
    expect(safeNext('/a\\b', '/home')).toBe('/home')
    expect(safeNext('/account\\', '/home')).toBe('/home')
  })

  it('CL-56 refuses a path with a control character or DEL, which the URL parser would drop or encode', () => {
    for (const c of ['\u0000', '\u0001', '\t', '\n', '\r', '\u001f', '\u007f']) {
      expect(safeNext(`/a${c}b`, '/home'), JSON.stringify(c)).toBe('/home')
    }
  })

  it('CL-56 accepts a space, and answers it percent-encoded', () => {
    expect(safeNext('/search?q=a b')).toBe('/search?q=a%20b')
  })

  it('CL-56 answers the normalised path, and refuses one that normalises to //host', () => {
    expect(safeNext('/a/../b/./c')).toBe('/b/c')
    for (const next of ['/.//evil.example', '/a/..//evil.example', '/%2e//evil.example']) {
      expect(safeNext(next, '/home'), next).toBe('/home')
    }
  })
})

describe('loginRefusal', () => {
  it('CL-57 sends an anonymous page GET to the login page with the path and query as next', () => {
    expect(
      loginRefusal(request('GET', PAGE, { path: '/account', query: '?tab=2' }), '/login'),
    ).toEqual({ status: 303, location: '/login?next=%2Faccount%3Ftab%3D2' })
  })

  it('CL-57 sends an anonymous page POST to the login page with next=/, not the form’s path', () => {
    expect(loginRefusal(request('POST', PAGE, { path: '/account/delete' }), '/login')).toEqual({
      status: 303,
      location: '/login?next=%2F',
    })
  })

  it('CL-57 appends next with & to a login URL that already has a query', () => {
    expect(loginRefusal(request('GET', PAGE), '/login?lang=en')).toEqual({
      status: 303,
      location: '/login?lang=en&next=%2Faccount',
    })
  })

  it('CL-56 puts only a safe path in next', () => {
    expect(loginRefusal(request('GET', PAGE, { path: '//evil.example' }), '/login')).toEqual({
      status: 303,
      location: '/login?next=%2F',
    })
  })

  it('CL-57 answers an API call 401 with a JSON body', () => {
    const body = { error: 'login_required', message: 'Please log in to continue.' }
    expect(loginRefusal(request('GET', API), '/login')).toEqual({ status: 401, body })
    expect(loginRefusal(request('POST'), '/login')).toEqual({ status: 401, body })
  })
})

describe('reauthRefusal', () => {
  it('CL-45 sends a stale page GET to the re-authentication page with the path and query as next', () => {
    expect(
      reauthRefusal(request('GET', PAGE, { path: '/settings', query: '?x=1' }), '/reauth'),
    ).toEqual({ status: 303, location: '/reauth?next=%2Fsettings%3Fx%3D1' })
  })

  it('CL-45 sends a stale page POST to the re-authentication page with next=/', () => {
    expect(reauthRefusal(request('POST', PAGE, { path: '/settings' }), '/reauth?a=b')).toEqual({
      status: 303,
      location: '/reauth?a=b&next=%2F',
    })
  })

  it('CL-45 answers a stale API call 401 with a JSON body asking for the password', () => {
    expect(reauthRefusal(request('DELETE', API), '/reauth')).toEqual({
      status: 401,
      body: {
        error: 'reauth_required',
        message: 'This action needs a recent login. Please confirm your password.',
      },
    })
  })
})
