import { describe, expect, it } from 'vitest'
import {
  PythonFloat,
  compareCodePoints,
  dumpPythonJson,
  parsePythonJson,
  pythonFloatRepr,
  type PythonJson,
} from '../../../src/codec/flask/index.js'
import { DecodeError, SessionValueError } from '../../../src/errors.js'

describe('pythonFloatRepr', () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [-0, '-0.0'],
    [0, '0.0'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e-7, '1e-07'],
    [1.5e300, '1.5e+300'],
    [1 / 3, '0.3333333333333333'],
    [19.99, '19.99'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [-2.5e-10, '-2.5e-10'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ]
  for (const [n, repr] of cases) {
    it(`writes ${String(n)} as Python's repr ${repr}`, () => {
      expect(pythonFloatRepr(n)).toBe(repr)
    })
  }
})

describe('dumpPythonJson', () => {
  it('sorts keys by code point at every level, as Python does (vector pos-key-sorting)', () => {
    const keys = ['\u{1F600}', '\uffff', 'é', 'z', 'a', '_x', 'B', '9', '10', '']
    const obj = Object.fromEntries(keys.map((k) => [k, { y: 1, x: 2 }]))
    const inner = '{"x":2,"y":1}'
    expect(dumpPythonJson(obj)).toBe(
      `{"":${inner},"10":${inner},"9":${inner},"B":${inner},"_x":${inner},"a":${inner},` +
        `"z":${inner},"\\u00e9":${inner},"\\uffff":${inner},"\\ud83d\\ude00":${inner}}`,
    )
  })

  it('orders astral characters after U+FFFF, unlike a UTF-16 sort', () => {
    expect(['\u{1F600}', '\uffff'].sort()).toEqual(['\u{1F600}', '\uffff'])
    expect(['\u{1F600}', '\uffff'].sort(compareCodePoints)).toEqual(['\uffff', '\u{1F600}'])
  })

  it('escapes like ensure_ascii: two-char escapes, lowercase \\uXXXX, "/" left alone', () => {
    expect(dumpPythonJson('"\\/\n\r\t\b\f\u0001\u007f\u2028é😀~ ')).toBe(
      '"\\"\\\\/\\n\\r\\t\\b\\f\\u0001\\u007f\\u2028\\u00e9\\ud83d\\ude00~ "',
    )
  })

  it('writes a lone surrogate as its escape', () => {
    expect(dumpPythonJson('\ud800x')).toBe('"\\ud800x"')
  })

  it('writes integers exactly, including beyond 2^53', () => {
    expect(dumpPythonJson([0, -5, 9007199254740991, 2n ** 64n, -(2n ** 70n)])).toBe(
      '[0,-5,9007199254740991,18446744073709551616,-1180591620717411303424]',
    )
    expect(dumpPythonJson(1e21)).toBe('1000000000000000000000')
  })

  it('writes floats in Python notation, PythonFloat keeping an integral float a float', () => {
    expect(
      dumpPythonJson([new PythonFloat(1), new PythonFloat(1e16), 0.5, -0, NaN, -Infinity]),
    ).toBe('[1.0,1e+16,0.5,-0.0,NaN,-Infinity]')
  })

  it('writes compact text with true, false and null', () => {
    expect(dumpPythonJson({ b: [true, false, null], a: {} })).toBe('{"a":{},"b":[true,false,null]}')
  })

  it('refuses values outside the model with a SessionValueError', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const bad: unknown[] = [undefined, () => 1, Symbol('x'), new Map(), new Date(0), cyclic]
    for (const value of bad) {
      expect(() => dumpPythonJson(value as PythonJson)).toThrow(SessionValueError)
    }
  })
})

