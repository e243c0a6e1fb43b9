import { describe, expect, it } from 'vitest'
import { createSessionManager, SessionValueError, type Session } from '../../../src/index.js'
import { SessionState, stateOf } from '../../../src/core/session.js'
import { Session as SessionClass } from '../../../src/core/session.js'
import { cookieJar, request } from '../../helpers/jar.js'
import { SECRET_A } from '../../helpers/secrets.js'
import { memoryStore } from '../../../src/stores/memory/index.js'

type Cart = { items: { sku: string; qty: number }[] }
type Data = { username: string; visits: number; cart: Cart; tags: string[] }

function fresh(): Session<Data> {
  return new SessionClass<Data>(new SessionState())
}

describe('Session', () => {
  it('sets, gets, checks, deletes and pops values like a dict', () => {
    const s = fresh()
    expect(s.get('username')).toBeUndefined()
    s.set('username', 'alice').set('visits', 1)
    expect(s.get('username')).toBe('alice')
    expect(s.has('visits')).toBe(true)
    expect(s.keys().sort()).toEqual(['username', 'visits'])
    expect(s.entries()).toContainEqual(['visits', 1])
    expect(s.pop('visits')).toBe(1)
    expect(s.has('visits')).toBe(false)
    expect(s.pop('visits', 7)).toBe(7)
    expect(s.delete('username')).toBe(true)
    expect(s.delete('username')).toBe(false)
    expect(s.keys()).toEqual([])
  })

  it('reports modified only after a write, and accessed after any read', () => {
    const s = fresh()
    expect(s.accessed).toBe(false)
    s.get('username')
    expect(s.accessed).toBe(true)
    expect(s.modified).toBe(false)
    s.set('visits', 2)
    expect(s.modified).toBe(true)
  })

  it('clear() removes every key, flashes included', () => {
    const s = fresh()
    s.set('visits', 1)
    s.flash('hi')
    s.clear()
    expect(s.keys()).toEqual([])
    expect(s.flashes()).toEqual([])
  })

  it('returns deeply frozen values so a nested change throws instead of being lost', () => {
    const s = fresh()
    s.set('cart', { items: [{ sku: 'a', qty: 1 }] })
    const cart = s.get('cart')!
    expect(() => {
      ;(cart.items as { sku: string; qty: number }[]).push({ sku: 'b', qty: 1 })
    }).toThrow(TypeError)
    expect(() => {
      ;(cart.items[0] as { qty: number }).qty = 5
    }).toThrow(TypeError)
    expect(s.get('cart')?.items).toHaveLength(1)
  })

  it('freezes loaded values when it hands them out (get, entries, pop), on both backends', async () => {
    for (const store of [undefined, memoryStore()]) {
      const manager = createSessionManager<Data>({ secret: SECRET_A, ...(store ? { store } : {}) })
      const info = { encrypted: false, host: 'localhost' } as const
      const first = manager.begin({ ...info, cookieHeader: undefined })
      first.session.set('cart', { items: [{ sku: 'a', qty: 1 }] })
      first.session.set('tags', ['x'])
      const cookie = String((await first.commit()).cookies[0]).split(';')[0]
      const next = manager.begin({ ...info, cookieHeader: cookie })
      await next.load()
      const cart = next.session.get('cart')!
      expect(Object.isFrozen(cart.items[0])).toBe(true)
      const [, tags] = next.session.entries().find(([key]) => key === 'tags')!
      expect(Object.isFrozen(tags)).toBe(true)
      expect(() => (tags as string[]).push('y')).toThrow(TypeError)
      const popped = next.session.pop('cart')!
      expect(() => (popped.items as unknown[]).push(1)).toThrow(TypeError)
    }
  })

  it('update() changes nested data and marks the session modified', () => {
    const s = fresh()
    s.set('cart', { items: [] })
    s.update('cart', (cart) => ({ items: [...(cart?.items ?? []), { sku: 'b', qty: 2 }] }))
    expect(s.get('cart')?.items).toEqual([{ sku: 'b', qty: 2 }])
    expect(s.modified).toBe(true)
  })

  it('copies a value on set, so later changes to the caller’s object do not leak in', () => {
    const s = fresh()
    const tags = ['a']
    s.set('tags', tags)
    tags.push('b')
    expect(s.get('tags')).toEqual(['a'])
  })

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a BigInt', 10n],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['a Map', new Map()],
    ['a Set', new Set()],
    ['a Date', new Date()],
    ['a class instance', new (class Point {})()],
    ['a symbol', Symbol('x')],
    ['a nested undefined', { a: undefined }],
  ])('refuses %s at set time with SessionValueError', (_name, value) => {
    const s = fresh()
    expect(() => s.set('visits', value as never)).toThrow(SessionValueError)
    expect(s.has('visits')).toBe(false)
  })

  it('refuses a circular value', () => {
    const s = fresh()
    const a: Record<string, unknown> = {}
    a.self = a
    expect(() => s.set('cart', a as never)).toThrow(/circular/)
  })

  it('CL-67 refuses values nested deeper than 32 levels', () => {
    const s = fresh()
    let deep: unknown = 1
    for (let i = 0; i < 40; i++) deep = [deep]
    expect(() => s.set('tags', deep as never)).toThrow(SessionValueError)
    let ok: unknown = 1
    for (let i = 0; i < 30; i++) ok = [ok]
    expect(() => s.set('tags', ok as never)).not.toThrow()
  })

  it('CL-68 refuses __proto__, constructor, prototype and API method names as keys', () => {
    const s = fresh() as unknown as Session
    for (const key of ['__proto__', 'constructor', 'prototype', 'destroy', 'set', 'regenerate']) {
      expect(() => s.set(key, 1)).toThrow(SessionValueError)
    }
    expect(() => s.set('profile', JSON.parse('{"__proto__":{"isAdmin":true}}') as never)).toThrow(
      SessionValueError,
    )
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('hides and protects the library’s reserved keys', () => {
    const s = fresh() as unknown as Session
    expect(() => s.set('_flashes', [])).toThrow(SessionValueError)
    expect(() => s.set('_user_id', '1')).toThrow(SessionValueError)
    s.flash('x')
    expect(s.keys()).toEqual([])
    expect(s.has('_flashes')).toBe(false)
  })

  it('limits a session to 64 keys', () => {
    const s = fresh() as unknown as Session
    for (let i = 0; i < 64; i++) s.set(`k${i}`, i)
    expect(() => s.set('one-more', 1)).toThrow(SessionValueError)
    s.set('k1', 'replaced')
    expect(s.get('k1')).toBe('replaced')
  })
})

