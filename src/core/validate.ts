/**
 * Start-up checks for option objects: unknown keys and wrong types are a `ConfigError` that names
 * the key, what was expected, and what was probably meant. A misspelled option that passed silently
 * would leave the secure default in force while the app believes otherwise, or the reverse.
 *
 * @module
 */
import { ConfigError } from '../errors.js'

/** What one option accepts, in words for the error message, and the test. */
export interface Expect {
  readonly type: string
  readonly ok: (value: unknown) => boolean
}

/** The accepted keys of an options object and what each takes. */
export type Shape = Readonly<Record<string, Expect>>

/** Options of other libraries that users bring along, and what to use here instead. */
export type Hints = Readonly<Record<string, string>>

/** The checks options are made of. */
export const is: {
  readonly string: Expect
  readonly boolean: Expect
  readonly function: Expect
  readonly object: Expect
  readonly seconds: Expect
  readonly count: Expect
  readonly any: Expect
  oneOf(...values: readonly unknown[]): Expect
  either(...expects: readonly Expect[]): Expect
} = {
  string: { type: 'a string', ok: (v) => typeof v === 'string' },
  boolean: { type: 'true or false', ok: (v) => typeof v === 'boolean' },
  function: { type: 'a function', ok: (v) => typeof v === 'function' },
  object: {
    type: 'an object',
    ok: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  },
  seconds: {
    type: 'a number of seconds',
    ok: (v) => typeof v === 'number' && Number.isFinite(v),
  },
  count: {
    type: 'a whole number',
    ok: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  },
  any: { type: 'any value', ok: () => true },
  oneOf(...values: readonly unknown[]): Expect {
    return {
      type: values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(' or '),
      ok: (v) => values.includes(v),
    }
  },
  either(...expects: readonly Expect[]): Expect {
    return {
      type: expects.map((e) => e.type).join(' or '),
      ok: (v) => expects.some((e) => e.ok(v)),
    }
  },
}

/**
 * Check every own key of `value` against `shape`: an unknown key, or a known one with a value of
 * the wrong type, throws. `undefined` always passes (it means "the default"). `where` names the
 * options in the message: `'sessions()'`, `'cookie'`.
 */
export function checkShape(where: string, value: object, shape: Shape, hints: Hints = {}): void {
  for (const key of Object.keys(value)) {
    const expect = shape[key]
    const given = (value as Record<string, unknown>)[key]
    const path = where.endsWith(')') ? key : `${where}.${key}`
    if (expect === undefined) {
      const hint = hints[key]
      const near = closest(key, Object.keys(shape))
      throw new ConfigError(
        `${where} has no option "${key}". ` +
          (near !== undefined ? `Did you mean "${near}"? ` : '') +
          (hint !== undefined ? `${hint} ` : '') +
          `Options: ${Object.keys(shape).join(', ')}.`,
      )
    }
    if (given !== undefined && !expect.ok(given)) {
      throw new ConfigError(`${path} must be ${expect.type}, not ${describe(given)}.`)
    }
  }
}

/** A value, in words, for an error message: `the string "1800"`, `null`, `an array`. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value)
    case 'function':
      return 'a function'
    case 'object':
      return 'an object'
    case 'symbol':
      return 'a symbol'
    case 'undefined':
      return 'undefined'
  }
  return 'an unknown value'
}

/** The known key a typo most likely meant: same letters ignoring case, or at most 2 edits away. */
export function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase()
  let best: string | undefined
  let bestDistance = Math.min(3, Math.ceil(key.length / 3) + 1)
  for (const candidate of known) {
    if (candidate.toLowerCase() === lower) return candidate
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** Levenshtein distance, with a transposition costing one (Damerau's optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = []
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)])
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!
    const above = rows[i - 1]!
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1)
      }
      row[j] = d
    }
  }
  return rows[a.length]![b.length]!
}
