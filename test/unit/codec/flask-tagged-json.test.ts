import { describe, expect, it } from 'vitest'
import {
  FlaskTuple,
  FlaskUUID,
  Markup,
  PythonFloat,
  dumpPythonJson,
  parseHttpDate,
  parsePythonJson,
  tagFlaskValue,
  untagFlaskValue,
  type FlaskValue,
} from '../../../src/codec/flask/index.js'
import { DecodeError, SessionValueError } from '../../../src/errors.js'

const dumps = (value: FlaskValue): string => dumpPythonJson(tagFlaskValue(value))
const loads = (text: string): FlaskValue => untagFlaskValue(parsePythonJson(text))

describe('tagging (TS value → Flask JSON)', () => {
  it('writes each typed value with its tag', () => {
    expect(dumps(new FlaskTuple([1, 2, 3]))).toBe('{" t":[1,2,3]}')
    expect(dumps(new Uint8Array([0xff]))).toBe('{" b":"/w=="}')
    expect(dumps(Buffer.from('AAH+/yBiaW5hcnk=', 'base64'))).toBe('{" b":"AAH+/yBiaW5hcnk="}')
    expect(dumps(new Markup('<html>'))).toBe('{" m":"<html>"}')
    expect(dumps(new FlaskUUID('12345678-1234-5678-1234-567812345678'))).toBe(
      '{" u":"12345678123456781234567812345678"}',
    )
    expect(dumps(new Date(Date.UTC(1970, 0, 1)))).toBe('{" d":"Thu, 01 Jan 1970 00:00:00 GMT"}')
  })

  it('writes flashes as Flask does: a list of (category, message) tuples', () => {
    const flashes = [
      new FlaskTuple(['message', 'Hello World']),
      new FlaskTuple(['warning', new Markup('<em>Testing</em>')]),
    ]
    expect(dumps({ _flashes: flashes })).toBe(
      '{"_flashes":[{" t":["message","Hello World"]},{" t":["warning",{" m":"<em>Testing</em>"}]}]}',
    )
  })

  it('escapes a one-key dict whose key is a tag with " di" (vector pos-tag-key-collisions-nested)', () => {
    expect(dumps({ t_tag: { ' t': 'not-a-tuple' } })).toBe(
      '{"t_tag":{" di":{" t__":"not-a-tuple"}}}',
    )
    expect(dumps({ ' d': { ' m': 'x' } })).toBe('{" di":{" d__":{" di":{" m__":"x"}}}}')
    expect(dumps({ ' t__': 'x' })).toBe('{" t__":"x"}')
    expect(dumps({ ' t': 1, ' u': 2 })).toBe('{" t":1," u":2}')
  })

  it('drops fractions of a second from dates, as Python drops microseconds', () => {
    expect(dumps(new Date(Date.UTC(2000, 0, 1, 0, 0, 0, 999)))).toBe(
      '{" d":"Sat, 01 Jan 2000 00:00:00 GMT"}',
    )
    expect(dumps(new Date(-500))).toBe('{" d":"Wed, 31 Dec 1969 23:59:59 GMT"}')
  })

  it('pads years below 1000 to four digits', () => {
    const d = new Date(0)
    d.setUTCFullYear(99, 4, 3)
    expect(dumps(d)).toBe('{" d":"Sun, 03 May 0099 00:00:00 GMT"}')
  })

  it('refuses values Flask cannot carry with a SessionValueError', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.me = cyclic
    let deep: unknown = 1
    for (let i = 0; i < 70; i++) deep = [deep]
    const bad: unknown[] = [
      undefined,
      { a: undefined },
      () => 1,
      Symbol('s'),
      new Map(),
      new Set([1]),
      new (class Point {})(),
      new Date(NaN),
      new Date(Date.UTC(10000, 0, 1)),
      cyclic,
      deep,
      JSON.parse('{"__proto__":{"x":1}}'),
      { constructor: 1 },
    ]
    for (const value of bad)
      expect(() => tagFlaskValue(value as FlaskValue)).toThrow(SessionValueError)
  })
})