describe('flash messages', () => {
  it('returns flashes with categories once, in order', () => {
    const s = fresh()
    s.flash('Saved')
    s.flash('Careful', 'warning')
    expect(s.flashes()).toEqual([
      { category: 'message', message: 'Saved' },
      { category: 'warning', message: 'Careful' },
    ])
    expect(s.flashes()).toEqual([])
  })

  it('filters by category and keeps the others for later', () => {
    const s = fresh()
    s.flash('a', 'error')
    s.flash('b', 'info')
    expect(s.flashes({ categories: ['error'] })).toEqual([{ category: 'error', message: 'a' }])
    expect(s.flashes()).toEqual([{ category: 'info', message: 'b' }])
  })

  it('CL-34 keeps at most 10 flashes and refuses one over 512 bytes', () => {
    const s = fresh()
    for (let i = 0; i < 15; i++) s.flash(`m${i}`)
    const all = s.flashes()
    expect(all).toHaveLength(10)
    expect(all[0]?.message).toBe('m5')
    expect(() => s.flash('x'.repeat(600))).toThrow(SessionValueError)
  })

  it('survives a redirect: flashed on one request, read on the next', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.flash('Login successful!', 'success'))
    const { value } = await request(manager, jar, (h) => h.session.flashes())
    expect(value).toEqual([{ category: 'success', message: 'Login successful!' }])
    const { value: again } = await request(manager, jar, (h) => h.session.flashes())
    expect(again).toEqual([])
  })
})

