// Type test against the packed package with next and react installed: a Next.js App Router app's
// session module, Server Action, Route Handler, Server Component read and proxy, as a user writes
// them. Compiled by `npm run test:package` as its own program with `skipLibCheck: true`, as
// create-next-app configures it: Next 16.5's own declarations do not compile with it off. So that
// a declaration of tessera-session/next that lost next's types (an `any`) still fails here, the
// checks below need the real types.
import { NextResponse, type NextRequest } from 'next/server.js'
import { createLoginManager } from 'tessera-session/auth'
import {
  createSessionManager,
  nextSessions,
  SessionReadOnlyError,
  type Session,
} from 'tessera-session/next'

interface User {
  id: string
  name: string
}

const users = new Map<string, User>([['1', { id: '1', name: 'alice' }]])
const manager = createSessionManager({ secret: process.env.TESSERA_SECRET ?? '' })
export const tessera = nextSessions(manager)
export const auth = createLoginManager<User>({ sessions: manager, loadUser: (id) => users.get(id) })

// A Server Action: the session is saved when it returns.
export const signIn = tessera.withSession(async (session: Session, form: FormData) => {
  const user = users.get(String(form.get('id')))
  if (user === undefined) return { error: 'Unknown user.' }
  await auth.login(session, user)
  session.flash(`Welcome, ${user.name}`, 'success')
  return { error: null }
})

// A Route Handler.
export async function GET(): Promise<Response> {
  const session = await tessera.session()
  session.set('visits', Number(session.get('visits') ?? 0) + 1)
  await tessera.save()
  return Response.json({ visits: session.get('visits') ?? 0 })
}

// A Server Component reads; a write there is refused with a typed error.
export async function greeting(): Promise<string> {
  const user = await auth.currentUser(await tessera.session())
  return user === undefined ? 'Hello, stranger' : `Hello, ${user.name}`
}
export const isReadOnly = (error: unknown): boolean => error instanceof SessionReadOnlyError

// proxy.ts
export function proxy(request: NextRequest): Promise<Response> {
  return tessera.proxy(request, async (session) => {
    if (!request.nextUrl.pathname.startsWith('/account')) return undefined
    if ((await auth.currentUser(session)) !== undefined) return undefined
    return NextResponse.redirect(new URL('/login', request.url))
  })
}

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const sessionIsTyped: Equals<Awaited<ReturnType<typeof tessera.session>>, Session> = true
const proxyIsTyped: Equals<Parameters<typeof tessera.proxy>[0], NextRequest> = true
export { proxyIsTyped, sessionIsTyped }
// @ts-expect-error proxy() takes Next's request, not a URL
void tessera.proxy('/account')
// @ts-expect-error a proxy handler answers a Response or undefined
void tessera.proxy(new NextRequest('http://localhost/'), () => 'next')