describe('untagging (Flask JSON → TS value)', () => {
  it('reads back what Flask wrote in test_session_special_types', () => {
    const text =
      '{"b":{" b":"/w=="},"d":{" d":"Thu, 01 Jan 1970 00:00:00 GMT"},"di":{" di":{" di__":"not-a-dict"}},' +
      '"m":{" m":"<html>"},"t":{" t":[1,2,3]},"t__":{" t__":"not-a-tuple"},' +
      '"td":{" di":{" t__":"not-a-tuple"}},"u":{" u":"12345678123456781234567812345678"}}'
    expect(loads(text)).toStrictEqual({
      b: new Uint8Array([0xff]),
      d: new Date(0),
      di: { ' di': 'not-a-dict' },
      m: new Markup('<html>'),
      t: new FlaskTuple([1, 2, 3]),
      t__: { ' t__': 'not-a-tuple' },
      td: { ' t': 'not-a-tuple' },
      u: new FlaskUUID('12345678123456781234567812345678'),
    })
  })

  it('undoes nested " di" escapes one level at a time', () => {
    expect(loads('{" di":{" di__":{" di":{" di__":"deep"}}}}')).toStrictEqual({
      ' di': { ' di': 'deep' },
    })
    expect(loads('{" di":{" d__":{" di":{" m__":"x"}}}}')).toStrictEqual({ ' d': { ' m': 'x' } })
  })

  it('round-trips every case of Flask test_dump_load_unchanged', () => {
    const cases: FlaskValue[] = [
      { ' t': new FlaskTuple([1, 2, 3]) },
      { ' t__': new Uint8Array([0x61]) },
      { ' di': ' di' },
      { x: new FlaskTuple([1, 2, 3]), y: 4 },
      new FlaskTuple([1, 2, 3]),
      [new FlaskTuple([1, 2, 3])],
      new Uint8Array([0xff]),
      new Markup('<html>'),
      FlaskUUID.random(),
      new Date(Math.floor(Date.now() / 1000) * 1000),
    ]
    for (const value of cases) expect(loads(dumps(value))).toStrictEqual(value)
  })

  it('leaves objects with two keys, or a non-tag key, as plain dicts', () => {
    expect(loads('{" t":[1]," u":2}')).toStrictEqual({ ' t': [1], ' u': 2 })
    expect(loads('{"t":[1]}')).toStrictEqual({ t: [1] })
  })

  it('reads a date Werkzeug cannot parse as null, as Flask reads None', () => {
    expect(loads('{"d":{" d":"not a date"}}')).toStrictEqual({ d: null })
    expect(loads('{"d":{" d":"Mon, 31 Feb 2000 00:00:00 GMT"}}')).toStrictEqual({ d: null })
  })

  it('keeps integral floats, big integers and non-finite floats inside tags', () => {
    expect(loads('{" t":[1.0,18446744073709551616,NaN]}')).toStrictEqual(
      new FlaskTuple([new PythonFloat(1), 18446744073709551616n, NaN]),
    )
  })

  const invalid: [string, string][] = [
    ['{" t":"ab"}', 'a tuple that is not a list'],
    ['{" b":"AQ"}', 'bytes without padding'],
    ['{" b":"A-_="}', 'bytes in the URL-safe alphabet'],
    ['{" b":1}', 'bytes that are not a string'],
    ['{" m":1}', 'Markup that is not a string'],
    ['{" u":"xyz"}', 'a UUID that is not hex'],
    ['{" u":1}', 'a UUID that is not a string'],
    ['{" d":1}', 'a date that is not a string'],
    ['{" di":"x"}', 'a " di" that is not an object'],
    ['{" di":{"a__":1,"b__":2}}', 'a " di" with two keys'],
    ['{" di":{" t":1}}', 'a " di" key without the __ suffix'],
  ]
  for (const [text, what] of invalid) {
    it(`refuses ${what} with DecodeError malformed`, () => {
      expect(() => loads(text)).toThrow(DecodeError)
    })
  }
})

