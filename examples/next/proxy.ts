import { NextResponse, type NextRequest } from 'next/server'
import { auth, tessera } from './lib/session'

/**
 * Before each page: refresh the session's sliding deadline (a page render cannot) and send
 * signed-out visitors of /account to the login page.
 */
export function proxy(request: NextRequest) {
  return tessera.proxy(request, async (session) => {
    if (request.nextUrl.pathname.startsWith('/account')) {
      if ((await auth.currentUser(session)) === undefined) {
        return NextResponse.redirect(new URL('/login', request.url))
      }
    }
    return undefined
  })
}

export const config = { matcher: ['/((?!_next/|favicon.ico).*)'] }
