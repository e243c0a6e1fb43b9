/**
 * The TypeScript types of the values Flask's tagged JSON carries (see `tagged-json.ts`).
 *
 * ```ts
 * import { FlaskTuple, FlaskUUID, Markup, type FlaskValue } from 'tessera-session/codec/flask'
 * ```
 *
 * @module
 */
import { SessionValueError } from '../../errors.js'
import type { PythonFloat } from './python-json.js'

/**
 * A Python `tuple`. Flask stores flashes as `(category, message)` tuples; a tuple read from a
 * cookie stays a tuple when written back, where an array would become a Python `list`.
 *
 * @example
 * ```ts
 * const pair = new FlaskTuple(['message', 'Hello'])
 * pair.items[1] // 'Hello'
 * ```
 */
export class FlaskTuple {
  /** The tuple's items, in order. */
  readonly items: readonly FlaskValue[]

  constructor(items: Iterable<FlaskValue>) {
    this.items = Object.freeze([...items])
  }

  /** Number of items. */
  get length(): number {
    return this.items.length
  }

  [Symbol.iterator](): Iterator<FlaskValue> {
    return this.items[Symbol.iterator]()
  }
}

/**
 * `markupsafe.Markup`: a string of HTML that templates must not escape again. Flask-side
 * templates render it as is, so never wrap text that came from a user without {@link Markup.escape}.
 */
export class Markup {
  /** The HTML. */
  readonly html: string

  constructor(html: string) {
    this.html = String(html)
  }

  /** Escape text as markupsafe does (`& < > ' "`) and mark the result safe. */
  static escape(text: string): Markup {
    return new Markup(
      text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/'/g, '&#39;')
        .replace(/"/g, '&#34;'),
    )
  }

  /** The HTML itself, so the value can be used where a string is expected. */
  toString(): string {
    return this.html
  }
}

/**
 * `uuid.UUID`. Accepts what Python's `UUID(text)` accepts in practice — 32 hex digits with or
 * without hyphens, braces or a `urn:uuid:` prefix — and is written as 32 lowercase hex digits.
 */
export class FlaskUUID {
  /** 32 lowercase hex digits, as Python's `UUID.hex`. */
  readonly hex: string

  /** @throws SessionValueError when `text` is not a UUID. */
  constructor(text: string) {
    const hex = String(text)
      .replace(/urn:|uuid:/g, '')
      .replace(/^\{+|\}+$/g, '')
      .replace(/-/g, '')
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new SessionValueError('Not a UUID.')
    this.hex = hex.toLowerCase()
  }

  /** A random (version 4) UUID. */
  static random(): FlaskUUID {
    return new FlaskUUID(crypto.randomUUID())
  }

  /** The hyphenated form, as Python's `str(uuid)`. */
  toString(): string {
    const h = this.hex
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
}

/** A value Flask's session serializer can carry, in its TypeScript form. */
export type FlaskValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PythonFloat
  | FlaskTuple
  | Markup
  | FlaskUUID
  | Date
  | Uint8Array
  | readonly FlaskValue[]
  | FlaskObject

/** A Python `dict` with string keys. */
export interface FlaskObject {
  readonly [key: string]: FlaskValue
}