describe('typed values', () => {
  it('FlaskUUID accepts the forms Python UUID() accepts and prints the hyphenated form', () => {
    const hex = '0123456789abcdef0123456789abcdef'
    for (const form of [
      hex,
      hex.toUpperCase(),
      '01234567-89ab-cdef-0123-456789abcdef',
      '{01234567-89ab-cdef-0123-456789abcdef}',
      'urn:uuid:01234567-89ab-cdef-0123-456789abcdef',
    ]) {
      expect(new FlaskUUID(form).hex).toBe(hex)
    }
    expect(String(new FlaskUUID(hex))).toBe('01234567-89ab-cdef-0123-456789abcdef')
    expect(() => new FlaskUUID('0123')).toThrow(SessionValueError)
  })

  it('Markup.escape escapes as markupsafe does', () => {
    expect(Markup.escape(`<a href="x">'&'</a>`).html).toBe(
      '&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    )
    expect(String(new Markup('<b>'))).toBe('<b>')
  })

  it('FlaskTuple is iterable and frozen', () => {
    const t = new FlaskTuple(['a', 'b'])
    expect([...t]).toEqual(['a', 'b'])
    expect(t.length).toBe(2)
    expect(Object.isFrozen(t.items)).toBe(true)
  })

  it('FlaskUUID refuses what is not 32 hex digits, and strips only its own decorations', () => {
    const hex = '0123456789abcdef0123456789abcdef'
    for (const bad of [
      `${hex}0`,
      hex.slice(1),
      `g${hex.slice(1)}`,
      `x${hex}`,
      `${hex} `,
      `urn:isbn:${hex}`,
      // Braces only around it, never inside.
      `${hex.slice(0, 8)}{${hex.slice(8)}`,
      `${hex.slice(0, 8)}}${hex.slice(8)}`,
    ]) {
      expect(() => new FlaskUUID(bad), bad).toThrow('Not a UUID.')
    }
    expect(new FlaskUUID(`{{${hex}}}`).hex).toBe(hex)
    expect(new FlaskUUID(`uuid:${hex}`).hex).toBe(hex)
    expect(new FlaskUUID('0-1-2-3-456789abcdef0123456789abcdef').hex).toBe(hex)
    const random = FlaskUUID.random()
    expect(random.hex).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/)
    expect(FlaskUUID.random().hex).not.toBe(random.hex)
  })

  it('Markup escapes every occurrence of each character, and keeps the HTML as a string', () => {
    expect(Markup.escape('&&<<>>\'\'""').html).toBe(
      '&amp;&amp;&lt;&lt;&gt;&gt;&#39;&#39;&#34;&#34;',
    )
    expect(Markup.escape('plain').html).toBe('plain')
    expect(new Markup(5 as unknown as string).html).toBe('5')
    expect(String(new Markup('<i>')) + '!').toBe('<i>!')
  })

  it('FlaskTuple copies its items: changing the source later changes nothing', () => {
    const source = ['a']
    const t = new FlaskTuple(source)
    source.push('b')
    expect([...t]).toEqual(['a'])
    expect(new FlaskTuple(new Set(['x', 'y'])).items).toEqual(['x', 'y'])
    expect(new FlaskTuple([]).length).toBe(0)
  })

  it('PythonFloat behaves as a number in arithmetic', () => {
    expect(Number(new PythonFloat(2)) * 3).toBe(6)
    expect(String(new PythonFloat(2))).toBe('2.0')
  })
})

describe('parseHttpDate', () => {
  it('reads the forms Werkzeug reads', () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37)
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')?.getTime()).toBe(t)
    expect(parseHttpDate('6 Nov 1994 08:49:37 +0000')?.getTime()).toBe(t)
    expect(parseHttpDate('Sun, 06 Nov 1994 09:49:37 +0100')?.getTime()).toBe(t)
    expect(parseHttpDate('Sun, 06 Nov 94 08:49:37 GMT')?.getTime()).toBe(t)
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49 GMT')?.getTime()).toBe(t - 37_000)
  })

  it('reads years below 100 as two-digit years, as Python does (even "0099")', () => {
    expect(parseHttpDate('Sun, 03 May 0099 00:00:00 GMT')?.getTime()).toBe(Date.UTC(1999, 4, 3))
    expect(parseHttpDate('Sat, 03 May 0042 00:00:00 GMT')?.getTime()).toBe(Date.UTC(2042, 4, 3))
    expect(parseHttpDate('Mon, 03 May 0100 00:00:00 GMT')?.getUTCFullYear()).toBe(100)
  })

  it('answers null for what it cannot read', () => {
    for (const text of ['', 'yesterday', 'Sun, 06 Foo 1994 08:49:37 GMT', '06 Nov 1994 25:00:00']) {
      expect(parseHttpDate(text)).toBeNull()
    }
  })
})

