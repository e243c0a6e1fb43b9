import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  FlaskTuple,
  Markup,
  PythonFloat,
  decodeFlaskCookie,
  encodeFlaskCookie,
  flaskLoginIdentifier,
  fromFlaskSession,
  toFlaskSession,
  type FlaskValue,
} from '../../../src/codec/flask/index.js'
import { DecodeError } from '../../../src/errors.js'

describe('fromFlaskSession', () => {
  it('lifts flashes, permanent and the Flask-Login keys out of the data', () => {
    const parts = fromFlaskSession({
      _flashes: [
        new FlaskTuple(['message', 'Hello World']),
        new FlaskTuple(['warning', new Markup('<em>Testing</em>')]),
      ],
      _permanent: true,
      _user_id: '42',
      _fresh: true,
      _id: 'abc',
      _remember: 'set',
      cart: [1, 2],
    })
    expect(parts).toStrictEqual({
      data: { _remember: 'set', cart: [1, 2] },
      flashes: [
        { category: 'message', message: 'Hello World' },
        { category: 'warning', message: new Markup('<em>Testing</em>') },
      ],
      permanent: true,
      userId: '42',
      fresh: true,
      loginIdentifier: 'abc',
    })
  })

  it('reads an anonymous, browser-session cookie as empty pieces', () => {
    expect(fromFlaskSession({})).toStrictEqual({
      data: {},
      flashes: [],
      permanent: false,
      userId: null,
      fresh: null,
      loginIdentifier: null,
    })
  })

  it('reads _permanent and _fresh by Python truthiness, as Flask does', () => {
    expect(fromFlaskSession({ _permanent: false }).permanent).toBe(false)
    expect(fromFlaskSession({ _permanent: 1 }).permanent).toBe(true)
    expect(fromFlaskSession({ _permanent: '' }).permanent).toBe(false)
    expect(fromFlaskSession({ _fresh: false }).fresh).toBe(false)
    expect(fromFlaskSession({ _fresh: 0 }).fresh).toBe(false)
  })

  it("converts a number user id and non-text messages as Python's str() does", () => {
    const parts = fromFlaskSession({
      _user_id: 7,
      _flashes: [
        ['info', 42],
        ['info', new PythonFloat(2)],
        ['info', null],
        ['info', true],
      ],
    })
    expect(parts.userId).toBe('7')
    expect(parts.flashes.map((f) => f.message)).toEqual(['42', '2.0', 'None', 'True'])
  })

  it('refuses shapes Flask could not have written with DecodeError malformed', () => {
    const bad: FlaskValue[] = [
      [1, 2],
      new FlaskTuple([]),
      'x',
      { _flashes: 'x' },
      { _flashes: [new FlaskTuple(['only one'])] },
      { _flashes: [[1, 'category must be text']] },
      { _flashes: [['info', { nested: 1 }]] },
      { _user_id: [1] },
      { _id: 5 },
    ]
    for (const session of bad) {
      expect(() => fromFlaskSession(session)).toThrow(DecodeError)
    }
  })
})

describe('toFlaskSession', () => {
  it('writes flashes as tuples and omits what Flask reads as absent', () => {
    const session = toFlaskSession({
      data: { cart: [1], _user_id: 'ignored' },
      flashes: [{ category: 'success', message: 'Saved' }],
      permanent: false,
      userId: null,
    })
    expect(session).toStrictEqual({ cart: [1], _flashes: [new FlaskTuple(['success', 'Saved'])] })
  })

  it('writes the same cookie bytes Flask writes for a login (vector pos-csrf-like shape)', () => {
    const cookie = encodeFlaskCookie(
      toFlaskSession({
        data: { csrf_token: '6f1ed002ab5595859014ebf0951522d9b6a9e1b4', user_id: 7 },
        permanent: true,
      }),
      {
        secret: '192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf',
        now: 1_700_000_000_000,
      },
    )
    expect(cookie).toBe(
      'eyJfcGVybWFuZW50Ijp0cnVlLCJjc3JmX3Rva2VuIjoiNmYxZWQwMDJhYjU1OTU4NTkwMTRlYmYwOTUxNTIyZDliNmE5ZTFiNCIsInVzZXJfaWQiOjd9.ZVPxAA.7_FlJ_xeMAAqZ5FcOmJY5_pdSP0',
    )
  })

  it('round-trips through a cookie', () => {
    const parts = {
      data: { theme: 'dark' },
      flashes: [{ category: 'error', message: new Markup('<b>No</b>') }],
      permanent: true,
      userId: '42',
      fresh: false,
      loginIdentifier: 'f'.repeat(128),
    }
    const cookie = encodeFlaskCookie(toFlaskSession(parts), { secret: 'k', now: 1e12 })
    expect(
      fromFlaskSession(decodeFlaskCookie(cookie, { secret: 'k', now: 1e12 }).payload),
    ).toStrictEqual(parts)
  })
})

