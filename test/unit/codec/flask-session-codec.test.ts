import { describe, expect, it } from 'vitest'

import { createFlaskCodec, FlaskTuple, FlaskUUID, Markup } from '../../../src/codec/flask/index.js'
import { PythonFloat } from '../../../src/codec/flask/python-json.js'
import {
  createFlaskSessionCodec,
  toFlaskSafeValue,
} from '../../../src/codec/flask/session-codec.js'
import { SessionValueError } from '../../../src/errors.js'

// Flask's session cookie as a session codec (format: 'flask'), without a Python process: the
// interop suite checks the same codec against a real Flask app.

const SECRET = 'flask secret key for the unit tests'
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0)
const codec = createFlaskSessionCodec({ secret: SECRET, maxAge: 3600 })
const envelope = (data: Record<string, unknown>) => ({
  data,
  createdAt: NOW,
  issuedAt: NOW,
  expiresAt: NOW + 3600_000,
})

describe('createFlaskSessionCodec', () => {
  it('carries Flask’s rules: the sign-in cap only, and its tagged-JSON values', () => {
    expect(codec.lifetime).toBe('cap')
    expect(codec.validate).toBe(toFlaskSafeValue)
  })

  it('round-trips the data, with the signing time as created and issued, expiring after maxAge', () => {
    const value = codec.seal(envelope({ _user_id: '42', _fresh: true, cart: ['book'] }))
    expect(codec.open(value, NOW + 1000)).toEqual({
      ok: true,
      rotated: false,
      envelope: {
        data: { _user_id: '42', _fresh: true, cart: ['book'] },
        createdAt: NOW,
        issuedAt: NOW,
        expiresAt: NOW + 3600_000 + 1000,
      },
    })
  })

  it('writes flashes as Flask’s (category, message) tuples and reads them back', () => {
    const flashes = [{ category: 'info', message: 'Saved.' }]
    const value = codec.seal(envelope({ _flashes: flashes }))
    const raw = createFlaskCodec({ secret: SECRET }).decode(value, { now: NOW })
    expect(raw.payload).toEqual({ _flashes: [new FlaskTuple(['info', 'Saved.'])] })
    expect(codec.open(value, NOW)).toMatchObject({
      ok: true,
      envelope: { data: { _flashes: flashes } },
    })
    // Not a list: written as no flashes.
    const none = codec.seal(envelope({ _flashes: 'oops' }))
    expect(createFlaskCodec({ secret: SECRET }).decode(none, { now: NOW }).payload).toEqual({
      _flashes: [],
    })
  })

  it('reads a Markup flash as its HTML and skips flash entries that are not pairs of text', () => {
    const flask = createFlaskCodec({ secret: SECRET })
    const value = flask.encode(
      {
        _flashes: [
          new FlaskTuple(['error', new Markup('<b>No.</b>')]),
          ['message', 'plain list pair'],
          new FlaskTuple(['only one']),
          ['a', 'b', 'c'],
          new FlaskTuple([1, 'not a category']),
          'not a pair',
        ],
      },
      { now: NOW },
    )
    expect(codec.open(value, NOW)).toMatchObject({
      ok: true,
      envelope: {
        data: {
          _flashes: [
            { category: 'error', message: '<b>No.</b>' },
            { category: 'message', message: 'plain list pair' },
          ],
        },
      },
    })
    const notList = flask.encode({ _flashes: 'text' }, { now: NOW })
    expect(codec.open(notList, NOW)).toMatchObject({
      ok: true,
      envelope: { data: { _flashes: [] } },
    })
  })

  it('flags a cookie signed with a fallback secret as rotated', () => {
    const old = createFlaskSessionCodec({ secret: 'the previous flask secret key' })
    const both = createFlaskSessionCodec({ secret: [SECRET, 'the previous flask secret key'] })
    expect(both.open(old.seal(envelope({ a: 1 })), NOW)).toMatchObject({ ok: true, rotated: true })
  })

  it('refuses a cookie past maxAge, a forged one, and a signed payload that is not an object', () => {
    const value = codec.seal(envelope({ a: 1 }))
    expect(codec.open(value, NOW + 3600_000)).toMatchObject({ ok: true })
    expect(codec.open(value, NOW + 3601_000)).toEqual({ ok: false, reason: 'expired' })
    expect(codec.open(value.slice(0, -2) + 'xx', NOW)).toEqual({ ok: false, reason: 'tampered' })
    const flask = createFlaskCodec({ secret: SECRET })
    for (const payload of [['a list'], 'text', 5, null]) {
      const signed = flask.encode(payload, { now: NOW })
      expect(codec.open(signed, NOW), JSON.stringify(payload)).toEqual({
        ok: false,
        reason: 'malformed',
      })
    }
  })

  it('defaults maxAge to Flask’s 31 days', () => {
    const defaults = createFlaskSessionCodec({ secret: SECRET })
    const value = defaults.seal(envelope({ a: 1 }))
    const days31 = 31 * 24 * 3600_000
    expect(defaults.open(value, NOW)).toMatchObject({
      ok: true,
      envelope: { expiresAt: NOW + days31 + 1000 },
    })
    expect(defaults.open(value, NOW + days31 + 1000)).toEqual({ ok: false, reason: 'expired' })
  })
})

