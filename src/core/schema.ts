/**
 * Validated, versioned session data: the `schema`, `schemaVersion` and `migrate` options. The
 * schema is any Standard Schema v1 validator (zod 4, valibot 1, arktype 2, …); tessera depends on
 * none of them, only on the spec's interface, copied into `standard-schema.ts` and re-exported
 * here. The schema sees the app's keys only, never the library's reserved ones, and it checks
 * without transforming: what is stored is what the app set (docs/schemas.md).
 *
 * ```ts
 * import { z } from 'zod'
 * import { createSessionManager } from 'tessera-session'
 *
 * const manager = createSessionManager({
 *   secret: process.env.TESSERA_SECRET!,
 *   schema: z.object({ theme: z.enum(['light', 'dark']), visits: z.number() }).partial(),
 * })
 * ```
 *
 * @module
 */
import { isThenable } from '../internal/thenable.js'
import { ConfigError, SessionValueError } from '../errors.js'
import type { ResolvedHooks, SessionMode } from './hooks.js'
import { RESERVED_KEYS } from './session-keys.js'
import type { SessionState } from './session-state.js'
import type { StandardSchemaV1, StandardTypedV1 } from './standard-schema.js'
import { describe } from './validate.js'

export type { StandardSchemaV1, StandardTypedV1 } from './standard-schema.js'

/** The session data type a schema describes: its output type. */
export type InferSessionData<Schema extends StandardTypedV1> = StandardTypedV1.InferOutput<Schema>

/**
 * One migration step: the app's data at version `n` (the key in `migrate`) in, the data at
 * version `n + 1` out. Reserved keys (sign-in, flashes) are not passed and are kept as they were.
 */
export type MigrationStep = (data: Record<string, unknown>) => Record<string, unknown>

/** The reserved key that holds the version of the app's data (only with `schemaVersion`). */
export const VERSION_KEY = '_v'

/** Why loaded data was refused: it fails the schema, or no step chain leads to this version. */
export type SchemaRefusal = 'invalid' | 'unmigratable'

/** The schema options after start-up checks: what the session layer calls. @internal */
export interface ResolvedSchema {
  /** Check the data of a loaded session (migrating it first); `undefined`: refused. */
  load(
    state: SessionState,
    data: Readonly<Record<string, unknown>>,
    hooks: ResolvedHooks | undefined,
    mode: SessionMode,
    at: number,
  ): Readonly<Record<string, unknown>> | undefined
  /** `Session.set`: validate the data with `key` set to `value`, then store it. */
  set(state: SessionState, key: string, value: unknown): void
  /** `Session.increment`: validate the data with the new number, then add. */
  increment(state: SessionState, key: string, by: number): number
}

/** What `resolveSchema` reads from the session options. */
export interface SchemaInput {
  readonly schema?: StandardSchemaV1<unknown, object> | undefined
  readonly schemaVersion?: number | undefined
  readonly migrate?: Readonly<Record<number, MigrationStep>> | undefined
}

/**
 * Check the schema options at start-up; `undefined` without a schema (then the session layer does
 * nothing more than one `undefined` check). @throws ConfigError @internal
 */
export function resolveSchema(input: SchemaInput): ResolvedSchema | undefined {
  const { schema, schemaVersion, migrate } = input
  if (schema === undefined) {
    if (schemaVersion !== undefined || migrate !== undefined) {
      throw new ConfigError(
        'schemaVersion and migrate need a schema: migrated data is validated by it.',
      )
    }
    return undefined
  }
  const props = standardProps(schema)
  if (migrate !== undefined && schemaVersion === undefined) {
    throw new ConfigError('migrate needs schemaVersion: the version the steps lead to.')
  }
  if (schemaVersion !== undefined && !(Number.isSafeInteger(schemaVersion) && schemaVersion >= 1)) {
    throw new ConfigError(
      `schemaVersion must be a whole number from 1, not ${describe(schemaVersion)}.`,
    )
  }
  const steps = stepsOf(migrate ?? {}, schemaVersion ?? 1)
  probe(props)
  return new SchemaCheck(props, schemaVersion, steps)
}