describe('flaskLoginIdentifier', () => {
  it("hashes Flask-Login 0.6's bytes-repr string", () => {
    const ua =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/84.0.4147.105 Safari/537.36'
    const id = flaskLoginIdentifier({ remoteAddr: '127.0.0.1', userAgent: ua })
    expect(id).toBe(createHash('sha512').update(`b'127.0.0.1'|b'${ua}'`).digest('hex'))
    expect(id.startsWith('eada87a072e4236c')).toBe(true)
  })

  it('takes the first X-Forwarded-For entry and writes missing values as None', () => {
    const hash = (s: string): string => createHash('sha512').update(s).digest('hex')
    expect(flaskLoginIdentifier({ remoteAddr: ' 1.2.3.4 , 10.0.0.1', userAgent: null })).toBe(
      hash("b'1.2.3.4'|None"),
    )
    expect(flaskLoginIdentifier({ remoteAddr: null, userAgent: 'it\'s "q"\té' })).toBe(
      hash(`None|b'it\\'s "q"\\t\\xc3\\xa9'`),
    )
    expect(flaskLoginIdentifier({ remoteAddr: null, userAgent: "it's" })).toBe(hash(`None|b"it's"`))
  })
})

describe('Flask session pieces at their edges', () => {
  const hash = (s: string): string => createHash('sha512').update(s).digest('hex')

  it("reads _permanent with Python's truthiness for every kind of value", () => {
    const truthy: FlaskValue[] = [
      true,
      -1,
      Number.NaN,
      'x',
      1n,
      new PythonFloat(0.5),
      [0],
      new FlaskTuple([0]),
      new Uint8Array([0]),
      new Markup('<b>'),
      { a: 0 },
      new Date(0),
    ]
    const falsy: FlaskValue[] = [
      null,
      false,
      0,
      '',
      0n,
      new PythonFloat(0),
      [],
      new FlaskTuple([]),
      new Uint8Array(0),
      new Markup(''),
      {},
    ]
    for (const value of truthy) expect(fromFlaskSession({ _permanent: value }).permanent).toBe(true)
    for (const value of falsy) expect(fromFlaskSession({ _permanent: value }).permanent).toBe(false)
    expect(fromFlaskSession({ _fresh: [1] }).fresh).toBe(true)
    expect(fromFlaskSession({ _fresh: '' }).fresh).toBe(false)
  })

  it("prints flash messages as Python's str(): floats, big integers, False, Markup kept", () => {
    const html = new Markup('<b>hi</b>')
    const parts = fromFlaskSession({
      _flashes: [
        new FlaskTuple(['a', 1.5]),
        new FlaskTuple(['a', -0]),
        new FlaskTuple(['a', 3]),
        new FlaskTuple(['a', 12345678901234567890n]),
        new FlaskTuple(['a', false]),
        new FlaskTuple(['a', html]),
      ],
    })
    expect(parts.flashes.map((f) => f.message)).toEqual([
      '1.5',
      '-0.0',
      '3',
      '12345678901234567890',
      'False',
      html,
    ])
    expect(parts.flashes[5]?.message).toBeInstanceOf(Markup)
    expect(parts.flashes.every((f) => f.category === 'a')).toBe(true)
  })

  it('reads a big-integer user id and a null _user_id or _id as nobody', () => {
    expect(fromFlaskSession({ _user_id: 12345678901234567890n }).userId).toBe(
      '12345678901234567890',
    )
    expect(fromFlaskSession({ _user_id: 'u1' }).userId).toBe('u1')
    expect(fromFlaskSession({ _user_id: null, _id: null })).toMatchObject({
      userId: null,
      loginIdentifier: null,
    })
    expect(fromFlaskSession({ _id: 'abc' }).loginIdentifier).toBe('abc')
    expect(fromFlaskSession({ _fresh: true }).fresh).toBe(true)
  })

  it('takes a null-prototype dict as a session, and says what is wrong with the others', () => {
    const bare = Object.assign(Object.create(null) as Record<string, FlaskValue>, { a: 1 })
    expect(fromFlaskSession(bare).data).toEqual({ a: 1 })
    const message = (session: FlaskValue): string => {
      try {
        fromFlaskSession(session)
      } catch (err) {
        expect((err as DecodeError).reason).toBe('malformed')
        return (err as Error).message
      }
      throw new Error('not refused')
    }
    expect(message(null)).toBe('Not a Flask session: A Flask session is a dict.')
    expect(message(new Date(0))).toBe('Not a Flask session: A Flask session is a dict.')
    expect(message({ _flashes: {} })).toBe('Not a Flask session: _flashes is a list.')
    expect(message({ _flashes: [['a', 'b', 'c']] })).toBe(
      'Not a Flask session: Each flash is a (category, message) pair.',
    )
    expect(message({ _flashes: [1] })).toBe(
      'Not a Flask session: Each flash is a (category, message) pair.',
    )
    expect(message({ _flashes: [['a', [1]]] })).toBe(
      'Not a Flask session: A flash message is text.',
    )
    expect(message({ _user_id: true })).toBe('Not a Flask session: _user_id is a string.')
    expect(message({ _id: 1 })).toBe('Not a Flask session: _id is a string.')
  })

  it('writes only the explicit pieces, never the special keys found in data', () => {
    const out = toFlaskSession({
      data: {
        cart: [1],
        _flashes: 'x',
        _permanent: true,
        _user_id: 'evil',
        _fresh: true,
        _id: 'x',
      },
      flashes: [],
      permanent: false,
      userId: null,
      fresh: null,
      loginIdentifier: null,
    })
    expect(out).toEqual({ cart: [1] })
    expect(toFlaskSession({})).toEqual({})
    expect(
      toFlaskSession({ userId: 'u', fresh: false, loginIdentifier: 'i', permanent: true }),
    ).toEqual({ _user_id: 'u', _fresh: false, _id: 'i', _permanent: true })
  })

  it('writes repr(bytes) escapes as Python does: quotes, backslash, controls, DEL and latin1', () => {
    expect(flaskLoginIdentifier({ remoteAddr: null, userAgent: 'a\\b\nc\rd\x01e\x7f' })).toBe(
      hash("None|b'a\\\\b\\nc\\rd\\x01e\\x7f'"),
    )
    // Both quotes: single quotes around, the single quote escaped.
    expect(flaskLoginIdentifier({ remoteAddr: null, userAgent: `'"` })).toBe(hash(`None|b'\\'"'`))
    // Only double quotes: single quotes around, nothing escaped.
    expect(flaskLoginIdentifier({ remoteAddr: null, userAgent: '"' })).toBe(hash(`None|b'"'`))
    expect(flaskLoginIdentifier({ remoteAddr: null, userAgent: '~ ' })).toBe(hash(`None|b'~ '`))
    expect(flaskLoginIdentifier({ remoteAddr: null, userAgent: '' })).toBe(hash(`None|b''`))
  })

  it('strips only ASCII whitespace around the first address, as bytes.strip() does', () => {
    expect(flaskLoginIdentifier({ remoteAddr: '\t\v\f 1.2.3.4\r\n', userAgent: null })).toBe(
      hash("b'1.2.3.4'|None"),
    )
    // \v at the end too (and a letter V is not whitespace).
    expect(flaskLoginIdentifier({ remoteAddr: '1.2.3.4 \v', userAgent: null })).toBe(
      hash("b'1.2.3.4'|None"),
    )
    expect(flaskLoginIdentifier({ remoteAddr: 'V1.2.3.4V', userAgent: null })).toBe(
      hash("b'V1.2.3.4V'|None"),
    )
    expect(flaskLoginIdentifier({ remoteAddr: '1.2.3.4 5', userAgent: null })).toBe(
      hash("b'1.2.3.4 5'|None"),
    )
    expect(flaskLoginIdentifier({ remoteAddr: '\u00a01.2.3.4', userAgent: null })).toBe(
      hash("b'\\xc2\\xa01.2.3.4'|None"),
    )
  })
})
