/**
 * Safe JSON for session data (CL-67, CL-68).
 *
 * - `toSafeJson` validates a value at `session.set` time and returns a frozen deep copy, so a value
 *   JSON cannot carry (undefined, functions, symbols, BigInt, NaN, cycles, Map, Date, class instances)
 *   fails at once with a typed error instead of corrupting the cookie later.
 * - `parseSafeJson` parses text that has already been authenticated, then walks it with the same
 *   bounds; any violation means "invalid payload".
 *
 * Dates are not stored: JSON has no date type and a silent string round-trip would change the value's
 * type. Store `date.getTime()` or `date.toISOString()` instead.
 *
 * @module
 */
import { SessionValueError } from '../errors.js'

/** Maximum nesting depth of a stored value (CL-67). */
export const MAX_DEPTH = 32

/** Keys that could reach `Object.prototype` through naive merging code (CL-68). */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** A frozen, JSON-safe value. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject
/** A frozen, JSON-safe object. */
export type JsonObject = { readonly [key: string]: JsonValue }

/** True when the key may never appear anywhere in session data. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key)
}

/**
 * Validate `value` and return a frozen deep copy of it.
 *
 * @throws SessionValueError naming the path of the first offending value.
 */
export function toSafeJson(value: unknown, path = 'value'): JsonValue {
  // The usual value is a string or a number: checked here, without a trail to walk.
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value
  if (typeof value === 'number' && Number.isFinite(value)) return value
  return copy(value, { root: path, steps: [], ancestors: [] })
}

/**
 * Where `copy` is: the steps from the root, and the objects on the way (for cycles). The path text
 * is built only for an error message, never on the way down (it cost more than the copy itself).
 */
interface Trail {
  readonly root: string
  readonly steps: (string | number)[]
  readonly ancestors: object[]
}

function copy(value: unknown, trail: Trail): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) fail(trail, `${String(value)} is not a JSON number`)
      return value
    case 'object':
      break
    case 'undefined':
      return fail(trail, 'undefined cannot be stored (use delete to remove a key)')
    case 'bigint':
      return fail(trail, 'a BigInt cannot be stored as JSON; store it as a string')
    case 'function':
    case 'symbol':
      return fail(trail, `a ${typeof value} cannot be stored`)
  }
  if (value === null) return null
  const { steps, ancestors } = trail
  if (steps.length >= MAX_DEPTH) fail(trail, `nesting deeper than ${MAX_DEPTH} levels`)
  if (ancestors.includes(value)) fail(trail, 'a circular reference cannot be stored')
  ancestors.push(value)
  let out: JsonValue
  if (Array.isArray(value)) {
    const arr: JsonValue[] = []
    for (let i = 0; i < value.length; i++) {
      steps.push(i)
      arr.push(copy((value as unknown[])[i], trail))
      steps.pop()
    }
    out = Object.freeze(arr)
  } else {
    const proto: unknown = Object.getPrototypeOf(value)
    if (value instanceof Date) {
      fail(trail, 'a Date cannot be stored; store date.getTime() or date.toISOString()')
    }
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object'
      fail(trail, `a ${kind} instance cannot be stored; use plain objects and arrays`)
    }
    const obj: Record<string, JsonValue> = {}
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) fail(trail, `the key "${key}" is not allowed`)
      steps.push(key)
      obj[key] = copy((value as Record<string, unknown>)[key], trail)
      steps.pop()
    }
    out = Object.freeze(obj)
  }
  ancestors.pop()
  return out
}

function fail(trail: Trail, why: string): never {
  const path = trail.steps.reduce<string>(
    (text, step) => (typeof step === 'number' ? `${text}[${step}]` : `${text}.${step}`),
    trail.root,
  )
  throw new SessionValueError(`Cannot store ${path} in the session: ${why}.`)
}

/**
 * Parse authenticated JSON text and check it with the same bounds as `toSafeJson`. Returns
 * `undefined` for anything invalid (bad JSON, too deep, forbidden keys) — the caller treats that
 * as "no session".
 */
export function parseSafeJson(text: string): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  // Fast path: with no forbidden key spelled anywhere and fewer than MAX_DEPTH brackets, the
  // value cannot break a rule; otherwise walk it.
  if (!mentionsForbiddenKey(text) && countBrackets(text, MAX_DEPTH) < MAX_DEPTH) return parsed
  return isSafe(parsed, 0) ? parsed : undefined
}

function mentionsForbiddenKey(text: string): boolean {
  return (
    text.includes('__proto__') ||
    text.includes('constructor') ||
    text.includes('prototype') ||
    text.includes('\\u')
  )
}

/** How many `{` and `[` the text has, counted up to `limit` (indexOf: native, and payloads have few). */
function countBrackets(text: string, limit: number): number {
  let n = 0
  for (let at = text.indexOf('{'); at !== -1 && n < limit; at = text.indexOf('{', at + 1)) n++
  for (let at = text.indexOf('['); at !== -1 && n < limit; at = text.indexOf('[', at + 1)) n++
  return n
}

function isSafe(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true
  if (depth >= MAX_DEPTH) return false
  if (Array.isArray(value)) {
    for (const item of value) if (!isSafe(item, depth + 1)) return false
    return true
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return false
    if (!isSafe((value as Record<string, unknown>)[key], depth + 1)) return false
  }
  return true
}

/** Freeze a parsed value in place, deeply, so nested changes cannot be made (and silently lost). */
export function deepFreeze<T>(value: T): T {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Object.isFrozen(value) &&
    !ArrayBuffer.isView(value)
  ) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}
