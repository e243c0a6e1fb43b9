import { createServer } from 'node:http'
import * as v from 'valibot'
import { afterEach, describe, expect, it } from 'vitest'
import { stateOf } from '../../../src/core/session.js'
import { z } from 'zod'
import { withSessions } from '../../../src/adapters/node/index.js'
import {
  ConfigError,
  createSessionManager,
  SessionValueError,
  type Session,
  type SessionEvent,
  type SessionOptions,
  type StandardSchemaV1,
} from '../../../src/index.js'
import { memoryStore } from '../../../src/stores/memory/index.js'
import type { SessionStore } from '../../../src/stores/store.js'
import { send } from '../../helpers/http.js'
import { cookieJar, LOCAL, request, type Jar } from '../../helpers/jar.js'
import { listen } from '../../helpers/listen.js'
import { SECRET_A } from '../../helpers/secrets.js'

// Strict object schemas: a reserved key (`_flashes`, `_v`) passed to them would be an issue, so
// every test that loads such a session also proves that the schema sees the app's keys only.
const VALIDATORS = {
  zod: {
    current: z
      .strictObject({
        theme: z.enum(['light', 'dark']),
        visits: z.number().max(3),
        cart: z.array(z.string()),
      })
      .partial(),
    async: z.object({}).refine(async () => Promise.resolve(true)),
  },
  valibot: {
    current: v.partial(
      v.strictObject({
        theme: v.picklist(['light', 'dark']),
        visits: v.pipe(v.number(), v.maxValue(3)),
        cart: v.array(v.string()),
      }),
    ),
    async: v.objectAsync({}),
  },
} as const

/** The first issue's message, straight from the validator. */
function firstIssue(schema: StandardSchemaV1, value: unknown): string {
  const result = schema['~standard'].validate(value)
  if (result instanceof Promise || result.issues === undefined) throw new Error('expected issues')
  return result.issues[0]?.message ?? ''
}

type Backend = 'sealed cookie' | 'memory store'

/** Managers over one backend: a store is shared, cookies are opened with the same secret. */
function backend(kind: Backend) {
  const store: SessionStore | undefined = kind === 'memory store' ? memoryStore() : undefined
  const events: SessionEvent[] = []
  const make = (options: Partial<SessionOptions<object>> = {}) =>
    createSessionManager<object>({
      secret: SECRET_A,
      ...(store === undefined ? {} : { store }),
      hooks: { onEvent: (event) => events.push(event) },
      ...options,
    })
  return { store, events, make, jar: cookieJar() }
}

/** The data the next request loads, as the backend holds it (reserved keys included). */
async function stored(make: ReturnType<typeof backend>['make'], jar: Jar) {
  const plain = make()
  const { value } = await request(plain, jar, (h) => {
    h.session.has('x')
    return Object.fromEntries(stateOf(h.session).map)
  })
  return value
}