describe('parsePythonJson', () => {
  it('reads NaN, Infinity and -Infinity, which JSON.parse refuses', () => {
    expect(() => JSON.parse('[NaN]') as unknown).toThrow()
    expect(parsePythonJson('[NaN,Infinity,-Infinity]')).toEqual([NaN, Infinity, -Infinity])
  })

  it('keeps integers beyond 2^53 exactly as bigint, and smaller ones as numbers', () => {
    expect(parsePythonJson('[9007199254740991,9007199254740992,18446744073709551616,-0]')).toEqual([
      9007199254740991,
      9007199254740992n,
      18446744073709551616n,
      0,
    ])
  })

  it('keeps integral floats as PythonFloat by default, and as numbers on request', () => {
    const exact = parsePythonJson('[1.0,1e+16,0.5,-0.0,1E2]') as PythonJson[]
    expect(exact[0]).toStrictEqual(new PythonFloat(1))
    expect(exact[1]).toStrictEqual(new PythonFloat(1e16))
    expect(exact[2]).toBe(0.5)
    expect(Object.is(exact[3], -0)).toBe(true)
    expect(exact[4]).toStrictEqual(new PythonFloat(100))
    expect(parsePythonJson('[1.0,1e+16]', { floats: 'number' })).toEqual([1, 1e16])
  })

  it('gives back the exact text Python wrote when dumped again', () => {
    const text =
      '{"big":1e+16,"e300":1.5e+300,"neg0":-0.0,"one":1.0,"small":1e-07,"third":0.3333333333333333}'
    expect(dumpPythonJson(parsePythonJson(text))).toBe(text)
  })

  it('reads overflowing floats as infinities, as Python does', () => {
    expect(parsePythonJson('[1e400,-1e400]')).toEqual([Infinity, -Infinity])
  })

  it('decodes every escape, joining surrogate pairs and keeping lone ones', () => {
    expect(parsePythonJson('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\\udc00"')).toBe(
      '"\\/\b\f\n\r\té😀\udc00',
    )
  })

  it('accepts raw non-ASCII text and JSON whitespace', () => {
    expect(parsePythonJson(' \t\n\r{ "clé" : [ 1 , "ü" ] }\n')).toEqual({ clé: [1, 'ü'] })
  })

  it('lets the last of duplicate keys win, like a Python dict', () => {
    expect(parsePythonJson('{"a":1,"a":2}')).toEqual({ a: 2 })
  })

  const invalid: [string, string][] = [
    ['', 'empty text'],
    ['{"a":1} x', 'trailing data'],
    ['01', 'a leading zero'],
    ['.5', 'a bare fraction'],
    ['1.', 'a dot without digits'],
    ['+1', 'a plus sign'],
    ['"a\u0001"', 'a raw control character'],
    ['"\\x41"', 'an unknown escape'],
    ['"\\u12"', 'a short \\u escape'],
    ['"abc', 'an unterminated string'],
    ['[1,]', 'a trailing comma'],
    ["{'a':1}", 'single quotes'],
    ['{"a" 1}', 'a missing colon'],
    ['nan', 'lowercase nan'],
    ['\ufeff{}', 'a byte-order mark'],
    [`1${'0'.repeat(4300)}`, 'an integer longer than Python converts'],
  ]
  for (const [text, what] of invalid) {
    it(`refuses ${what} with DecodeError malformed`, () => {
      expect(() => parsePythonJson(text)).toThrow(expect.objectContaining({ reason: 'malformed' }))
    })
  }

  it('CL-68 refuses __proto__, constructor and prototype keys at any depth', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(() => parsePythonJson(`{"a":[{"${key}":{"isAdmin":true}}]}`)).toThrow(DecodeError)
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('CL-67 refuses nesting past the depth limit without exhausting the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(() => parsePythonJson(deep)).toThrow(DecodeError)
    expect(() => parsePythonJson('[[[[1]]]]', { maxDepth: 3 })).toThrow(DecodeError)
    expect(parsePythonJson('[[[1]]]', { maxDepth: 3 })).toEqual([[[1]]])
  })

  it('does not echo the input in its error message', () => {
    try {
      parsePythonJson('{"secret-value": x}')
      expect.unreachable()
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-value')
    }
  })
})

