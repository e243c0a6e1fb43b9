/**
 * Parse JSON text as Python's `json.loads` reads it (see `python-json.ts` for the value model).
 *
 * ```ts
 * import { parsePythonJson } from 'tessera-session/codec/flask'
 * ```
 *
 * @module
 */
import { DecodeError } from '../../errors.js'
import { PythonFloat, type PythonJson } from './python-json.js'

/** Options of {@link parsePythonJson}. */
export interface ParsePythonJsonOptions {
  /**
   * How to read floats with an integral value: `'exact'` keeps them as {@link PythonFloat},
   * `'number'` turns them into plain numbers.
   * @default 'exact'
   */
  floats?: 'exact' | 'number'
  /**
   * Deepest nesting accepted; deeper text is refused instead of exhausting the stack.
   * @default 130
   */
  maxDepth?: number
}

/** Keys refused anywhere in parsed data: they could reach `Object.prototype` (CL-68). */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** CPython 3.11 refuses to convert integers longer than this (`sys.get_int_max_str_digits`). */
const MAX_INT_DIGITS = 4300

/** Default depth limit: 64 levels of session value, each of which tagging may double, plus 2. */
const DEFAULT_MAX_DEPTH = 130

/**
 * Parse JSON text the way Python's `json.loads` does: `NaN`, `Infinity` and `-Infinity` are
 * accepted, integers keep their exact value (`bigint` beyond 2^53), integral floats stay floats
 * ({@link PythonFloat}) unless `floats: 'number'`. Raw control characters in strings are refused,
 * as in Python's strict mode. Objects are plain objects; the keys `__proto__`, `constructor` and
 * `prototype` are refused (CL-68).
 *
 * @throws DecodeError (`malformed`) for any invalid text; the message gives the offset only.
 */
export function parsePythonJson(text: string, options: ParsePythonJsonOptions = {}): PythonJson {
  const parser = new Parser(text, options.floats ?? 'exact', options.maxDepth ?? DEFAULT_MAX_DEPTH)
  parser.skipSpace()
  const value = parser.value(0)
  parser.skipSpace()
  if (parser.pos !== text.length) parser.fail('unexpected data after the value')
  return value
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y
// eslint-disable-next-line no-control-regex -- strict mode refuses raw control characters
const STRING_CHUNK = /[^"\\\u0000-\u001f]*/y
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

class Parser {
  readonly text: string
  readonly floats: 'exact' | 'number'
  readonly maxDepth: number
  pos = 0

  constructor(text: string, floats: 'exact' | 'number', maxDepth: number) {
    this.text = text
    this.floats = floats
    this.maxDepth = maxDepth
  }

  fail(why: string): never {
    throw new DecodeError('malformed', `Invalid JSON at offset ${this.pos}: ${why}.`)
  }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos)
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return
      this.pos++
    }
  }

  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false
    this.pos += word.length
    return true
  }

  value(depth: number): PythonJson {
    const c = this.text[this.pos]
    if (c === '"') return this.string()
    if (c === '{' || c === '[') {
      if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`)
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1)
    }
    if (this.literal('null')) return null
    if (this.literal('true')) return true
    if (this.literal('false')) return false
    if (this.literal('NaN')) return NaN
    if (this.literal('Infinity')) return Infinity
    if (this.literal('-Infinity')) return -Infinity
    return this.number()
  }

  number(): number | bigint | PythonFloat {
    NUMBER.lastIndex = this.pos
    const match = NUMBER.exec(this.text)
    if (!match) return this.fail('expected a value')
    const literal = match[0]
    this.pos += literal.length
    if (match[1] === undefined && match[2] === undefined) {
      if (literal.replace('-', '').length > MAX_INT_DIGITS) this.fail('integer too long')
      const n = Number(literal)
      if (Number.isSafeInteger(n)) return n === 0 ? 0 : n
      return BigInt(literal)
    }
    const n = Number(literal)
    if (this.floats === 'exact' && Number.isInteger(n) && !Object.is(n, -0)) {
      return new PythonFloat(n)
    }
    return n
  }

  string(): string {
    this.pos++ // opening quote
    let result = ''
    for (;;) {
      STRING_CHUNK.lastIndex = this.pos
      const chunk = STRING_CHUNK.exec(this.text)?.[0] ?? ''
      result += chunk
      this.pos += chunk.length
      const c = this.text[this.pos]
      if (c === '"') {
        this.pos++
        return result
      }
      if (c !== '\\') this.fail(c === undefined ? 'unterminated string' : 'control character')
      result += this.escape()
    }
  }

  escape(): string {
    const c = this.text[this.pos + 1] ?? ''
    this.pos += 2
    const simple = SIMPLE_ESCAPES[c]
    if (simple !== undefined) return simple
    if (c !== 'u') return this.fail('bad escape')
    const hex = this.text.slice(this.pos, this.pos + 4)
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape')
    this.pos += 4
    return String.fromCharCode(parseInt(hex, 16))
  }

  array(depth: number): PythonJson[] {
    this.pos++
    const items: PythonJson[] = []
    this.skipSpace()
    if (this.literal(']')) return items
    for (;;) {
      this.skipSpace()
      items.push(this.value(depth))
      this.skipSpace()
      if (this.literal(']')) return items
      if (!this.literal(',')) this.fail("expected ',' or ']'")
    }
  }

  object(depth: number): Record<string, PythonJson> {
    this.pos++
    const result: Record<string, PythonJson> = {}
    this.skipSpace()
    if (this.literal('}')) return result
    for (;;) {
      this.skipSpace()
      if (this.text[this.pos] !== '"') this.fail('expected a key')
      const key = this.string()
      if (FORBIDDEN_KEYS.has(key)) this.fail('forbidden key')
      this.skipSpace()
      if (!this.literal(':')) this.fail("expected ':'")
      this.skipSpace()
      result[key] = this.value(depth)
      this.skipSpace()
      if (this.literal('}')) return result
      if (!this.literal(',')) this.fail("expected ',' or '}'")
    }
  }
}
