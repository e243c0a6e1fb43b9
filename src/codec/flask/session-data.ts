/**
 * Between a Flask session dict and tessera's session pieces: flashes, `permanent` and
 * Flask-Login's keys.
 *
 * ```ts
 * import { fromFlaskSession, toFlaskSession } from 'tessera-session/codec/flask'
 * ```
 *
 * Flask keeps its bookkeeping inside the session dict (docs/flask-format.md §5):
 * - `_flashes`: a list of `(category, message)` tuples (`flash()` appends, `get_flashed_messages()`
 *   pops the whole list);
 * - `_permanent`: `session.permanent`;
 * - Flask-Login: `_user_id` (the user's `get_id()`, a string), `_fresh` (logged in with a password in
 *   this session, not restored from a remember cookie) and `_id` (the session-protection identifier,
 *   see {@link flaskLoginIdentifier}). `_remember` and `_remember_seconds` stay in `data`.
 *
 * @module
 */
import { DecodeError } from '../../errors.js'
import { createHash } from '../../internal/node-crypto.js'
import { PythonFloat, pythonFloatRepr } from './python-json.js'
import { FlaskTuple, Markup, type FlaskObject, type FlaskValue } from './tagged-types.js'

/** Flask's session keys that {@link fromFlaskSession} lifts out of `data`. */
export const FLASK_SESSION_KEYS: {
  readonly flashes: '_flashes'
  readonly permanent: '_permanent'
  readonly userId: '_user_id'
  readonly fresh: '_fresh'
  readonly loginIdentifier: '_id'
} = Object.freeze({
  flashes: '_flashes',
  permanent: '_permanent',
  userId: '_user_id',
  fresh: '_fresh',
  loginIdentifier: '_id',
})

/** One flash message, as tessera's `session.flashes()` returns it. */
export interface FlaskFlash {
  /** Flask's category (`message` by default). */
  category: string
  /** The message; a `Markup` message is HTML that Flask templates do not escape. */
  message: string | Markup
}

/** A Flask session split into tessera's pieces. */
export interface FlaskSessionParts {
  /** Every other key, unchanged. */
  data: Record<string, FlaskValue>
  /** `_flashes`, oldest first. */
  flashes: FlaskFlash[]
  /** `_permanent`, by Python truthiness; absent is `false`. */
  permanent: boolean
  /** Flask-Login's `_user_id`, or `null` when nobody is signed in. */
  userId: string | null
  /** Flask-Login's `_fresh`, or `null` when absent (Flask-Login reads absent as not fresh). */
  fresh: boolean | null
  /** Flask-Login's `_id` (session-protection identifier), or `null` when absent. */
  loginIdentifier: string | null
}

/**
 * Split a decoded Flask session into tessera's pieces.
 *
 * Non-string flash messages that Python would print (numbers, booleans, `None`) are converted as
 * Python's `str()` does; an integer `_user_id` becomes its decimal string.
 *
 * @example
 * ```ts
 * const { payload } = decodeFlaskCookie(cookie, { secret })
 * const { data, flashes, userId } = fromFlaskSession(payload)
 * ```
 * @throws DecodeError (`malformed`) when the value is not a dict or a special key has a shape
 *   Flask or Flask-Login could not have written.
 */
export function fromFlaskSession(session: FlaskValue): FlaskSessionParts {
  if (!isDict(session)) throw malformed('A Flask session is a dict.')
  const { _flashes, _permanent, _user_id, _fresh, _id, ...data } = session
  return {
    data,
    flashes: _flashes === undefined ? [] : readFlashes(_flashes),
    permanent: _permanent !== undefined && pythonTruthy(_permanent),
    userId: _user_id === undefined || _user_id === null ? null : readUserId(_user_id),
    fresh: _fresh === undefined ? null : pythonTruthy(_fresh),
    loginIdentifier: _id === undefined || _id === null ? null : readString(_id, '_id'),
  }
}

/**
 * Build the Flask session dict from tessera's pieces. Flashes become `(category, message)`
 * tuples, `permanent: true` becomes `_permanent: true` (false is left out: Flask reads a missing
 * `_permanent` as false), and `null` Flask-Login fields are left out. The special keys in `data`
 * are ignored in favour of the explicit fields.
 *
 * @example
 * ```ts
 * const cookie = encodeFlaskCookie(
 *   toFlaskSession({ data: { cart: [1, 2] }, flashes: [{ category: 'success', message: 'Saved' }] }),
 *   { secret },
 * )
 * ```
 */