describe('dumpPythonJson at its edges', () => {
  const refusal = (value: unknown): string => {
    try {
      dumpPythonJson(value as PythonJson)
    } catch (err) {
      expect(err).toBeInstanceOf(SessionValueError)
      return (err as Error).message
    }
    throw new Error('not refused')
  }

  it('says what it cannot write', () => {
    expect(refusal([undefined])).toBe('Cannot write a undefined as JSON.')
    expect(refusal({ f: () => 1 })).toBe('Cannot write a function as JSON.')
    expect(refusal([Symbol('s')])).toBe('Cannot write a symbol as JSON.')
    expect(refusal(new Date(0))).toBe('Cannot write a class instance as JSON; use plain objects.')
    const cyclic: unknown[] = []
    cyclic.push(cyclic)
    expect(refusal(cyclic)).toBe('Cannot write a circular reference.')
  })

  it('writes 130 levels of nesting and refuses 131', () => {
    let deep: unknown = 1
    for (let i = 0; i < 130; i++) deep = [deep]
    expect(dumpPythonJson(deep as PythonJson)).toBe('['.repeat(130) + '1' + ']'.repeat(130))
    expect(refusal([deep])).toBe('Cannot write JSON nested deeper than 130 levels.')
  })

  it('writes the same object twice when it is not its own ancestor, and empty containers', () => {
    const shared = { a: 1 }
    expect(dumpPythonJson([shared, shared])).toBe('[{"a":1},{"a":1}]')
    expect(dumpPythonJson({ e: [], o: {} })).toBe('{"e":[],"o":{}}')
    const bare = Object.assign(Object.create(null) as Record<string, PythonJson>, { b: 2, a: 1 })
    expect(dumpPythonJson(bare)).toBe('{"a":1,"b":2}')
  })

  it('escapes DEL and everything above it, and nothing printable below it', () => {
    expect(dumpPythonJson('~\u007f\u0080\uffff')).toBe('"~\\u007f\\u0080\\uffff"')
    expect(dumpPythonJson(" !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}")).toBe(
      '" !#$%&\'()*+,-./09:;<=>?@AZ[]^_`az{|}"',
    )
    expect(dumpPythonJson('\u0000\u001f')).toBe('"\\u0000\\u001f"')
  })

  it('writes -0 and fractions as floats, integral numbers as Python ints', () => {
    expect(dumpPythonJson([-0, 0, 1e21, -7, 0.5])).toBe('[-0.0,0,1000000000000000000000,-7,0.5]')
    expect(dumpPythonJson([Number.NaN, Infinity, -Infinity])).toBe('[NaN,Infinity,-Infinity]')
  })
})

describe('compareCodePoints and pythonFloatRepr at their edges', () => {
  it('orders a prefix first and equal strings as equal', () => {
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0)
    expect(compareCodePoints('abc', 'ab')).toBeGreaterThan(0)
    expect(compareCodePoints('abc', 'abc')).toBe(0)
    expect(compareCodePoints('', '')).toBe(0)
    expect(compareCodePoints('😀a', '😀b')).toBeLessThan(0)
    expect(compareCodePoints('😀', '😀x')).toBeLessThan(0)
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0)
  })

  it('steps over a character above U+FFFF as one, and over U+FFFF itself as one', () => {
    // Stepping two units past U+FFFF (or one past an astral character) would compare the wrong
    // characters next: the order below would flip or vanish.
    expect(compareCodePoints('\uffffa', '\uffffb')).toBeLessThan(0)
    expect(compareCodePoints('\uffffb', '\uffffa')).toBeGreaterThan(0)
    expect(compareCodePoints('😀z', '😀y')).toBeGreaterThan(0)
    expect(compareCodePoints('😀y', '😀z')).toBeLessThan(0)
    expect(compareCodePoints('a😀z', 'a😀y')).toBeGreaterThan(0)
  })

  it('switches to exponent notation below 1e-4 and from 1e16, as repr does', () => {
    expect(pythonFloatRepr(0.0001)).toBe('0.0001')
    expect(pythonFloatRepr(0.00001)).toBe('1e-05')
    expect(pythonFloatRepr(0.000012)).toBe('1.2e-05')
    expect(pythonFloatRepr(1e15)).toBe('1000000000000000.0')
    expect(pythonFloatRepr(1e16)).toBe('1e+16')
    expect(pythonFloatRepr(1.5e16)).toBe('1.5e+16')
    expect(pythonFloatRepr(1e100)).toBe('1e+100')
    expect(pythonFloatRepr(-2.5e-7)).toBe('-2.5e-07')
    expect(pythonFloatRepr(123.456)).toBe('123.456')
    expect(pythonFloatRepr(-0.5)).toBe('-0.5')
    expect(pythonFloatRepr(120)).toBe('120.0')
  })
})
