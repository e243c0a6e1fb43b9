/**
 * Python-compatible JSON text: what Flask writes into a session cookie and what it reads back.
 *
 * ```ts
 * import { dumpPythonJson, parsePythonJson, PythonFloat } from 'tessera-session/codec/flask'
 * ```
 *
 * Flask serialises the session with `json.dumps(value, separators=(',', ':'), sort_keys=True,
 * ensure_ascii=True)` (docs/flask-format.md §3). JavaScript's `JSON.stringify` differs in four ways that change
 * the bytes, and so the signature: key order (Python sorts by code point at every level), string
 * escapes (Python writes every character outside U+0020–U+007E as a lowercase `\uXXXX`), numbers
 * (`1.0`, `1e+16`, `1e-07`, arbitrary-size integers) and `NaN`/`Infinity`, which `JSON.parse`
 * refuses. This module writes and reads that dialect exactly.
 *
 * Numbers map to TypeScript like this:
 * - a Python `int` within ±(2^53 − 1) is a `number`; beyond that it is a `bigint`, kept exactly;
 * - a Python `float` with a fraction, or a non-finite one, is a `number`;
 * - a Python `float` with an integral value (`1.0`, `1e+16`; not `-0.0`) is a {@link PythonFloat}
 *   when parsing with `floats: 'exact'` (the default), so writing it back gives `1.0` again.
 *   With `floats: 'number'` it becomes a plain `number` and would be written back as `1`.
 *
 * @module
 */
import { SessionValueError } from '../../errors.js'

/**
 * A Python `float` whose value is integral (`2.0`, `1e+16`), kept apart from integers so that it
 * is written back as a float. It behaves as a number in arithmetic (`valueOf`).
 *
 * @example
 * ```ts
 * dumpPythonJson({ total: new PythonFloat(2) }) // '{"total":2.0}'
 * ```
 */
export class PythonFloat {
  /** The float's value. */
  readonly value: number

  constructor(value: number) {
    this.value = value
  }

  /** The number itself, so `new PythonFloat(2) * 3 === 6`. */
  valueOf(): number {
    return this.value
  }

  /** Python's `repr`, e.g. `2.0`. */
  toString(): string {
    return pythonFloatRepr(this.value)
  }
}

/** A value of Python's JSON model, as `parsePythonJson` reads it. */
export type PythonJson =
  | null
  | boolean
  | number
  | bigint
  | string
  | PythonFloat
  | readonly PythonJson[]
  | { readonly [key: string]: PythonJson }

/**
 * Python's `repr(float)`: the shortest digits that round-trip, in positional notation for
 * exponents −4…15 (`0.0001`, `1000000000000000.0`) and scientific otherwise (`1e-05`, `1e+16`).
 */
export function pythonFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0'
  const sign = n < 0 ? '-' : ''
  // toExponential() without an argument gives the shortest round-trip digits, as repr does.
  const [mantissa = '', exponent = '0'] = Math.abs(n).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  const exp = Number(exponent)
  if (exp < -4 || exp >= 16) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`
    const e = String(Math.abs(exp)).padStart(2, '0')
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  if (digits.length <= exp + 1) return `${sign}${digits.padEnd(exp + 1, '0')}.0`
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
}

/** Compare two strings by Unicode code point, as Python orders `str` (not by UTF-16 unit). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0
    const y = b.codePointAt(j) ?? 0
    if (x !== y) return x - y
    i += x > 0xffff ? 2 : 1
    j += y > 0xffff ? 2 : 1
  }
  return a.length - i - (b.length - j)
}

/** Deepest nesting written (the parser's default limit). */
const MAX_WRITE_DEPTH = 130

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
}

/** A JSON string literal with `ensure_ascii=True` escapes: pure ASCII, lowercase `\uXXXX`. */
export function pythonStringLiteral(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return `"${text.replace(/[\\"\u0000-\u001f\u007f-\uffff]/g, (c) => {
    return ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })}"`
}

/**
 * Write `value` exactly as Python's `json.dumps(value, separators=(',', ':'), sort_keys=True)`
 * does (with `ensure_ascii` and `allow_nan` left at their defaults).
 *
 * @throws SessionValueError for values outside the model (undefined, functions, class
 *   instances, cycles) or nested deeper than 130 levels.
 */
export function dumpPythonJson(value: PythonJson): string {
  const out: string[] = []
  write(value, out, [])
  return out.join('')
}

function write(value: unknown, out: string[], ancestors: object[]): void {
  switch (typeof value) {
    case 'string':
      out.push(pythonStringLiteral(value))
      return
    case 'boolean': // true, false
    case 'bigint':
      out.push(String(value))
      return
    case 'number':
      // An integral JS number can only have come from a Python int (floats with integral
      // values are PythonFloat); -0 and non-finite values can only be floats.
      out.push(
        Number.isInteger(value) && !Object.is(value, -0)
          ? BigInt(value).toString()
          : pythonFloatRepr(value),
      )
      return
    case 'object':
      break
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new SessionValueError(`Cannot write a ${typeof value} as JSON.`)
  }
  if (value === null) {
    out.push('null')
    return
  }
  if (value instanceof PythonFloat) {
    out.push(pythonFloatRepr(value.value))
    return
  }
  if (ancestors.length >= MAX_WRITE_DEPTH) {
    throw new SessionValueError(`Cannot write JSON nested deeper than ${MAX_WRITE_DEPTH} levels.`)
  }
  if (ancestors.includes(value)) throw new SessionValueError('Cannot write a circular reference.')
  ancestors.push(value)
  if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item: unknown, i) => {
      if (i > 0) out.push(',')
      write(item, out, ancestors)
    })
    out.push(']')
  } else {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      throw new SessionValueError('Cannot write a class instance as JSON; use plain objects.')
    }
    const record = value as Record<string, unknown>
    const keys = Object.keys(record).sort(compareCodePoints)
    out.push('{')
    keys.forEach((key, i) => {
      out.push(i > 0 ? ',' : '', pythonStringLiteral(key), ':')
      write(record[key], out, ancestors)
    })
    out.push('}')
  }
  ancestors.pop()
}
