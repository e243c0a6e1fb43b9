/**
 * Flask's session cookie as a tessera cookie codec (`format: 'flask'`): the session manager seals
 * and opens through it exactly as through the sealed codec, so a tessera app and a Flask app with the
 * same secret and cookie name share one session in both directions.
 *
 * Mapping: Flask's `_flashes` list of `(category, message)` tuples ↔ tessera's
 * `[{ category, message }]`; every other key (`_permanent`, Flask-Login's `_user_id`, `_fresh`,
 * `_id`, and tessera's own `_auth`/`_csrf`) travels unchanged. A `Markup` flash message becomes its
 * HTML text. The cookie is signed, not encrypted: the user can read it.
 *
 * The codec carries Flask's rules with it (`SessionCodec`): its lifetime rule is `'cap'` (the
 * signing time is checked against `maxAge` here, in `open`, as Flask does; the session lifecycle
 * adds only the sign-in cap), and its value validator takes Flask's tagged-JSON types.
 *
 * @module
 */
import { DecodeError, SessionValueError } from '../../errors.js'
import { isForbiddenKey, MAX_DEPTH } from '../../internal/json.js'
import type { OpenResult, SealedEnvelope } from '../sealed-codec.js'
import type { SessionCodec } from '../session-codec.js'
import { createFlaskCodec, type FlaskCodecOptions } from './index.js'
import { PythonFloat } from './python-json.js'
import { FlaskTuple, FlaskUUID, Markup, type FlaskValue } from './tagged-types.js'

/** Options: the Flask codec's, with `maxAge` = Flask's PERMANENT_SESSION_LIFETIME in seconds. */
export type FlaskSessionCodecOptions = FlaskCodecOptions

/** A session codec that reads and writes Flask's cookie, with Flask's lifetime and value rules. */
export function createFlaskSessionCodec(options: FlaskSessionCodecOptions): SessionCodec {
  const codec = createFlaskCodec(options)
  const maxAgeMs = (options.maxAge ?? 31 * 24 * 3600) * 1000
  return {
    lifetime: 'cap',
    validate: toFlaskSafeValue,
    seal(envelope: SealedEnvelope): string {
      const session: Record<string, FlaskValue> = {}
      for (const [key, value] of Object.entries(envelope.data)) {
        session[key] = key === '_flashes' ? toFlaskFlashes(value) : (value as FlaskValue)
      }
      return codec.encode(session, { now: envelope.issuedAt })
    },
    open(value: string, now: number): OpenResult {
      try {
        const { payload, issuedAt, keyIndex } = codec.decode(value, { now })
        if (
          payload === null ||
          typeof payload !== 'object' ||
          Array.isArray(payload) ||
          !isPlain(payload)
        ) {
          return { ok: false, reason: 'malformed' }
        }
        const data: Record<string, unknown> = {}
        for (const [key, item] of Object.entries(payload)) {
          data[key] = key === '_flashes' ? fromFlaskFlashes(item) : item
        }
        return {
          ok: true,
          rotated: keyIndex > 0,
          envelope: { data, createdAt: issuedAt, issuedAt, expiresAt: issuedAt + maxAgeMs + 1000 },
        }
      } catch (err) {
        if (err instanceof DecodeError) return { ok: false, reason: err.reason }
        return { ok: false, reason: 'malformed' }
      }
    },
  }
}

/**
 * Validate a value for a Flask-format session: JSON plus the types Flask's tagged JSON carries
 * (`FlaskTuple`, `Uint8Array`, `Markup`, `FlaskUUID`, `Date`, `bigint`, `PythonFloat`). Returns it
 * deeply frozen (a copy for arrays and objects).
 *
 * @throws SessionValueError for anything else.
 */
export function toFlaskSafeValue(value: unknown, path = 'value', depth = 0): unknown {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
  ) {
    return value
  }
  if (typeof value === 'number') {
    return value
  }
  if (
    value instanceof FlaskTuple ||
    value instanceof Markup ||
    value instanceof FlaskUUID ||
    value instanceof PythonFloat
  ) {
    return value
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw fail(path, 'an invalid Date')
    return new Date(value.getTime())
  }
  if (value instanceof Uint8Array) return Uint8Array.from(value)
  if (typeof value !== 'object') throw fail(path, `a ${typeof value}`)
  if (depth >= MAX_DEPTH) throw fail(path, `nesting deeper than ${MAX_DEPTH} levels`)
  if (Array.isArray(value)) {
    return Object.freeze(value.map((item, i) => toFlaskSafeValue(item, `${path}[${i}]`, depth + 1)))
  }
  if (!isPlain(value)) throw fail(path, 'a class instance Flask cannot carry')
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    if (isForbiddenKey(key)) throw fail(path, `the key "${key}"`)
    out[key] = toFlaskSafeValue(
      (value as Record<string, unknown>)[key],
      `${path}.${key}`,
      depth + 1,
    )
  }
  return Object.freeze(out)
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function fail(path: string, what: string): SessionValueError {
  return new SessionValueError(`Cannot store ${path} in a Flask-format session: ${what}.`)
}

function toFlaskFlashes(value: unknown): FlaskValue {
  if (!Array.isArray(value)) return []
  return value.map(
    (f: { category?: unknown; message?: unknown }) =>
      new FlaskTuple([String(f.category), String(f.message)]),
  )
}

function fromFlaskFlashes(value: unknown): { category: string; message: string }[] {
  const out: { category: string; message: string }[] = []
  if (!Array.isArray(value)) return out
  for (const item of value) {
    const pair =
      item instanceof FlaskTuple
        ? item.items
        : Array.isArray(item)
          ? (item as unknown[])
          : undefined
    if (pair === undefined || pair.length !== 2) continue
    const [category, message] = pair
    const text = message instanceof Markup ? message.html : message
    if (typeof category === 'string' && typeof text === 'string')
      out.push({ category, message: text })
  }
  return out
}