/** The `~standard` properties of a schema, checked to be Standard Schema v1. */
function standardProps(schema: unknown): StandardSchemaV1.Props {
  const props: unknown =
    (typeof schema === 'object' && schema !== null) || typeof schema === 'function'
      ? (schema as Partial<StandardSchemaV1>)['~standard']
      : undefined
  const p = props as Partial<StandardSchemaV1.Props> | undefined
  if (p === undefined || p === null || p.version !== 1 || typeof p.validate !== 'function') {
    throw new ConfigError(
      'schema must be a Standard Schema v1 validator (zod 4, valibot 1, arktype 2, …): ' +
        `${describe(schema)} has no '~standard' with version 1 and validate().`,
    )
  }
  return p as StandardSchemaV1.Props
}

function stepsOf(migrate: object, version: number): ReadonlyMap<number, MigrationStep> {
  if (typeof migrate !== 'object' || migrate === null || Array.isArray(migrate)) {
    throw new ConfigError(
      'migrate must be an object of steps { [fromVersion]: (data) => data }, ' +
        `not ${describe(migrate)}.`,
    )
  }
  const steps = new Map<number, MigrationStep>()
  for (const [key, step] of Object.entries(migrate)) {
    const from = Number(key)
    if (!Number.isSafeInteger(from) || from < 1 || from >= version || String(from) !== key) {
      throw new ConfigError(
        `migrate has a step from "${key}": steps go from a version 1 to ${version - 1} ` +
          `(schemaVersion is ${version}).`,
      )
    }
    if (typeof step !== 'function') {
      throw new ConfigError(`migrate[${key}] must be a function, not ${describe(step)}.`)
    }
    steps.set(from, step as MigrationStep)
  }
  return steps
}

/**
 * Sessions are validated inside synchronous calls (`set`, and the lazy load of sealed cookies),
 * so an asynchronous schema (zod's async refinements, valibot's `*Async`) is refused here, where
 * one call on `{}` shows it. One that turns asynchronous only for other input is caught per call.
 */
function probe(props: StandardSchemaV1.Props): void {
  let result: unknown
  try {
    result = props.validate({})
  } catch (err) {
    throw new ConfigError('schema threw while validating {}: a validator must return issues.', {
      cause: err,
    })
  }
  if (isThenable(result)) {
    result.then(undefined, () => undefined)
    throw new ConfigError(
      'schema must validate synchronously: sessions are checked inside set() and the lazy ' +
        'load of a sealed cookie. Use a schema without async refinements.',
    )
  }
}

class SchemaCheck implements ResolvedSchema {
  readonly #props: StandardSchemaV1.Props
  readonly #version: number | undefined
  readonly #steps: ReadonlyMap<number, MigrationStep>
  #warned = false

  constructor(
    props: StandardSchemaV1.Props,
    version: number | undefined,
    steps: ReadonlyMap<number, MigrationStep>,
  ) {
    this.#props = props
    this.#version = version
    this.#steps = steps
  }

