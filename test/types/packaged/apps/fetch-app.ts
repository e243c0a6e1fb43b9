// A fetch handler (Bun, Deno, Workers) as a user writes it against the packed package: one manager
// shared by the adapter and the login manager, a sign-in guard, CSRF on unsafe methods.
import {
  createSessionManager,
  csrfProtection,
  csrfToken,
  fetchSessions,
  freshLoginRequired,
  loginRequired,
} from 'tessera-session/adapters/fetch'
import { createLoginManager } from 'tessera-session/auth'
import { kvRevocations } from 'tessera-session/auth/kv'
import { verifyPassword } from 'tessera-session/crypto'
import { memoryStore } from 'tessera-session/stores/memory'

interface User {
  id: string
  name: string
  passwordHash: string
}

const users = new Map<string, User>()
const manager = createSessionManager({
  secret: process.env.TESSERA_SECRET ?? '',
  store: memoryStore(),
})
const tessera = fetchSessions(manager, { peerAddress: () => '127.0.0.1' })
const auth = createLoginManager<User>({ sessions: manager, loadUser: (id) => users.get(id) })
const csrf = csrfProtection(tessera)

export const login = tessera.wrap(
  csrf(async (request, context) => {
    if (request.method === 'GET') return new Response(csrfToken(context))
    const form = await request.formData()
    const user = [...users.values()].find((u) => u.name === form.get('username'))
    const password = String(form.get('password') ?? '')
    if (user === undefined || !(await verifyPassword(user.passwordHash, password))) {
      return new Response('Invalid username or password.', { status: 401 })
    }
    await auth.login(context.session, user, { remember: form.get('remember') === 'on' })
    return Response.redirect(new URL('/account', request.url), 303)
  }),
)

export const account = tessera.wrap(
  loginRequired(auth)(async (_request, { session }) => {
    const user = await auth.currentUser(session)
    session.set('seen', Date.now())
    return Response.json({ name: user?.name ?? null })
  }),
)

// Extra arguments pass through: Bun's `server`, Deno's `info`, a Worker's `env` and `ctx`.
export const settings: (request: Request, env: { REGION: string }) => Promise<Response> =
  tessera.wrap(
    freshLoginRequired(auth, { reauthUrl: '/reauth' })(
      async (_request, _context, env) => new Response(env.REGION),
    ),
  )

export async function logout(request: Request): Promise<Response> {
  const { session, commit } = await tessera.getSession(request)
  await auth.logout(session)
  return commit(new Response(null, { status: 303, headers: { location: '/' } }))
}

// A Worker: sessions in the sealed cookie, revocations in Workers KV. The binding's type is the
// shape @cloudflare/workers-types declares for KVNamespace (overloaded get, wider put).
interface KVNamespace {
  get(key: string, options?: Partial<{ type: 'text'; cacheTtl: number }>): Promise<string | null>
  get(key: string, type: 'json'): Promise<unknown>
  put(
    key: string,
    value: string | ArrayBuffer | ArrayBufferView | ReadableStream,
    options?: { expiration?: number; expirationTtl?: number; metadata?: unknown },
  ): Promise<void>
}
export const worker = {
  fetch(request: Request, env: { REVOCATIONS: KVNamespace; TESSERA_SECRET: string }) {
    const sessions = createSessionManager({ secret: env.TESSERA_SECRET })
    const workerAuth = createLoginManager<User>({
      sessions,
      loadUser: (id) => users.get(id),
      revocations: kvRevocations(env.REVOCATIONS, { prefix: 'app:revoked:' }),
    })
    return fetchSessions(sessions).wrap(loginRequired(workerAuth)(() => new Response('signed in')))(
      request,
    )
  },
}
