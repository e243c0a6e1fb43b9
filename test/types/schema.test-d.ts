// Type tests for the `schema` option: compiled by `tsc` (npm run typecheck), never run. Each
// `@ts-expect-error` must fail to compile, or tsc reports the directive as unused.
import type { StandardSchemaV1 as SpecSchema } from '@standard-schema/spec'
import Fastify from 'fastify'
import { Hono } from 'hono'
import type { IncomingMessage } from 'node:http'
import * as v from 'valibot'
import { z } from 'zod'
import { fetchSessions } from '../../src/adapters/fetch/index.js'
import { tesseraSessions } from '../../src/adapters/fastify/index.js'
import { sessions as honoSessions, type SessionEnv } from '../../src/adapters/hono/index.js'
import { sessionOf, sessions as nodeSessions } from '../../src/adapters/node/index.js'
import type { InferSessionData, StandardSchemaV1 } from '../../src/core/schema.js'
import { nextSessions } from '../../src/next/index.js'
import { createSessionManager, type Session, type SessionManager } from '../../src/index.js'

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const assert = <T extends true>(): T => true as T

declare const secret: string

// Our copy of the Standard Schema v1 interface is the spec's, both ways.
assert<Equals<StandardSchemaV1.Props<string, number>, SpecSchema.Props<string, number>>>()
assert<Equals<StandardSchemaV1.Issue, SpecSchema.Issue>>()
assert<Equals<StandardSchemaV1.Result<{ a: 1 }>, SpecSchema.Result<{ a: 1 }>>>()
declare const spec: SpecSchema<{ a: string }>
const ours: StandardSchemaV1<{ a: string }> = spec
const back: SpecSchema<{ a: string }> = ours
void back

const zodSchema = z
  .object({ theme: z.enum(['light', 'dark']), visits: z.number(), cart: z.array(z.string()) })
  .partial()
type Data = { theme?: 'light' | 'dark'; visits?: number; cart?: string[] }
assert<Equals<InferSessionData<typeof zodSchema>, Data>>()

// The manager's Data is the schema's output, with no type argument and no cast.
const manager = createSessionManager({ secret, schema: zodSchema })
assert<Equals<typeof manager, SessionManager<Data>>>()
declare const session: Session<Data>
session.set('theme', 'dark')
// @ts-expect-error the schema allows 'light' or 'dark' only
session.set('theme', 'blue')
// @ts-expect-error keys outside the schema are refused
session.set('nope', 1)
session.increment('visits')
// @ts-expect-error increment takes numeric keys only
session.increment('theme')

// valibot too.
const valibotSchema = v.partial(v.object({ name: v.string(), age: v.number() }))
const byValibot = createSessionManager({ secret, schema: valibotSchema })
assert<Equals<typeof byValibot, SessionManager<{ name?: string; age?: number }>>>()

// With versions and migration steps.
const versioned = createSessionManager({
  secret,
  schema: zodSchema,
  schemaVersion: 3,
  migrate: {
    1: (data) => ({ ...data, theme: 'light' }),
    2: ({ cart, ...rest }) => ({ ...rest, cart: Array.isArray(cart) ? cart : [] }),
  },
})
assert<Equals<typeof versioned, SessionManager<Data>>>()
// @ts-expect-error a migration step returns the data object
createSessionManager({ secret, schema: zodSchema, schemaVersion: 2, migrate: { 1: () => 1 } })
// @ts-expect-error session data is an object: a string schema does not describe it
createSessionManager({ secret, schema: z.string() })
// @ts-expect-error the schema must be a Standard Schema
createSessionManager({ secret, schema: { parse: (x: unknown) => x } })
// @ts-expect-error schemaVersion is a number
createSessionManager({ secret, schema: zodSchema, schemaVersion: '2' })

// fetch: wrap() and getSession() carry the schema's type.
const tessera = fetchSessions({ secret, schema: zodSchema })
tessera.wrap((_request, { session: s }) => {
  assert<Equals<typeof s, Session<Data>>>()
  // @ts-expect-error the schema allows 'light' or 'dark' only
  s.set('theme', 'blue')
  return new Response(s.get('theme') ?? '')
})
assert<Equals<typeof tessera.manager, SessionManager<Data>>>()

// Next.js: session() resolves to the typed session.
const next = nextSessions({ secret, schema: zodSchema })
assert<Equals<Awaited<ReturnType<typeof next.session>>, Session<Data>>>()

// Hono: a route with the middleware sees the typed session in c.get('session').
const app = new Hono()
const honoMiddleware = honoSessions({ secret, schema: zodSchema })
app.get('/', honoMiddleware, (c) => {
  const s = c.get('session')
  assert<Equals<typeof s, Session<Data>>>()
  // @ts-expect-error the schema allows 'light' or 'dark' only
  s.set('theme', 'blue')
  return c.text(s.get('theme') ?? '')
})
app.use(honoSessions(manager))

// Express/node and Fastify type req.session globally (SessionData): they take the schema and
// a typed manager; the typed session of a request comes from the manager's own handle.
nodeSessions({ secret, schema: zodSchema })
nodeSessions(manager)
declare const req: IncomingMessage
const fromReq = sessionOf(req)
assert<Equals<typeof fromReq, Session>>()
const fastify = Fastify()
void fastify.register(tesseraSessions, { secret, schema: zodSchema })
void fastify.register(tesseraSessions, { manager })
const handle = manager.begin({ cookieHeader: undefined, encrypted: false, host: 'localhost' })
assert<Equals<typeof handle.session, Session<Data>>>()

// The README's example, as written there.
const readme = fetchSessions({
  secret,
  schema: z.object({ theme: z.enum(['light', 'dark']), cart: z.array(z.string()) }).partial(),
  schemaVersion: 2,
  migrate: { 1: ({ dark, ...rest }) => ({ ...rest, theme: dark === true ? 'dark' : 'light' }) },
})
readme.wrap((_request, { session: s }) => {
  assert<Equals<typeof s, Session<{ theme?: 'light' | 'dark'; cart?: string[] }>>>()
  s.set('theme', 'dark')
  // @ts-expect-error the schema allows 'light' or 'dark' only
  s.set('theme', 'blue')
  return new Response(s.get('theme') ?? 'light')
})

// Hono: an app declared with the middleware's Env sees the typed session in every route.
const typedApp = new Hono<SessionEnv<Data>>()
typedApp.use(honoSessions(manager))
typedApp.get('/', (c) => {
  const s = c.get('session')
  assert<Equals<typeof s, Session<Data>>>()
  return c.text(s.get('theme') ?? '')
})