describe('what the errors say', () => {
  const refusal = (value: unknown): string => {
    try {
      tagFlaskValue(value as FlaskValue)
    } catch (err) {
      expect(err).toBeInstanceOf(SessionValueError)
      return (err as Error).message
    }
    throw new Error('not refused')
  }

  it('names the path and the kind of value Flask cannot carry', () => {
    expect(refusal({ a: [1, undefined] })).toBe(
      'Cannot store value.a[1] in a Flask session: a undefined.',
    )
    expect(refusal({ f: () => 1 })).toBe('Cannot store value.f in a Flask session: a function.')
    expect(refusal([Symbol('s')])).toBe('Cannot store value[0] in a Flask session: a symbol.')
    expect(refusal({ m: new Map() })).toBe(
      'Cannot store value.m in a Flask session: a Map instance.',
    )
    expect(refusal({ t: new FlaskTuple([1, undefined] as unknown as FlaskValue[]) })).toBe(
      'Cannot store value.t[1] in a Flask session: a undefined.',
    )
  })

  it('says why a cycle, a deep value, a bad date or a forbidden key is refused', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.me = cyclic
    expect(refusal(cyclic)).toBe('Cannot store value.me: a cycle.')
    let deep: unknown = 1
    for (let i = 0; i < 65; i++) deep = [deep]
    expect(refusal(deep)).toMatch(/^Cannot store value(\[0\]){64}: nested deeper than 64 levels\.$/)
    expect(refusal({ when: new Date(Number.NaN) })).toMatch(/^Cannot store value\.when: /)
    expect(refusal({ constructor: 1 })).toBe('The key "constructor" is not allowed.')
    expect(refusal(JSON.parse('{"a":{"prototype":1}}'))).toBe('The key "prototype" is not allowed.')
  })

  it('accepts exactly 64 levels, and the same object twice when it is not its own ancestor', () => {
    let deep: unknown = 1
    for (let i = 0; i < 64; i++) deep = [deep]
    expect(() => tagFlaskValue(deep as FlaskValue)).not.toThrow()
    const shared = { x: 1 }
    expect(dumps({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}')
  })

  it('names the tag whose value is invalid, with reason malformed', () => {
    for (const [text, tagName] of [
      ['{" t":"ab"}', 't'],
      ['{" b":1}', 'b'],
      ['{" m":1}', 'm'],
      ['{" u":"xyz"}', 'u'],
      ['{" d":1}', 'd'],
      ['{" di":"x"}', 'di'],
    ] as const) {
      let caught: unknown
      try {
        loads(text)
      } catch (err) {
        caught = err
      }
      expect(caught, text).toBeInstanceOf(DecodeError)
      expect((caught as DecodeError).reason).toBe('malformed')
      expect((caught as Error).message).toBe(`Invalid value for the Flask tag "${tagName}".`)
    }
  })
})

describe('tags at their edges', () => {
  it('writes only the viewed bytes of a Buffer or Uint8Array that shares a larger buffer', () => {
    const whole = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7])
    expect(dumps(whole.subarray(2, 5))).toBe('{" b":"AgME"}')
    expect(dumps(new Uint8Array(whole.buffer, whole.byteOffset + 5, 3))).toBe('{" b":"BQYH"}')
    expect(dumps(new Uint8Array(0))).toBe('{" b":""}')
  })

  it('reads bytes of every padding length, and refuses base64 with stray characters', () => {
    expect([...(loads('{" b":"AQID"}') as Uint8Array)]).toEqual([1, 2, 3])
    expect([...(loads('{" b":"AQI="}') as Uint8Array)]).toEqual([1, 2])
    expect([...(loads('{" b":"AQ=="}') as Uint8Array)]).toEqual([1])
    expect([...(loads('{" b":""}') as Uint8Array)]).toEqual([])
    for (const text of ['{" b":"AQID "}', '{" b":"A QID"}', '{" b":"AQ==AQID"}', '{" b":"AQI"}']) {
      expect(() => loads(text), text).toThrow(DecodeError)
    }
  })

  it('accepts null-prototype objects as dicts and escapes each tag key on its own', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 })
    expect(dumps(bare as FlaskValue)).toBe('{"a":1}')
    for (const key of [' di', ' t', ' b', ' m', ' u', ' d']) {
      expect(dumps({ [key]: 1 })).toBe(`{" di":{"${key}__":1}}`)
      expect(loads(`{" di":{"${key}__":1}}`)).toStrictEqual({ [key]: 1 })
    }
    // Not a tag key: left as it is, both ways.
    expect(dumps({ ' x': 1 })).toBe('{" x":1}')
    expect(loads('{" x":1}')).toStrictEqual({ ' x': 1 })
  })

  it('refuses a " di" that is not a one-key dict whose key ends in "__"', () => {
    for (const text of [
      '{" di":{"abc":1}}',
      '{" di":{"a__":1,"b__":2}}',
      '{" di":{}}',
      '{" di":[1]}',
      '{" di":"a__"}',
      '{" di":null}',
    ]) {
      expect(() => loads(text), text).toThrow('Invalid value for the Flask tag "di".')
    }
  })

  it('names a value whose prototype has no constructor as a non-plain object', () => {
    const value = Object.create(Object.create(null) as object) as FlaskValue
    expect(() => dumps({ a: value })).toThrow(
      'Cannot store value.a in a Flask session: a non-plain object instance.',
    )
  })

  it('refuses a " di" that would untag to a forbidden key', () => {
    expect(() => loads('{" di":{"__proto____":1}}')).toThrow(DecodeError)
    expect(() => loads('{" di":{"constructor__":1}}')).toThrow(DecodeError)
  })

  it('converts the members of a tag before the tag itself, as Flask does', () => {
    expect(loads('{" t":[{" t":[1]},{" m":"<b>"}]}')).toStrictEqual(
      new FlaskTuple([new FlaskTuple([1]), new Markup('<b>')]),
    )
    expect(loads('[{" u":"12345678123456781234567812345678"}]')).toStrictEqual([
      new FlaskUUID('12345678123456781234567812345678'),
    ])
  })
})
