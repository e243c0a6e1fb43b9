/**
 * Checks for store options, run once when a store factory is called: a bad option is a
 * `ConfigError` at start-up, never a failure on some later request.
 *
 * Not a public entry point: the stores import it.
 *
 * @module
 */
import { ConfigError } from '../../errors.js'

/** Throw `ConfigError` unless `value` is a positive safe integer (milliseconds, counts). */
export function checkPositiveInteger(store: string, option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(
      `${store} store: \`${option}\` must be a positive integer, got ${String(value)}.`,
    )
  }
  return value
}

// At most 48 characters, so "<table>_user_idx" stays within PostgreSQL's 63-byte names.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/

/** A checked SQL table name: `quoted` goes into SQL, `base` names its indexes. */
export interface SqlTableName {
  quoted: string
  base: string
}

/**
 * Check an SQL table name (`schema.table` allowed when `allowSchema`) and quote it. Only plain
 * identifiers are accepted, so the name can never inject SQL. `option` is the option's name in
 * the message.
 */
export function sqlTableName(
  store: string,
  name: string,
  allowSchema: boolean,
  option = 'tableName',
): SqlTableName {
  const parts = name.split('.')
  if (parts.length > (allowSchema ? 2 : 1) || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new ConfigError(
      `${store} store: \`${option}\` must be an identifier (letters, digits ` +
        `and _${allowSchema ? ', optionally "schema.table"' : ''}), got ${JSON.stringify(name)}.`,
    )
  }
  return {
    quoted: parts.map((part) => `"${part}"`).join('.'),
    base: parts[parts.length - 1] ?? name,
  }
}

/**
 * Run `purge` every `interval` ms on an unref'd timer (it never keeps the process alive); errors,
 * thrown or rejected, go to `onError` and the next run still happens. Returns the stop function.
 */
export function startPurgeTimer(
  store: string,
  interval: number,
  purge: () => unknown,
  onError: (error: unknown) => void,
): () => void {
  const every = checkPositiveInteger(store, 'purgeInterval', interval)
  const timer = setInterval(() => {
    try {
      const result = purge()
      if (result instanceof Promise) result.catch(onError)
    } catch (error) {
      onError(error)
    }
  }, every)
  timer.unref()
  return () => clearInterval(timer)
}