describe('increment', () => {
  it('adds to a number, counting a missing value as 0', () => {
    const s = fresh()
    expect(s.increment('visits')).toBe(1)
    expect(s.increment('visits', 4)).toBe(5)
    expect(s.get('visits')).toBe(5)
    expect(() => s.increment('visits', Number.NaN)).toThrow(SessionValueError)
  })
})

const LOADED_TIMES = { createdAt: 1, lastSeenAt: 1, permanent: false, until: undefined }

/** Any keys, all numbers: the shape `increment` accepts for any key. */
type Counters = Record<string, number>

function counters(): Session<Counters> {
  return new SessionClass<Counters>(new SessionState())
}

/** A session over a state that was loaded with `data`, as a backend leaves it (not modified). */
function loaded(data: Record<string, unknown>): { s: Session<Counters>; state: SessionState } {
  const state = new SessionState()
  state.replace(data, LOADED_TIMES)
  return { s: new SessionClass<Counters>(state), state }
}

const RESERVED = [
  '_permanent',
  '_flashes',
  '_user_id',
  '_fresh',
  '_auth',
  '_csrf',
  '_id',
  '_until',
  '_v',
  '_spill',
]
const METHODS = [
  'get',
  'set',
  'update',
  'delete',
  'pop',
  'has',
  'clear',
  'keys',
  'entries',
  'flash',
  'flashes',
  'regenerate',
  'destroy',
  'save',
  'touch',
  'markModified',
  'increment',
]

describe('Session keys and limits', () => {
  it.each([...RESERVED, ...METHODS])('refuses %s as a key, naming it', (key) => {
    const s = counters()
    expect(() => s.set(key, 1)).toThrow(
      new SessionValueError(`The session key "${key}" is reserved.`),
    )
    expect(() => s.increment(key)).toThrow(
      new SessionValueError(`The session key "${key}" is reserved.`),
    )
  })

  it('hides every reserved key from get, has, keys, entries and delete', () => {
    const { s, state } = loaded(Object.fromEntries(RESERVED.map((k) => [k, 'lib'])))
    for (const key of RESERVED) {
      expect(s.get(key)).toBeUndefined()
      expect(s.has(key)).toBe(false)
      expect(s.delete(key)).toBe(false)
    }
    expect(s.keys()).toEqual([])
    expect(s.entries()).toEqual([])
    expect(state.map.size).toBe(RESERVED.length)
    expect(s.modified).toBe(false)
  })

  it('does not delete the flashes through delete(), leaving them for flashes()', () => {
    const s = counters()
    s.flash('kept')
    expect(s.delete('_flashes')).toBe(false)
    expect(s.flashes()).toEqual([{ category: 'message', message: 'kept' }])
  })

  it('refuses an empty or non-string key with the same message, for set and increment', () => {
    const s = counters()
    const error = new SessionValueError('Session keys must be non-empty strings.')
    for (const key of ['', 1, undefined, null]) {
      expect(() => s.set(key as string, 1)).toThrow(error)
      expect(() => s.increment(key as string)).toThrow(error)
    }
    expect(stateOf(s).map.size).toBe(0)
  })

  it('names the key limit when set adds one key too many, and still replaces existing ones', () => {
    const s = counters()
    stateOf(s).maxKeys = 2
    s.set('a', 1).set('b', 2)
    expect(() => s.set('c', 3)).toThrow(new SessionValueError('A session holds at most 2 keys.'))
    s.set('b', 3)
    expect(s.get('b')).toBe(3)
  })

  it('applies the key limit to increment: refused for a new key at the limit, allowed for an existing one', () => {
    const s = counters()
    stateOf(s).maxKeys = 2
    expect(s.increment('a')).toBe(1)
    expect(s.increment('b')).toBe(1)
    expect(() => s.increment('c')).toThrow(new SessionValueError('A session holds at most 2 keys.'))
    expect(s.has('c')).toBe(false)
    expect(s.increment('b', 2)).toBe(3)
  })

  it('names the default limit of 64 keys for increment', () => {
    const s = counters()
    for (let i = 0; i < 63; i++) s.set(`k${i}`, i)
    expect(s.increment('last')).toBe(1)
    expect(() => s.increment('one-more')).toThrow(
      new SessionValueError('A session holds at most 64 keys.'),
    )
    expect(() => s.set('one-more', 1)).toThrow(
      new SessionValueError('A session holds at most 64 keys.'),
    )
  })

  it('refuses a non-finite increment with its message', () => {
    const s = fresh()
    for (const by of [Number.NaN, Infinity, -Infinity]) {
      expect(() => s.increment('visits', by)).toThrow(
        new SessionValueError('increment() needs a finite number.'),
      )
    }
    expect(s.has('visits')).toBe(false)
  })

  it('stateOf refuses an object that is not a session', () => {
    expect(() => stateOf({} as never)).toThrow(new TypeError('Not a tessera session.'))
    const state = new SessionState()
    expect(stateOf(new SessionClass(state))).toBe(state)
  })
})

