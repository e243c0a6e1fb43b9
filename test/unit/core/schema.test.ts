import { createServer } from 'node:http'
import * as v from 'valibot'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ResolvedHooks } from '../../../src/core/hooks.js'
import { resolveSchema, type ResolvedSchema, type SchemaInput } from '../../../src/core/schema.js'
import { stateOf } from '../../../src/core/session.js'
import { SessionState } from '../../../src/core/session-state.js'
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

type Validate = StandardSchemaV1['~standard']['validate']

/** A hand-written Standard Schema: `validate` decides (valid by default); every input is recorded. */
function handSchema(validate: Validate = (value) => ({ value })) {
  const seen: unknown[] = []
  const schema: StandardSchemaV1<unknown, object> = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value) => {
        seen.push(value)
        return validate(value) as StandardSchemaV1.Result<object>
      },
    },
  }
  return { schema, seen }
}

function resolved(input: SchemaInput): ResolvedSchema {
  const out = resolveSchema(input)
  if (out === undefined) throw new Error('expected a schema')
  return out
}

/** The error `resolveSchema` throws for `input` (cast: the options layer would refuse some first). */
function refusal(input: unknown): unknown {
  try {
    resolveSchema(input as SchemaInput)
  } catch (err) {
    return err
  }
  throw new Error('expected a ConfigError')
}

/** The SessionValueError's message for `set(key, value)` under `validate`. */
function setError(validate: Validate, key = 'theme', value: unknown = 'dark'): string {
  const state = new SessionState()
  try {
    resolved({
      schema: handSchema((v) =>
        Object.keys(v as object).length === 0 ? { value: v } : validate(v),
      ).schema,
    }).set(state, key, value)
  } catch (err) {
    expect(err).toBeInstanceOf(SessionValueError)
    expect(state.map.has(key)).toBe(false)
    return (err as Error).message
  }
  throw new Error('expected a SessionValueError')
}

function recordingHooks(events: SessionEvent[]): ResolvedHooks {
  return { onEvent: (event) => events.push(event), includeUserId: false }
}

