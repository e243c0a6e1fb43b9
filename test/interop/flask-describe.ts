/**
 * The TypeScript side of the fixture's `describe()`: a JSON description of a value that keeps
 * every Python type apart, so values can be compared across the language boundary without
 * trusting either serializer.
 */
import {
  FlaskTuple,
  FlaskUUID,
  Markup,
  PythonFloat,
  pythonFloatRepr,
  type FlaskValue,
} from '../../src/codec/flask/index.js'

export type Description =
  null | boolean | string | Description[] | { $py: string; [key: string]: unknown }

/** Python's `repr(float)` (`nan`, `inf` where JSON writes `NaN`, `Infinity`). */
function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf'
  return pythonFloatRepr(n)
}

/** What Flask's `describe(value)` prints for the Python value a TS value stands for. */
export function describeValue(value: FlaskValue): Description {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (typeof value === 'bigint') return { $py: 'int', value: value.toString() }
  if (typeof value === 'number') {
    return Number.isInteger(value) && !Object.is(value, -0)
      ? { $py: 'int', value: BigInt(value).toString() }
      : { $py: 'float', repr: floatRepr(value) }
  }
  if (value instanceof PythonFloat) return { $py: 'float', repr: floatRepr(value.value) }
  if (value instanceof Markup) return { $py: 'markup', value: value.html }
  if (value instanceof FlaskUUID) return { $py: 'uuid', hex: value.hex }
  if (value instanceof Date) {
    return { $py: 'datetime', utc: `${value.toISOString().slice(0, 19)}Z` }
  }
  if (value instanceof Uint8Array) return { $py: 'bytes', hex: Buffer.from(value).toString('hex') }
  if (value instanceof FlaskTuple) return { $py: 'tuple', items: value.items.map(describeValue) }
  if (Array.isArray(value)) return (value as readonly FlaskValue[]).map(describeValue)
  const items = Object.fromEntries(
    Object.entries(value as Record<string, FlaskValue>).map(([k, v]) => [k, describeValue(v)]),
  )
  return { $py: 'dict', items }
}