describe('Session.permanent and markModified', () => {
  it('turns permanent on and off again, storing _permanent only while on', () => {
    const s = fresh()
    expect(s.permanent).toBe(false)
    s.permanent = true
    expect(s.permanent).toBe(true)
    expect(stateOf(s).map.get('_permanent')).toBe(true)
    s.permanent = false
    expect(s.permanent).toBe(false)
    expect(stateOf(s).map.has('_permanent')).toBe(false)
  })

  it('does not modify a session when permanent is set to the value it already has', () => {
    const on = loaded({ _permanent: true })
    on.s.permanent = true
    expect(on.s.permanent).toBe(true)
    expect(on.s.modified).toBe(false)
    const off = loaded({})
    off.s.permanent = false
    expect(off.s.modified).toBe(false)
  })

  it('markModified() marks an unchanged session modified and accessed', () => {
    const { s } = loaded({ visits: 1 })
    s.markModified()
    expect(s.modified).toBe(true)
    expect(s.accessed).toBe(true)
    expect(s.get('visits')).toBe(1)
  })
})

describe('flash message checks', () => {
  it('refuses a message or a category that is not a string, with its message', () => {
    const s = fresh()
    const error = new SessionValueError('A flash message and its category must be strings.')
    expect(() => s.flash(1 as never)).toThrow(error)
    expect(() => s.flash('hi', 1 as never)).toThrow(error)
    expect(() => s.flash(null as never, null as never)).toThrow(error)
    expect(s.flashes()).toEqual([])
  })

  it('counts the bytes of message and category together: 512 is accepted, 513 refused', () => {
    const s = fresh()
    const error = new SessionValueError('A flash message is limited to 512 bytes.')
    s.flash('x'.repeat(505)) // + 'message' (7 bytes) = 512
    expect(() => s.flash('x'.repeat(506))).toThrow(error)
    expect(() => s.flash('a', 'c'.repeat(512))).toThrow(error)
    expect(() => s.flash('é'.repeat(253))).toThrow(error) // 506 bytes in UTF-8
    s.flash('y'.repeat(256), 'z'.repeat(256))
    expect(s.flashes().map((f) => f.message.length)).toEqual([505, 256])
  })

  it('does not modify the session when no flash is in the wanted categories', () => {
    const { s, state } = loaded({ _flashes: [{ category: 'info', message: 'a' }] })
    expect(s.flashes({ categories: ['error'] })).toEqual([])
    expect(s.modified).toBe(false)
    expect(state.map.get('_flashes')).toEqual([{ category: 'info', message: 'a' }])
  })

  it('removes the flashes key once every flash is taken', () => {
    const { s, state } = loaded({
      _flashes: [
        { category: 'info', message: 'a' },
        { category: 'error', message: 'b' },
      ],
    })
    expect(s.flashes({ categories: ['error'] })).toEqual([{ category: 'error', message: 'b' }])
    expect(state.map.get('_flashes')).toEqual([{ category: 'info', message: 'a' }])
    expect(s.flashes()).toEqual([{ category: 'info', message: 'a' }])
    expect(state.map.has('_flashes')).toBe(false)
    expect(state.toObject()).toEqual({})
  })

  it('skips loaded flash entries that are not category/message string pairs', () => {
    const malformed = [
      null,
      5,
      'text',
      { message: 'no category' },
      { category: 'no message' },
      { category: 1, message: 'numeric category' },
      { category: 'numeric message', message: 2 },
      { category: 'ok', message: 'good' },
    ]
    const { s } = loaded({ _flashes: malformed })
    expect(s.flashes()).toEqual([{ category: 'ok', message: 'good' }])
    const again = loaded({ _flashes: malformed })
    again.s.flash('new')
    expect(again.s.flashes()).toEqual([
      { category: 'ok', message: 'good' },
      { category: 'message', message: 'new' },
    ])
  })
})

