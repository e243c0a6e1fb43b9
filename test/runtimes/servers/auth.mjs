/**
 * A sign-in app served by `Bun.serve` or `Deno.serve`, built from the package (`dist/`) as an app
 * would write it: the fetch adapter with CSRF protection and the `loginRequired` guard,
 * tessera-session/auth's login manager, argon2id hashes from tessera-session/crypto (the
 * `@node-rs/argon2` Node-API module) and a memory store.
 *
 * GET /visit starts an anonymous session, GET /login answers a CSRF token, POST /signup stores a
 * user and answers the parameters of the hash, POST /login signs in (`remember=on` keeps the
 * login), GET /me answers the signed-in user's name, POST /logout signs out.
 */
/* global Response -- a Web API of Bun and Deno */
import {
  csrfProtection,
  csrfToken,
  fetchSessions,
  loginRequired,
} from '../../../dist/adapters/fetch/index.js'
import { createLoginManager } from '../../../dist/auth/index.js'
import { hashPassword, verifyPassword } from '../../../dist/crypto/index.js'
import { createSessionManager } from '../../../dist/index.js'
import { memoryStore } from '../../../dist/stores/memory/index.js'
import { readConfig, serve } from './serve.mjs'

const FAILED = 'Invalid username or password.'

const config = readConfig()
/** Users by name: `{ id, name, passwordHash }`. */
const users = new Map()
const manager = createSessionManager({ secret: config.secret, store: memoryStore() })
const tessera = fetchSessions(manager)
const auth = createLoginManager({
  sessions: manager,
  loadUser: (id) => [...users.values()].find((user) => user.id === id),
})
const signedIn = loginRequired(auth)

const seeOther = (location) => new Response(null, { status: 303, headers: { location } })

async function fields(request) {
  const form = await request.formData()
  const text = (name) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  return { username: text('username'), password: text('password'), remember: text('remember') }
}

const routes = {
  'GET /visit': (_request, { session }) => {
    session.set('visited', true)
    return new Response('visited')
  },
  'GET /login': (_request, context) => new Response(csrfToken(context)),
  'POST /signup': async (request) => {
    const { username, password } = await fields(request)
    if (username === '' || users.has(username)) return new Response('taken', { status: 409 })
    const passwordHash = await hashPassword(password)
    users.set(username, { id: String(users.size + 1), name: username, passwordHash })
    // The PHC string's algorithm, version and work factors; never the salt or the hash.
    return new Response(passwordHash.split('$').slice(0, 4).join('$'), { status: 201 })
  },
  'POST /login': async (request, { session }) => {
    const { username, password, remember } = await fields(request)
    const user = users.get(username)
    if (user === undefined || !(await verifyPassword(user.passwordHash, password))) {
      return new Response(FAILED, { status: 401 })
    }
    await auth.login(session, user, { remember: remember === 'on' })
    return seeOther('/me')
  },
  'GET /me': signedIn(async (_request, { session }) => {
    const user = await auth.currentUser(session)
    return new Response(user?.name ?? '')
  }),
  'POST /logout': async (_request, { session }) => {
    await auth.logout(session)
    return seeOther('/')
  },
}

serve(
  tessera.wrap(
    csrfProtection(tessera)((request, context) => {
      const route = routes[`${request.method} ${new URL(request.url).pathname}`]
      return route === undefined
        ? new Response('not found', { status: 404 })
        : route(request, context)
    }),
  ),
)