describe('toFlaskSafeValue', () => {
  it('takes JSON and the tagged types, copying what is mutable', () => {
    const date = new Date(NOW)
    const bytes = new Uint8Array([1, 2, 3])
    const kept = [
      null,
      'text',
      true,
      12n,
      1.5,
      new FlaskTuple([1]),
      new Markup('<i>x</i>'),
      new FlaskUUID('12345678-1234-5678-1234-567812345678'),
      new PythonFloat(2),
    ]
    for (const value of kept) expect(toFlaskSafeValue(value)).toBe(value)
    const copiedDate = toFlaskSafeValue(date)
    expect(copiedDate).toEqual(date)
    expect(copiedDate).not.toBe(date)
    const copiedBytes = toFlaskSafeValue(bytes)
    expect(copiedBytes).toEqual(bytes)
    expect(copiedBytes).not.toBe(bytes)
    const nested = toFlaskSafeValue({ list: [1, { a: 'b' }] }) as { list: unknown[] }
    expect(nested).toEqual({ list: [1, { a: 'b' }] })
    expect(Object.isFrozen(nested) && Object.isFrozen(nested.list)).toBe(true)
    expect(toFlaskSafeValue(Object.assign(Object.create(null) as object, { a: 1 }))).toEqual({
      a: 1,
    })
  })

  it('refuses what Flask cannot carry, naming where it is', () => {
    const refusal = (value: unknown) => {
      try {
        toFlaskSafeValue(value, 'session.x')
        return 'accepted'
      } catch (err) {
        expect(err).toBeInstanceOf(SessionValueError)
        return (err as Error).message
      }
    }
    const cannot = (what: string, path = 'session.x') =>
      `Cannot store ${path} in a Flask-format session: ${what}.`
    expect(refusal(() => 1)).toBe(cannot('a function'))
    expect(refusal(Symbol('s'))).toBe(cannot('a symbol'))
    expect(refusal(undefined)).toBe(cannot('a undefined'))
    expect(refusal(new Date(Number.NaN))).toBe(cannot('an invalid Date'))
    expect(refusal(new Map())).toBe(cannot('a class instance Flask cannot carry'))
    expect(refusal({ a: [new Set()] })).toBe(
      cannot('a class instance Flask cannot carry', 'session.x.a[0]'),
    )
    expect(refusal(JSON.parse('{"__proto__": 1}'))).toBe(cannot('the key "__proto__"'))
    let deep: unknown = 'leaf'
    for (let i = 0; i < 32; i += 1) deep = [deep]
    expect(refusal(deep)).toBe('accepted')
    expect(refusal([deep])).toMatch(/nesting deeper than 32 levels/)
  })

  it('counts the depth through objects as through arrays', () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 32; i += 1) deep = { k: deep }
    expect(() => toFlaskSafeValue(deep)).not.toThrow()
    expect(() => toFlaskSafeValue({ k: deep })).toThrow(
      /^Cannot store value(\.k){32} in a Flask-format session: nesting deeper than 32 levels\.$/,
    )
  })

  it("names the value 'value' when no path is given", () => {
    expect(() => toFlaskSafeValue({ a: () => 1 })).toThrow(
      'Cannot store value.a in a Flask-format session: a function.',
    )
  })
})
