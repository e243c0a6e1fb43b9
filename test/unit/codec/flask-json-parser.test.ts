/**
 * `parsePythonJson` (src/codec/flask/python-json-parser.ts) as Python's `json.loads` reads text:
 * what each refusal says and where, the number model at its edges, escapes, blanks and depth.
 */
import { describe, expect, it } from 'vitest'
import { PythonFloat, parsePythonJson } from '../../../src/codec/flask/index.js'
import { DecodeError } from '../../../src/errors.js'

function refusal(text: string, options?: Parameters<typeof parsePythonJson>[1]): string {
  try {
    parsePythonJson(text, options)
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError)
    expect((err as DecodeError).reason).toBe('malformed')
    return (err as Error).message
  }
  throw new Error(`not refused: ${text}`)
}

describe('parsePythonJson refusals', () => {
  it('says what is wrong and at which offset', () => {
    expect(refusal('')).toBe('Invalid JSON at offset 0: expected a value.')
    expect(refusal('  x')).toBe('Invalid JSON at offset 2: expected a value.')
    expect(refusal('1 2')).toBe('Invalid JSON at offset 2: unexpected data after the value.')
    expect(refusal('[1 2]')).toBe("Invalid JSON at offset 3: expected ',' or ']'.")
    expect(refusal('{"a":1 "b":2}')).toBe("Invalid JSON at offset 7: expected ',' or '}'.")
    expect(refusal('{"a" 1}')).toBe("Invalid JSON at offset 5: expected ':'.")
    expect(refusal('{1:2}')).toBe('Invalid JSON at offset 1: expected a key.')
    expect(refusal('{"a":1,}')).toBe('Invalid JSON at offset 7: expected a key.')
    expect(refusal('[1,]')).toBe('Invalid JSON at offset 3: expected a value.')
    expect(refusal('"abc')).toBe('Invalid JSON at offset 4: unterminated string.')
    expect(refusal('"a\u0001b"')).toBe('Invalid JSON at offset 2: control character.')
    expect(refusal('"a\\x"')).toBe('Invalid JSON at offset 4: bad escape.')
    expect(refusal('"\\u12g4"')).toBe('Invalid JSON at offset 3: bad \\u escape.')
    expect(refusal('"\\u12"')).toBe('Invalid JSON at offset 3: bad \\u escape.')
    expect(refusal('{"__proto__":1}')).toBe('Invalid JSON at offset 12: forbidden key.')
  })

  it('refuses every forbidden key, at any depth', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(refusal(`[{"ok":{"${key}":1}}]`)).toMatch(/forbidden key\.$/)
    }
    expect(parsePythonJson('{"proto":1,"constructors":2}')).toEqual({ proto: 1, constructors: 2 })
  })

  it('refuses nesting deeper than maxDepth (130 by default), and accepts it exactly', () => {
    expect(parsePythonJson('['.repeat(130) + ']'.repeat(130))).toBeDefined()
    expect(refusal('['.repeat(131) + ']'.repeat(131))).toBe(
      'Invalid JSON at offset 130: nesting deeper than 130 levels.',
    )
    expect(parsePythonJson('[[1]]', { maxDepth: 2 })).toEqual([[1]])
    expect(refusal('[{"a":[1]}]', { maxDepth: 2 })).toBe(
      'Invalid JSON at offset 6: nesting deeper than 2 levels.',
    )
  })

  it('refuses raw control characters but not DEL or text beyond ASCII', () => {
    expect(refusal('"\t"')).toMatch(/control character/)
    expect(refusal('"\n"')).toMatch(/control character/)
    expect(refusal('"\u001f"')).toMatch(/control character/)
    expect(parsePythonJson('"\u007f é \u2028"')).toBe('\u007f é \u2028')
  })
})

describe('parsePythonJson values', () => {
  it('reads integers exactly: safe ones as numbers, larger ones as bigint, -0 as 0', () => {
    expect(parsePythonJson('9007199254740991')).toBe(9007199254740991)
    expect(parsePythonJson('-9007199254740991')).toBe(-9007199254740991)
    expect(parsePythonJson('9007199254740992')).toBe(9007199254740992n)
    expect(parsePythonJson('-9007199254740993')).toBe(-9007199254740993n)
    expect(Object.is(parsePythonJson('-0'), 0)).toBe(true)
    expect(parsePythonJson('0')).toBe(0)
  })

  it("refuses integers longer than CPython's 4300 digits, counting digits only", () => {
    const digits = '1' + '0'.repeat(4299)
    expect(parsePythonJson(digits)).toBe(BigInt(digits))
    expect(parsePythonJson(`-${digits}`)).toBe(-BigInt(digits))
    expect(refusal(`${digits}0`)).toBe('Invalid JSON at offset 4301: integer too long.')
  })

  it("keeps integral floats as PythonFloat ('exact') or numbers ('number'); -0.0 stays -0", () => {
    expect(parsePythonJson('2.0')).toEqual(new PythonFloat(2))
    expect(parsePythonJson('1e2')).toEqual(new PythonFloat(100))
    expect(parsePythonJson('1E+2')).toEqual(new PythonFloat(100))
    expect(parsePythonJson('2.5')).toBe(2.5)
    expect(parsePythonJson('25e-1')).toBe(2.5)
    expect(parsePythonJson('2.0', { floats: 'number' })).toBe(2)
    expect(Object.is(parsePythonJson('-0.0'), -0)).toBe(true)
    expect(parsePythonJson('-0.0')).not.toBeInstanceOf(PythonFloat)
  })

  it('reads NaN, Infinity, -Infinity and the other literals', () => {
    expect(parsePythonJson('[NaN,Infinity,-Infinity,null,true,false]')).toEqual([
      Number.NaN,
      Infinity,
      -Infinity,
      null,
      true,
      false,
    ])
    expect(refusal('nan')).toMatch(/expected a value/)
    expect(refusal('tru')).toMatch(/expected a value/)
  })

  it('reads every escape, \\u in either case, and leaves surrogate pairs as code units', () => {
    expect(parsePythonJson('"\\"\\\\\\/\\b\\f\\n\\r\\t"')).toBe('"\\/\b\f\n\r\t')
    expect(parsePythonJson('"\\u00e9\\u00E9"')).toBe('éé')
    expect(parsePythonJson('"\\ud83d\\ude00"')).toBe('😀')
    expect(parsePythonJson('"a\\u0000b"')).toBe('a\u0000b')
    expect(parsePythonJson('""')).toBe('')
  })

  it('skips the four JSON blanks between tokens, and no others', () => {
    expect(parsePythonJson(' \t\r\n{ "a" : [ 1 , 2 ] , "b" : { } , "c" : [ ] } \n')).toEqual({
      a: [1, 2],
      b: {},
      c: [],
    })
    expect(refusal('\u00a01')).toMatch(/offset 0: expected a value/)
    expect(refusal('1\u000b')).toMatch(/offset 1: unexpected data/)
  })

  it('keeps the last of duplicate keys, as Python does, in plain objects', () => {
    const value = parsePythonJson('{"a":1,"a":2}') as Record<string, unknown>
    expect(value).toEqual({ a: 2 })
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
  })
})
