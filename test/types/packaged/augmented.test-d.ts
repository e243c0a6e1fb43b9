// Type tests against the packed package: compiled by `npm run test:package` in a fresh project that
// installed the tarball (never run, and not part of the repository's own tsc program, because the
// augmentation below is global to a program). Each `@ts-expect-error` must fail to compile, or tsc
// reports the directive as unused.
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import type { Session } from 'tessera-session'
import { sessions as expressSessions, withSessions } from 'tessera-session/adapters/express'
import { tesseraSessions } from 'tessera-session/adapters/fastify'
import { sessions as honoSessions } from 'tessera-session/adapters/hono'
import { fetchSessions } from 'tessera-session/adapters/fetch'

// The app's session data, declared once.
declare module 'tessera-session' {
  interface SessionData {
    username: string
    visits: number
    cart: { items: string[] }
  }
}

const secret = process.env.TESSERA_SECRET ?? ''

// Express: req.session without a cast.
const app = express()
app.use(expressSessions({ secret }))
app.get('/', (req, res) => {
  req.session.set('username', 'alice')
  req.session.increment('visits')
  const name: string | undefined = req.session.get('username')
  // @ts-expect-error a number key holds numbers
  req.session.set('visits', 'one')
  // @ts-expect-error unknown keys are refused
  req.session.set('usename', 'alice')
  // @ts-expect-error increment takes number keys only
  req.session.increment('username')
  // @ts-expect-error values from get are read-only, nested too
  req.session.get('cart')?.items.push('x')
  res.send(name ?? '')
})

// node:http
withSessions({ secret }, (req, res) => {
  // @ts-expect-error unknown keys are refused
  req.session.get('nope')
  res.end(String(req.session.get('visits') ?? 0))
})

// Fastify: request.session without a cast.
const fastify = Fastify()
await fastify.register(tesseraSessions, { secret })
fastify.get('/', async (request) => {
  request.session.set('visits', 1)
  // @ts-expect-error a string key holds strings
  request.session.set('username', 42)
  // @ts-expect-error unknown keys are refused
  request.session.has('nope')
  return { visits: request.session.get('visits') }
})

// Hono: c.get('session') without a cast, with or without the app's own Variables.
const hono = new Hono<{ Variables: { requestId: string } }>()
hono.use(honoSessions({ secret }))
hono.get('/', (c) => {
  const session: Session = c.get('session')
  session.set('username', 'alice')
  // @ts-expect-error a number key holds numbers
  c.get('session').set('visits', '1')
  // @ts-expect-error unknown keys are refused
  session.delete('nope')
  return c.text(`${c.get('requestId')} ${session.get('username') ?? ''}`)
})

// Fetch handlers (Bun, Deno, Workers): { session } without a cast, extra arguments kept.
const tessera = fetchSessions({ secret })
const worker = {
  fetch: tessera.wrap(async (_request, { session }, env: { GREETING: string }) => {
    session.set('username', env.GREETING)
    // @ts-expect-error a number key holds numbers
    session.set('visits', 'one')
    // @ts-expect-error unknown keys are refused
    session.get('nope')
    const { session: manual, commit } = await tessera.getSession(new Request('http://localhost/'))
    manual.increment('visits')
    return commit(new Response(session.get('username') ?? ''))
  }),
}

export { app, fastify, hono, worker }