for (const [name, schemas] of Object.entries(VALIDATORS)) {
  for (const kind of ['sealed cookie', 'memory store'] as const) {
    describe(`schema (${name}, ${kind})`, () => {
      const schema = schemas.current

      it('loads data that matches the schema, flashes and version stamp beside it', async () => {
        const { make, jar, events } = backend(kind)
        const manager = make({ schema, schemaVersion: 2 })
        await request(manager, jar, (h) => {
          h.session.set('theme', 'dark').set('cart', ['a'])
          h.session.flash('welcome')
        })
        events.length = 0
        const { value } = await request(manager, jar, (h) => [
          h.session.isNew,
          h.session.get('theme'),
          h.session.get('cart'),
          h.session.flashes().length,
        ])
        expect(value).toEqual([false, 'dark', ['a'], 1])
        expect(events.map((e) => e.type)).not.toContain('refused')
        expect(events[0]).toMatchObject({ type: 'loaded' })
      })

      it('gives a new, empty session with a refused (invalid) event for invalid stored data', async () => {
        const { make, jar, events } = backend(kind)
        await request(make(), jar, (h) => {
          h.session.set('theme', 'blue').set('visits', 1)
          h.session.flash('kept?')
        })
        events.length = 0
        const { value } = await request(make({ schema }), jar, (h) => [
          h.session.isNew,
          h.session.keys(),
          h.session.flashes(),
        ])
        expect(value).toEqual([true, [], []])
        expect(events).toEqual([expect.objectContaining({ type: 'refused', reason: 'invalid' })])
      })

      it('throws SessionValueError naming the path and message, leaving the session as it was', async () => {
        const { make, jar } = backend(kind)
        const manager = make({ schema })
        await request(manager, jar, (h) => h.session.set('cart', ['a']).set('visits', 3))
        const message = firstIssue(schema, { cart: ['a', 1] })
        const { value, result } = await request(manager, jar, (h) => {
          const errors: unknown[] = []
          for (const change of [
            () => h.session.set('cart', ['a', 1]),
            () => h.session.update('theme', () => 'blue'),
            () => (h.session as Session<{ visits: number }>).increment('visits'),
          ]) {
            try {
              change()
            } catch (err) {
              errors.push(err)
            }
          }
          return { errors, modified: h.session.modified, cart: h.session.get('cart') }
        })
        expect(value.errors).toHaveLength(3)
        for (const err of value.errors) expect(err).toBeInstanceOf(SessionValueError)
        expect((value.errors[0] as Error).message).toContain(`at "cart.1": ${message}`)
        expect((value.errors[1] as Error).message).toContain('at "theme"')
        expect((value.errors[2] as Error).message).toContain('at "visits"')
        expect(value.modified).toBe(false)
        expect(value.cart).toEqual(['a'])
        expect(result.cookies).toEqual([])
        const after = await request(manager, jar, (h) => [
          h.session.get('visits'),
          h.session.get('theme'),
        ])
        expect(after.value).toEqual([3, undefined])
      })

      it('migrates v1 → v2 → v3 on load, validates, and re-saves under the new version', async () => {
        const { make, jar, events } = backend(kind)
        // Version 1 of the app: no schema, a boolean `dark` and a comma-separated cart.
        await request(make(), jar, (h) => h.session.set('dark', true).set('items', 'a,b'))
        const v3 = make({
          schema,
          schemaVersion: 3,
          migrate: {
            1: ({ dark, ...rest }) => ({ ...rest, theme: dark === true ? 'dark' : 'light' }),
            2: ({ items, ...rest }) => ({
              ...rest,
              cart: typeof items === 'string' ? items.split(',') : [],
            }),
          },
        })
        events.length = 0
        const { value, result } = await request(v3, jar, (h) => [
          h.session.get('theme'),
          h.session.get('cart'),
          h.session.keys(),
        ])
        expect(value).toEqual(['dark', ['a', 'b'], ['theme', 'cart']])
        expect(events).toContainEqual(expect.objectContaining({ type: 'migrated', from: 1, to: 3 }))
        expect(events.map((e) => e.type)).toContain('saved')
        if (kind === 'sealed cookie') expect(result.cookies).toHaveLength(1)
        expect(await stored(make, jar)).toEqual({ _v: 3, theme: 'dark', cart: ['a', 'b'] })
        events.length = 0
        await request(v3, jar, (h) => h.session.get('theme'))
        expect(events.map((e) => e.type)).toEqual(['loaded'])
      })

      it.runIf(kind === 'memory store')(
        're-saves a migrated store record even when the handler never touches the session',
        async () => {
          const { make, jar } = backend(kind)
          await request(make(), jar, (h) => h.session.set('dark', false))
          const v2 = make({
            schema,
            schemaVersion: 2,
            migrate: {
              1: ({ dark, ...rest }) => ({ ...rest, theme: dark === true ? 'dark' : 'light' }),
            },
          })
          await request(v2, jar, () => undefined)
          expect(await stored(make, jar)).toEqual({ _v: 2, theme: 'light' })
        },
      )

      it('migrates only the steps after the stored version', async () => {
        const { make, jar } = backend(kind)
        const v2 = make({ schema: z.object({ theme: z.string() }).partial(), schemaVersion: 2 })
        await request(v2, jar, (h) => h.session.set('theme', 'light'))
        expect((await stored(make, jar))._v).toBe(2)
        const v3 = make({
          schema,
          schemaVersion: 3,
          migrate: {
            1: () => {
              throw new Error('step 1 must not run for a version-2 session')
            },
            2: (data) => ({ ...data, cart: [] }),
          },
        })
        const { value } = await request(v3, jar, (h) => h.session.get('cart'))
        expect(value).toEqual([])
      })

      it.each([
        ['a step is missing', 'unmigratable', { 2: (d: Record<string, unknown>) => d }],
        [
          'a step throws',
          'unmigratable',
          {
            1: () => {
              throw new Error('no')
            },
            2: (d: Record<string, unknown>) => d,
          },
        ],
        [
          'the result is invalid',
          'invalid',
          { 1: () => ({ theme: 'blue' }), 2: (d: Record<string, unknown>) => d },
        ],
      ] as const)(
        'gives a new, empty session with an event when %s',
        async (_case, reason, migrate) => {
          const { make, jar, events } = backend(kind)
          await request(make(), jar, (h) => h.session.set('dark', true))
          events.length = 0
          const v3 = make({ schema, schemaVersion: 3, migrate })
          const { value } = await request(v3, jar, (h) => [h.session.isNew, h.session.keys()])
          expect(value).toEqual([true, []])
          expect(events).toEqual([expect.objectContaining({ type: 'refused', reason })])
          expect(events.map((e) => e.type)).not.toContain('migrated')
        },
      )

      it('stamps a new session with the version, and keeps a newer stamp from a newer deploy', async () => {
        const { make, jar } = backend(kind)
        await request(make({ schema, schemaVersion: 4 }), jar, (h) => h.session.set('visits', 1))
        expect(await stored(make, jar)).toEqual({ _v: 4, visits: 1 })
        const older = make({ schema, schemaVersion: 3 })
        const { value } = await request(older, jar, (h) =>
          (h.session as Session<{ visits: number }>).increment('visits'),
        )
        expect(value).toBe(2)
        expect(await stored(make, jar)).toEqual({ _v: 4, visits: 2 })
      })

      it('refuses an asynchronous schema at start-up', () => {
        const { make } = backend(kind)
        expect(() => make({ schema: schemas.async })).toThrow(
          new ConfigError(
            'schema must validate synchronously: sessions are checked inside set() and the lazy ' +
              'load of a sealed cookie. Use a schema without async refinements.',
          ),
        )
      })
    })
  }
}