  load(
    state: SessionState,
    data: Readonly<Record<string, unknown>>,
    hooks: ResolvedHooks | undefined,
    mode: SessionMode,
    at: number,
  ): Readonly<Record<string, unknown>> | undefined {
    const refuse = (reason: SchemaRefusal): undefined => {
      if (hooks !== undefined) hooks.onEvent({ type: 'refused', mode, at, reason })
      return undefined
    }
    const app = appData(data)
    // A session with no data of the app's yet (a sign-in, flashes) is where every session starts.
    if (app === undefined) return data
    const target = this.#version
    if (target === undefined) return this.#valid(app) === true ? data : refuse('invalid')
    // No stamp: written before the app versioned its data, which is version 1.
    const from = data[VERSION_KEY] ?? 1
    if (!(typeof from === 'number' && Number.isSafeInteger(from) && from >= 1)) {
      return refuse('invalid')
    }
    if (from >= target) {
      // Current, or written by a newer deploy of the app (no down-migrations): used when valid.
      return this.#valid(app) === true ? data : refuse('invalid')
    }
    let migrated: Record<string, unknown> = app
    for (let version = from; version < target; version++) {
      const step = this.#steps.get(version)
      if (step === undefined) return refuse('unmigratable')
      const next = runStep(step, migrated, state.validate)
      if (next === undefined) return refuse('unmigratable')
      migrated = next
    }
    if (this.#valid(migrated) !== true) return refuse('invalid')
    const out = reservedOf(data)
    // Every key is marked changed: a store gets the migrated data as one patch.
    for (const key of Object.keys(migrated)) {
      out[key] = migrated[key]
      state.changed.add(key)
    }
    for (const key of Object.keys(app)) if (!(key in migrated)) state.deleted.add(key)
    out[VERSION_KEY] = target
    state.changed.add(VERSION_KEY)
    // Re-saved at the end of this request: the store record or the cookie gets the new version.
    state.modified = true
    state.accessed = true
    if (hooks !== undefined) hooks.onEvent({ type: 'migrated', mode, at, from, to: target })
    return out
  }

  set(state: SessionState, key: string, value: unknown): void {
    const copy = state.validate(value, key)
    this.#check(state, key, copy)
    state.put(key, copy)
    this.#stamp(state)
  }

  increment(state: SessionState, key: string, by: number): number {
    const current = state.map.get(key)
    this.#check(state, key, (typeof current === 'number' ? current : 0) + by)
    const next = state.add(key, by)
    this.#stamp(state)
    return next
  }

  /** Throw `SessionValueError` naming the first issue when the data with `key: value` fails. */
  #check(state: SessionState, key: string, value: unknown): void {
    state.touch()
    const candidate: Record<string, unknown> = {}
    for (const [k, v] of state.map) if (!RESERVED_KEYS.has(k)) candidate[k] = v
    candidate[key] = value
    const result = this.#valid(candidate)
    if (result === true) return
    if (result === 'async') {
      throw new ConfigError('schema must validate synchronously: it returned a Promise on set().')
    }
    const [first] = result
    const more = result.length > 1 ? ` (and ${result.length - 1} more)` : ''
    throw new SessionValueError(
      `The session data does not match the schema at "${pathOf(first?.path) ?? key}": ` +
        `${first?.message ?? 'invalid'}${more}.`,
    )
  }

  /** Raise the stored version to `schemaVersion` (never lower: a newer deploy may have written). */
  #stamp(state: SessionState): void {
    const version = this.#version
    if (version === undefined) return
    const stamped = state.map.get(VERSION_KEY)
    if (typeof stamped === 'number' && stamped >= version) return
    state.put(VERSION_KEY, version)
  }

  /** `true`, the issues, or `'async'` for a Promise (a schema that went asynchronous). */
  #valid(data: Record<string, unknown>): true | readonly StandardSchemaV1.Issue[] | 'async' {
    let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>
    try {
      result = this.#props.validate(data)
    } catch {
      return [{ message: 'the schema threw' }]
    }
    if (isThenable(result)) {
      result.then(undefined, () => undefined)
      this.#warnAsync()
      return 'async'
    }
    return result.issues === undefined ? true : result.issues
  }

  #warnAsync(): void {
    if (this.#warned) return
    this.#warned = true
    process.emitWarning(
      'tessera: the session schema returned a Promise; sessions are validated synchronously, ' +
        'so the data was refused. Use a schema without async refinements.',
      { code: 'TESSERA_ASYNC_SCHEMA' },
    )
  }
}

/** The app's keys of loaded data, or `undefined` when it has none. */
function appData(data: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined
  for (const key of Object.keys(data)) {
    if (RESERVED_KEYS.has(key)) continue
    out ??= {}
    out[key] = data[key]
  }
  return out
}

function reservedOf(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(data)) if (RESERVED_KEYS.has(key)) out[key] = data[key]
  return out
}

/** One step on a copy, its result checked like `set` checks values; `undefined` on any failure. */
function runStep(
  step: MigrationStep,
  data: Record<string, unknown>,
  validate: (value: unknown, path: string) => unknown,
): Record<string, unknown> | undefined {
  try {
    const next: unknown = step({ ...data })
    if (typeof next !== 'object' || next === null || Array.isArray(next)) return undefined
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(next)) {
      if (RESERVED_KEYS.has(key) || key === '__proto__') continue
      out[key] = validate(value, key)
    }
    return out
  } catch {
    return undefined
  }
}

/** An issue's path as `cart.items.0`, or `undefined` for the root. */
function pathOf(path: StandardSchemaV1.Issue['path']): string | undefined {
  if (path === undefined || path.length === 0) return undefined
  return path
    .map((segment) => String(typeof segment === 'object' ? segment.key : segment))
    .join('.')
}
