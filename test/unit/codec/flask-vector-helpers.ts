/**
 * Reads the sample of cookies made by real Flask 2.2.2 (a copy of the shared
 * `flask/vectors-sample.json`, kept in the repository so a clean clone has it) with our own
 * Python JSON parser, so `1.0` stays a float, and turns its `$py` typed values into tessera's types.
 */
import { readFileSync } from 'node:fs'
import {
  FlaskTuple,
  FlaskUUID,
  Markup,
  PythonFloat,
  parsePythonJson,
  type FlaskSecret,
  type FlaskValue,
  type PythonJson,
} from '../../../src/codec/flask/index.js'

export const VECTORS_PATH = new URL(
  '../../interop/fixtures/flask-vectors-sample.json',
  import.meta.url,
)

export type PyRecord = { readonly [key: string]: PythonJson }

/** A secret as the vectors describe it. */
export interface KeySpec {
  type: 'str' | 'bytes'
  value?: string
  bytes_hex: string
}

/** How a vector is to be verified, and Flask's verdict. */
export interface VerifySpec {
  now: number
  max_age: number
  expect: 'valid' | 'invalid' | 'expired'
  secret_key?: KeySpec
  fallback_keys?: KeySpec[]
}

/** One cookie of the sample (the fields the tests read). */
export interface CookieVector {
  id: string
  cookie: string
  timestamp: number | null
  secret_key: KeySpec
  fallback_keys?: KeySpec[]
  compressed?: boolean
  payload_json?: string
  input?: PythonJson
  decoded?: PythonJson
  verify: VerifySpec
  signing?: { secret_key: KeySpec }
}

export interface Vectors {
  session_cookie_vectors: CookieVector[]
  negative_vectors: CookieVector[]
  fallback_key_vectors: CookieVector[]
  max_age_boundary_vectors: CookieVector[]
  timestamp_encoding_vectors: { int: number | bigint; base64url: string }[]
}

export function loadVectors(): Vectors {
  return parsePythonJson(readFileSync(VECTORS_PATH, 'utf8')) as unknown as Vectors
}

/** The vector's `{type, value, bytes_hex}` key description as a secret. */
export function secretOf(key: KeySpec): FlaskSecret {
  return key.type === 'str' && key.value !== undefined
    ? key.value
    : new Uint8Array(Buffer.from(key.bytes_hex, 'hex'))
}

/** True when the typed value holds something tessera cannot represent (Python date, Decimal). */
export function hasInputOnlyTypes(value: PythonJson): boolean {
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return (value as PythonJson[]).some(hasInputOnlyTypes)
  const r = value as PyRecord
  if (r.$py === 'date' || r.$py === 'decimal') return true
  return Object.values(r).some(hasInputOnlyTypes)
}

/** Convert the vectors' typed-value format into tessera's Flask value types. */
export function fromPy(value: PythonJson): FlaskValue {
  if (value === null || typeof value !== 'object' || value instanceof PythonFloat) return value
  if (Array.isArray(value)) return (value as PythonJson[]).map(fromPy)
  const r = value as PyRecord
  if (!('$py' in r)) return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fromPy(v)]))
  switch (r.$py as string) {
    case 'tuple':
      return new FlaskTuple((r.items as PythonJson[]).map(fromPy))
    case 'bytes':
      return new Uint8Array(Buffer.from(r.hex as string, 'hex'))
    case 'markup':
      return new Markup(r.value as string)
    case 'uuid':
      return new FlaskUUID(r.value as string)
    case 'datetime': {
      const iso = r.iso as string
      return new Date(r.naive === true ? `${iso}Z` : iso)
    }
    case 'int':
      return BigInt(r.value as string)
    case 'float':
      return Number(r.value)
    case 'dict':
      return Object.fromEntries(
        (r.entries as [string | number, PythonJson][]).map(([k, v]) => [String(k), fromPy(v)]),
      )
    default:
      throw new Error(`unknown $py type ${JSON.stringify(r.$py)}`)
  }
}