describe('schema options at start-up', () => {
  const schema = VALIDATORS.zod.current
  it.each([
    [{ schema: { parse: () => ({}) } }, /schema must be a Standard Schema v1 validator/],
    [{ schema: 'zod' }, /schema must be an object or a function/],
    [{ schemaVersion: 2 }, /schemaVersion and migrate need a schema/],
    [{ schema, migrate: { 1: (d: object) => d } }, /migrate needs schemaVersion/],
    [{ schema, schemaVersion: 0 }, /schemaVersion must be a whole number from 1, not 0/],
    [{ schema, schemaVersion: 2, migrate: { 2: (d: object) => d } }, /step from "2"/],
    [{ schema, schemaVersion: 2, migrate: { 1: 'up' } }, /migrate\[1\] must be a function/],
    [{ schema, schemaVersoin: 2 }, /Did you mean "schemaVersion"/],
  ])('refuses %o with a ConfigError', (options, message) => {
    expect(() => createSessionManager({ secret: SECRET_A, ...(options as object) })).toThrow(
      message,
    )
    expect(() => createSessionManager({ secret: SECRET_A, ...(options as object) })).toThrow(
      ConfigError,
    )
  })

  it('adds nothing to a session without a schema', () => {
    const manager = createSessionManager({ secret: SECRET_A })
    expect(manager.options.schema).toBeUndefined()
    const { session } = manager.begin({ ...LOCAL, cookieHeader: undefined })
    expect(stateOf(session).schema).toBeUndefined()
  })
})

describe('schema over HTTP (node adapter)', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => {
    await close?.()
    close = undefined
  })

  it('answers 200 with a new session for a cookie whose data fails the schema, never a 500', async () => {
    const jar = cookieJar()
    await request(createSessionManager({ secret: SECRET_A }), jar, (h) =>
      h.session.set('theme', 'blue'),
    )
    const server = await listen(
      createServer(
        withSessions({ secret: SECRET_A, schema: VALIDATORS.valibot.current }, (req, res) => {
          res.end(`new=${String(req.session.isNew)} theme=${String(req.session.get('theme'))}`)
        }),
      ),
    )
    close = server.close
    const reply = await send(server.url, { headers: { cookie: jar.header() ?? '' } })
    expect(reply.status).toBe(200)
    expect(reply.body).toBe('new=true theme=undefined')
    // The refused cookie is deleted: the session came back empty.
    expect(reply.setCookies[0]).toMatch(/^session=; .*Max-Age=0/)
  })
})
