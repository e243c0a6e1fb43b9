/**
 * Flask's `TaggedJSONSerializer` (`flask/json/tag.py`), both ways, with one TypeScript type per tag.
 *
 * ```ts
 * import { FlaskTuple, Markup, FlaskUUID, tagFlaskValue, untagFlaskValue } from 'tessera-session/codec/flask'
 * ```
 *
 * JSON has no tuples, bytes, Markup, UUIDs or datetimes, so Flask wraps them in one-key objects
 * whose key starts with a space (docs/flask-format.md §4):
 *
 * | Python | wire | TypeScript |
 * |---|---|---|
 * | `tuple` | `{" t": [...]}` | {@link FlaskTuple} |
 * | `bytes` | `{" b": "<standard base64>"}` | `Uint8Array` (a `Buffer` is accepted) |
 * | `markupsafe.Markup` | `{" m": "<html>"}` | {@link Markup} |
 * | `uuid.UUID` | `{" u": "<32 hex>"}` | {@link FlaskUUID} |
 * | `datetime` | `{" d": "Wdy, DD Mon YYYY HH:MM:SS GMT"}` | `Date` (whole seconds, UTC) |
 * | a dict whose only key is a tag key | `{" di": {"<key>__": value}}` | the plain object |
 *
 * A tagged datetime that Flask cannot parse reads as `None` in Python, so it reads as `null` here.
 * The TypeScript classes live in `tagged-types.ts`, the date format in `http-date.ts`.
 *
 * @module
 */
import { DecodeError, SessionValueError } from '../../errors.js'
import { formatHttpDate, parseHttpDate } from './http-date.js'
import { PythonFloat, type PythonJson } from './python-json.js'
import { FlaskTuple, FlaskUUID, Markup, type FlaskObject, type FlaskValue } from './tagged-types.js'

/** The registered tag keys, in Flask's order. */
const TAG_KEYS: ReadonlySet<string> = new Set([' di', ' t', ' b', ' m', ' u', ' d'])

/** Deepest session value accepted for tagging (tagging may double the JSON depth). */
const MAX_VALUE_DEPTH = 64

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Convert a value to Flask's tagged JSON model (the first matching tag wins, in Flask's order).
 *
 * @throws SessionValueError for values Flask cannot carry (undefined, functions, symbols, Maps,
 *   other class instances, invalid dates, cycles, nesting deeper than 64 levels).
 */
export function tagFlaskValue(value: FlaskValue): PythonJson {
  return tag(value, 'value', [])
}

function tag(value: unknown, path: string, ancestors: object[]): PythonJson {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'number':
    case 'bigint':
      return value
    case 'object':
      break
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new SessionValueError(`Cannot store ${path} in a Flask session: a ${typeof value}.`)
  }
  if (value === null || value instanceof PythonFloat) return value
  if (value instanceof Markup) return { ' m': value.html }
  if (value instanceof FlaskUUID) return { ' u': value.hex }
  if (value instanceof Date) return { ' d': formatHttpDate(value, path) }
  if (value instanceof Uint8Array) {
    return {
      ' b': Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
    }
  }
  if (ancestors.length >= MAX_VALUE_DEPTH) {
    throw new SessionValueError(
      `Cannot store ${path}: nested deeper than ${MAX_VALUE_DEPTH} levels.`,
    )
  }
  if (ancestors.includes(value)) throw new SessionValueError(`Cannot store ${path}: a cycle.`)
  ancestors.push(value)
  let result: PythonJson
  if (value instanceof FlaskTuple) {
    result = { ' t': value.items.map((v, i) => tag(v, `${path}[${i}]`, ancestors)) }
  } else if (Array.isArray(value)) {
    result = value.map((v: unknown, i) => tag(v, `${path}[${i}]`, ancestors))
  } else {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      const kind =
        (value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain object'
      throw new SessionValueError(`Cannot store ${path} in a Flask session: a ${kind} instance.`)
    }
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
    const out: Record<string, PythonJson> = {}
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) throw new SessionValueError(`The key "${key}" is not allowed.`)
      out[key] = tag(record[key], `${path}.${key}`, ancestors)
    }
    const only = keys.length === 1 ? keys[0] : undefined
    result =
      only !== undefined && TAG_KEYS.has(only) ? { ' di': { [`${only}__`]: out[only]! } } : out
  }
  ancestors.pop()
  return result
}

/**
 * Convert Flask's tagged JSON model back to typed values, bottom-up as Flask does: after an
 * object's members are converted, an object with exactly one key that is a tag key is replaced.
 *
 * Stricter than Python where Python would accept nonsense no honest Flask writes (a ` t` that is
 * not a list, ` b` that is not canonical padded base64, a ` di` whose key lacks the `__` suffix).
 *
 * @throws DecodeError (`malformed`) for a tag whose value is invalid.
 */
export function untagFlaskValue(raw: PythonJson): FlaskValue {
  if (raw === null || typeof raw !== 'object' || raw instanceof PythonFloat) return raw
  if (Array.isArray(raw)) return (raw as readonly PythonJson[]).map(untagFlaskValue)
  const record = raw as { readonly [key: string]: PythonJson }
  const out: Record<string, FlaskValue> = {}
  const keys = Object.keys(record)
  for (const key of keys) out[key] = untagFlaskValue(record[key]!)
  const only = keys.length === 1 ? keys[0]! : undefined
  if (only === undefined || !TAG_KEYS.has(only)) return out
  return untagOne(only, out[only]!)
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function untagOne(key: string, value: FlaskValue): FlaskValue {
  switch (key) {
    case ' di': {
      if (!isPlainObject(value)) return malformed(key)
      const inner = Object.keys(value)
      const k = inner[0]
      if (inner.length !== 1 || k === undefined || !k.endsWith('__')) return malformed(key)
      const name = k.slice(0, -2)
      // The untagged key must obey the same rule as every other key (CL-68).
      if (FORBIDDEN_KEYS.has(name)) return malformed(key)
      return { [name]: value[k]! }
    }
    case ' t':
      return Array.isArray(value) ? new FlaskTuple(value as FlaskValue[]) : malformed(key)
    case ' b':
      if (typeof value !== 'string' || !BASE64.test(value)) return malformed(key)
      return new Uint8Array(Buffer.from(value, 'base64'))
    case ' m':
      return typeof value === 'string' ? new Markup(value) : malformed(key)
    case ' u':
      if (typeof value !== 'string') return malformed(key)
      try {
        return new FlaskUUID(value)
      } catch {
        return malformed(key)
      }
    default: // ' d'
      return typeof value === 'string' ? parseHttpDate(value) : malformed(key)
  }
}

function malformed(key: string): never {
  throw new DecodeError('malformed', `Invalid value for the Flask tag "${key.trim()}".`)
}

function isPlainObject(value: FlaskValue): value is FlaskObject {
  if (value === null) return false
  // Primitives, lists and class instances have other prototypes.
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