describe('schema checks (resolveSchema and the checker)', () => {
  const NOT_STANDARD = (what: string) =>
    'schema must be a Standard Schema v1 validator (zod 4, valibot 1, arktype 2, …): ' +
    `${what} has no '~standard' with version 1 and validate().`
  const validate: Validate = (value) => ({ value })
  const step = (d: Record<string, unknown>) => d

  // Values the options layer refuses before resolveSchema sees them (null, arrays, numbers) are
  // passed to resolveSchema directly: it must refuse them with its own message all the same.
  it.each([
    ['a null schema', { schema: null }, NOT_STANDARD('null')],
    ["a null '~standard'", { schema: { '~standard': null } }, NOT_STANDARD('an object')],
    [
      "a '~standard' of version 2",
      { schema: { '~standard': { version: 2, vendor: 'x', validate } } },
      NOT_STANDARD('an object'),
    ],
    [
      "a '~standard' without validate()",
      { schema: { '~standard': { version: 1, vendor: 'x' } } },
      NOT_STANDARD('an object'),
    ],
    [
      'migrate without a schema or schemaVersion',
      { migrate: {} },
      'schemaVersion and migrate need a schema: migrated data is validated by it.',
    ],
    [
      'a number as migrate',
      { schema: handSchema().schema, schemaVersion: 2, migrate: 5 },
      'migrate must be an object of steps { [fromVersion]: (data) => data }, not 5.',
    ],
    [
      'an array as migrate',
      { schema: handSchema().schema, schemaVersion: 2, migrate: [] },
      'migrate must be an object of steps { [fromVersion]: (data) => data }, not an array.',
    ],
    [
      'a function as migrate',
      { schema: handSchema().schema, schemaVersion: 2, migrate: step },
      'migrate must be an object of steps { [fromVersion]: (data) => data }, not a function.',
    ],
    ...['0', '1.5', '01'].map((key) => [
      `a step from "${key}"`,
      { schema: handSchema().schema, schemaVersion: 3, migrate: { [key]: step } },
      `migrate has a step from "${key}": steps go from a version 1 to 2 (schemaVersion is 3).`,
    ]),
  ] as [string, unknown, string][])(
    'refuses %s, with the exact message',
    (_case, input, message) => {
      const err = refusal(input)
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as Error).message).toBe(message)
    },
  )

  it('refuses a schema that throws on {}, keeping the error as the cause', () => {
    const thrown = new Error('boom')
    const err = refusal({
      schema: handSchema(() => {
        throw thrown
      }).schema,
    })
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toBe(
      'schema threw while validating {}: a validator must return issues.',
    )
    expect((err as Error).cause).toBe(thrown)
  })

  it('accepts a function carrying a Standard Schema (as arktype types are)', () => {
    const { schema, seen } = handSchema()
    const fn = Object.assign(() => undefined, schema)
    const state = new SessionState()
    resolved({ schema: fn }).set(state, 'theme', 'dark')
    expect(state.map.get('theme')).toBe('dark')
    expect(seen).toEqual([{}, { theme: 'dark' }])
  })

  it('accepts schemaVersion 1 and stamps it', () => {
    const state = new SessionState()
    resolved({ schema: handSchema().schema, schemaVersion: 1 }).set(state, 'theme', 'dark')
    expect(Object.fromEntries(state.map)).toEqual({ theme: 'dark', _v: 1 })
  })

  it('names a root issue by the key set, with its message and no count', () => {
    expect(setError(() => ({ issues: [{ message: 'too dark', path: [] }] }))).toBe(
      'The session data does not match the schema at "theme": too dark.',
    )
  })

  it("names the first issue's path and counts the others", () => {
    const issues = [
      { message: 'first', path: ['cart', { key: 0 }] },
      { message: 'second' },
      { message: 'third' },
    ]
    expect(setError(() => ({ issues }))).toBe(
      'The session data does not match the schema at "cart.0": first (and 2 more).',
    )
  })

  it('says "invalid" for a failure with an empty list of issues', () => {
    expect(setError(() => ({ issues: [] }))).toBe(
      'The session data does not match the schema at "theme": invalid.',
    )
  })

  it('turns a schema that throws on set() into a SessionValueError', () => {
    expect(
      setError(() => {
        throw new Error('boom')
      }),
    ).toBe('The session data does not match the schema at "theme": the schema threw.')
  })

  it("shows the schema the app's keys only, with the new value", () => {
    const { schema, seen } = handSchema()
    const state = new SessionState()
    state.put('_flashes', [['message', 'hi']])
    state.put('_user_id', 'u1')
    state.put('theme', 'dark')
    resolved({ schema }).set(state, 'visits', 1)
    expect(seen.at(-1)).toEqual({ theme: 'dark', visits: 1 })
  })

  describe('a schema that turns asynchronous after start-up', () => {
    afterEach(() => {
      vi.restoreAllMocks()
    })

    it('refuses set() and increment() with a ConfigError and warns once', () => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
      const check = resolved({
        schema: handSchema((value) =>
          Object.keys(value as object).length === 0 ? { value } : Promise.resolve({ value }),
        ).schema,
      })
      const state = new SessionState()
      const message = 'schema must validate synchronously: it returned a Promise on set().'
      expect(() => check.set(state, 'theme', 'dark')).toThrow(new ConfigError(message))
      expect(() => check.increment(state, 'visits', 1)).toThrow(new ConfigError(message))
      expect(() => check.set(state, 'theme', 'light')).toThrow(ConfigError)
      expect(state.map.size).toBe(0)
      expect(warn.mock.calls).toEqual([
        [
          'tessera: the session schema returned a Promise; sessions are validated synchronously, ' +
            'so the data was refused. Use a schema without async refinements.',
          { code: 'TESSERA_ASYNC_SCHEMA' },
        ],
      ])
    })
  })

  it('raises an older version stamp on set()', () => {
    const state = new SessionState()
    state.put('_v', 2)
    resolved({ schema: handSchema().schema, schemaVersion: 3 }).set(state, 'theme', 'dark')
    expect(state.map.get('_v')).toBe(3)
  })

  it('leaves a current version stamp out of the store patch', () => {
    const state = new SessionState()
    state.replace({ _v: 3, theme: 'light' }, state.times)
    resolved({ schema: handSchema().schema, schemaVersion: 3 }).set(state, 'theme', 'dark')
    expect(state.changed).toEqual(new Set(['theme']))
    expect(state.map.get('_v')).toBe(3)
  })

  it('refuses loaded data stamped with version 0 as invalid, not unmigratable', () => {
    const events: SessionEvent[] = []
    const check = resolved({ schema: handSchema().schema, schemaVersion: 2, migrate: { 1: step } })
    expect(
      check.load(new SessionState(), { _v: 0, theme: 'dark' }, recordingHooks(events), 'store', 5),
    ).toBeUndefined()
    expect(events).toEqual([{ type: 'refused', mode: 'store', at: 5, reason: 'invalid' }])
  })

  it.each([2, 3])('refuses loaded data stamped %i that fails the schema (version 2)', (stamp) => {
    const events: SessionEvent[] = []
    const check = resolved({
      schema: handSchema((value) =>
        (value as { theme?: unknown }).theme === 'blue'
          ? { issues: [{ message: 'no' }] }
          : { value },
      ).schema,
      schemaVersion: 2,
      migrate: { 1: step },
    })
    const data = { _v: stamp, theme: 'blue' }
    expect(
      check.load(new SessionState(), data, recordingHooks(events), 'cookie', 7),
    ).toBeUndefined()
    expect(events).toEqual([{ type: 'refused', mode: 'cookie', at: 7, reason: 'invalid' }])
  })

  it('keeps reserved keys over a migration, ignoring reserved keys a step returns', () => {
    const events: SessionEvent[] = []
    const { schema, seen } = handSchema()
    const check = resolved({
      schema,
      schemaVersion: 2,
      migrate: {
        1: ({ dark, ...rest }) => ({
          ...rest,
          theme: dark === true ? 'dark' : 'light',
          _user_id: 'mallory',
          _flashes: [],
        }),
      },
    })
    const state = new SessionState()
    const out = check.load(
      state,
      { _flashes: [['message', 'hi']], _user_id: 'u1', dark: true, visits: 1 },
      recordingHooks(events),
      'store',
      9,
    )
    expect(out).toEqual({
      _flashes: [['message', 'hi']],
      _user_id: 'u1',
      visits: 1,
      theme: 'dark',
      _v: 2,
    })
    expect(seen.at(-1)).toEqual({ visits: 1, theme: 'dark' })
    expect(state.changed).toEqual(new Set(['visits', 'theme', '_v']))
    expect(state.deleted).toEqual(new Set(['dark']))
    expect(events).toEqual([{ type: 'migrated', mode: 'store', at: 9, from: 1, to: 2 }])
  })

  it('drops a "__proto__" key a step returns: it neither sets the prototype nor keeps a key', () => {
    const { schema, seen } = handSchema()
    const check = resolved({
      schema,
      schemaVersion: 2,
      migrate: {
        1: () =>
          JSON.parse('{"theme":"dark","__proto__":{"polluted":1}}') as Record<string, unknown>,
      },
    })
    const state = new SessionState()
    const out = check.load(state, { polluted: 1, dark: true }, undefined, 'store', 0)
    expect(out).toEqual({ theme: 'dark', _v: 2 })
    expect(Object.getPrototypeOf(seen.at(-1))).toBe(Object.prototype)
    expect(state.deleted).toEqual(new Set(['polluted', 'dark']))
  })
})