describe('SessionState', () => {
  it('starts loaded without a loader, with the times of a new session', () => {
    const state = new SessionState()
    expect(state.loaded).toBe(true)
    expect(state.times).toEqual({ createdAt: 0, lastSeenAt: 0, permanent: false, until: undefined })
    expect(new SessionState(() => undefined).loaded).toBe(false)
  })

  it('touch() runs the loader once, marks it loaded and accessed', () => {
    let calls = 0
    const state = new SessionState(() => void calls++)
    state.touch()
    expect(state.loaded).toBe(true)
    expect(state.accessed).toBe(true)
    state.touch()
    expect(calls).toBe(1)
  })

  it('open() runs the loader once and marks it loaded, without marking it accessed', () => {
    let calls = 0
    const state = new SessionState(() => void calls++)
    state.open()
    expect(state.loaded).toBe(true)
    expect(state.accessed).toBe(false)
    state.open()
    state.touch()
    expect(calls).toBe(1)
  })

  it('reset() leaves a new, empty, accessed session with new-session times', () => {
    const { state } = loaded({ visits: 1, _permanent: true })
    state.reset()
    expect(state.accessed).toBe(true)
    expect(state.isNew).toBe(true)
    expect(state.map.size).toBe(0)
    expect(state.times.permanent).toBe(false)
  })

  it('clear() and destroy() mark the state cleared', () => {
    const cleared = loaded({ visits: 1 })
    cleared.s.clear()
    expect(cleared.state.cleared).toBe(true)
    expect(cleared.state.destroyed).toBe(false)
    const destroyed = loaded({ visits: 1 })
    destroyed.s.destroy()
    expect(destroyed.state.cleared).toBe(true)
    expect(destroyed.state.destroyed).toBe(true)
  })

  it('records an increment as a store delta only for a key not set in this request', () => {
    const { s, state } = loaded({ visits: 1 })
    expect(s.increment('visits', 2)).toBe(3)
    expect(state.increments.get('visits')).toBe(2)
    s.set('other', 1)
    expect(s.increment('other', 5)).toBe(6)
    expect(state.increments.has('other')).toBe(false)
    expect(state.changed.has('other')).toBe(true)
  })

  it('drops method names from loaded data', () => {
    const { s, state } = loaded({ get: 1, destroy: 2, visits: 3 })
    expect([...state.map.keys()]).toEqual(['visits'])
    expect(s.keys()).toEqual(['visits'])
  })

  it('toObject() never writes a __proto__ key into the output', () => {
    const state = new SessionState()
    state.map.set('__proto__', { polluted: true })
    state.map.set('', 'empty key')
    state.map.set('visits', 1)
    const out = state.toObject()
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect((out as { polluted?: unknown }).polluted).toBeUndefined()
    expect(out).toEqual({ '': 'empty key', visits: 1 })
  })
})
