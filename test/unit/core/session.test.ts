import { describe, expect, it } from 'vitest'
import { createSessionManager, SessionValueError, type Session } from '../../../src/index.js'
import { SessionState } from '../../../src/core/session.js'
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