export function toFlaskSession(parts: Partial<FlaskSessionParts>): Record<string, FlaskValue> {
  const out: Record<string, FlaskValue> = {}
  const special = new Set<string>(Object.values(FLASK_SESSION_KEYS))
  for (const [key, value] of Object.entries(parts.data ?? {})) {
    if (!special.has(key)) out[key] = value
  }
  if (parts.flashes !== undefined && parts.flashes.length > 0) {
    out._flashes = parts.flashes.map((f) => new FlaskTuple([f.category, f.message]))
  }
  if (parts.permanent === true) out._permanent = true
  if (parts.userId !== undefined && parts.userId !== null) out._user_id = parts.userId
  if (parts.fresh !== undefined && parts.fresh !== null) out._fresh = parts.fresh
  if (parts.loginIdentifier !== undefined && parts.loginIdentifier !== null) {
    out._id = parts.loginIdentifier
  }
  return out
}

/** Where a request came from, as Flask-Login 0.6 sees it. */
export interface FlaskLoginClient {
  /** The `X-Forwarded-For` header when present, else the socket's address; `null` if unknown. */
  remoteAddr: string | null
  /** The `User-Agent` header, or `null` when absent. */
  userAgent: string | null
}

/**
 * Flask-Login 0.6's session-protection identifier (`_create_identifier`): the SHA-512 hex of
 * `"<repr(addr bytes)>|<repr(user-agent bytes)>"`, with the first `X-Forwarded-For` entry. Store
 * it as `loginIdentifier` when signing a user in from tessera, so that a Flask app with
 * `session_protection = "strong"` keeps the session (without it, "basic" marks the login
 * non-fresh and "strong" logs a non-permanent session out).
 */
export function flaskLoginIdentifier(client: FlaskLoginClient): string {
  const addr =
    client.remoteAddr === null
      ? 'None'
      : bytesRepr(
          stripAscii(Buffer.from(client.remoteAddr, 'utf8').toString('latin1').split(',')[0]!),
        )
  const agent =
    client.userAgent === null
      ? 'None'
      : bytesRepr(Buffer.from(client.userAgent, 'utf8').toString('latin1'))
  return createHash('sha512').update(`${addr}|${agent}`, 'utf8').digest('hex')
}

/** Python's `bytes.strip()`: ASCII whitespace only. */
function stripAscii(text: string): string {
  return text.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '')
}

/** Python's `repr(bytes)` for bytes given as a latin1 string (one char per byte). */
function bytesRepr(bytes: string): string {
  const quote = bytes.includes("'") && !bytes.includes('"') ? '"' : "'"
  let out = ''
  for (const c of bytes) {
    const code = c.charCodeAt(0)
    if (c === quote || c === '\\') out += `\\${c}`
    else if (c === '\t') out += '\\t'
    else if (c === '\n') out += '\\n'
    else if (c === '\r') out += '\\r'
    else if (code < 0x20 || code >= 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += c
  }
  return `b${quote}${out}${quote}`
}

function readFlashes(value: FlaskValue): FlaskFlash[] {
  if (!Array.isArray(value)) throw malformed('_flashes is a list.')
  return (value as readonly FlaskValue[]).map((entry) => {
    const items: unknown = entry instanceof FlaskTuple ? entry.items : entry
    if (!Array.isArray(items) || items.length !== 2 || typeof items[0] !== 'string') {
      throw malformed('Each flash is a (category, message) pair.')
    }
    const [category, message] = items as [string, FlaskValue]
    return { category, message: message instanceof Markup ? message : pythonStr(message) }
  })
}

function readUserId(value: FlaskValue): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return readString(value, '_user_id')
}

function readString(value: FlaskValue, key: string): string {
  if (typeof value !== 'string') throw malformed(`${key} is a string.`)
  return value
}

/** Python's `str()` of a scalar; anything else could not be a message Flask templates print. */
function pythonStr(value: FlaskValue): string {
  if (typeof value === 'string') return value
  if (value === null) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof PythonFloat) return pythonFloatRepr(value.value)
  if (typeof value === 'number') {
    return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : pythonFloatRepr(value)
  }
  throw malformed('A flash message is text.')
}

/** Python truthiness of a decoded value. */
function pythonTruthy(value: FlaskValue): boolean {
  if (value === null || value === false || value === 0 || value === '' || value === 0n) return false
  // Every other number is true, NaN included (as in Python).
  if (value instanceof PythonFloat) return value.value !== 0
  if (Array.isArray(value) || value instanceof FlaskTuple || value instanceof Uint8Array) {
    return value.length > 0
  }
  if (value instanceof Markup) return value.html !== ''
  if (isDict(value)) return Object.keys(value).length > 0
  return true
}

function isDict(value: FlaskValue): value is FlaskObject {
  if (value === null) return false
  // Primitives, lists and class instances have other prototypes.
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function malformed(message: string): DecodeError {
  return new DecodeError('malformed', `Not a Flask session: ${message}`)
}
