// Type tests for the fetch adapter: compiled by `tsc` (npm run typecheck), never run. Each
// `@ts-expect-error` must fail to compile, or tsc reports the directive as unused.
import {
  createSessionManager,
  csrfProtection,
  csrfToken,
  fetchSessions,
  loginRequired,
  type ManualSession,
  type SessionHandler,
} from '../../src/adapters/fetch/index.js'
import type { LoginManager } from '../../src/auth/index.js'
import type { Session } from '../../src/index.js'

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const assert = <T extends true>(): T => true as T

declare const secret: string
interface Env {
  GREETING: string
}
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
}

// The session of a plain `fetchSessions(options)` is the app's Session, without a cast.
const tessera = fetchSessions({ secret })
const fetch = tessera.wrap((_request, { session }) => {
  assert<Equals<typeof session, Session>>()
  return new Response('ok')
})
assert<Equals<typeof fetch, (request: Request) => Promise<Response>>>()

// The runtime's extra arguments keep their types through wrap().
const worker = {
  fetch: tessera.wrap((_request, { session }, env: Env, ctx: ExecutionContext) => {
    ctx.waitUntil(Promise.resolve())
    session.set('greeting', env.GREETING)
    return new Response(env.GREETING)
  }),
}
assert<
  Equals<Parameters<typeof worker.fetch>, [request: Request, env: Env, ctx: ExecutionContext]>
>()
// @ts-expect-error the env argument is required once the handler declares it
void worker.fetch(new Request('http://localhost/'))

// A typed manager types the session: wrong keys and values fail.
type Data = { username: string; visits: number }
const typed = fetchSessions(createSessionManager<Data>({ secret }))
typed.wrap((_request, { session }) => {
  session.set('visits', 1)
  // @ts-expect-error a number key holds numbers
  session.set('visits', 'one')
  // @ts-expect-error unknown keys are refused
  session.get('nope')
  const name: string | undefined = session.get('username')
  return new Response(name ?? '')
})
async function byHand(request: Request): Promise<Response> {
  const opened = await typed.getSession(request)
  assert<Equals<typeof opened, ManualSession<Data>>>()
  opened.session.set('username', 'alice')
  // @ts-expect-error commit takes the Response to send
  await opened.commit('ok')
  return opened.commit(new Response('ok'))
}
void byHand

// Guards and CSRF keep the handler's extra arguments.
declare const auth: LoginManager<{ id: string }>
const guarded: SessionHandler<[Env]> = loginRequired(auth)((_request, _context, env: Env) => {
  return new Response(env.GREETING)
})
tessera.wrap(csrfProtection(tessera)((_request, context) => new Response(csrfToken(context))))
void guarded
// @ts-expect-error csrfToken takes the handler's context, not the request
csrfToken(new Request('http://localhost/'))
