/**
 * The patch semantics every store shares, for the stores that apply a patch in JavaScript
 * (memory, SQLite) and for checking the others against: `clear`, then `delete`, then `set`, then
 * `increment`, with the deadline never moved past the absolute deadline (CL-27).
 *
 * Not a public entry point: the stores import it.
 *
 * @module
 */
import type { SessionPatch, SessionRecordData } from '../store.js'

/**
 * Apply `patch` to `data` and return the new data. `data` is not modified. Keys become own data
 * properties: a key spelled `__proto__` (refused everywhere before it gets here) is defined, never
 * assigned, so it can never reach a prototype. Plain loops, not Map/entries/fromEntries: this runs
 * on every write to the memory and SQLite stores.
 */
export function applyPatch(data: SessionRecordData, patch: SessionPatch): SessionRecordData {
  const next: Record<string, unknown> = {}
  if (patch.clear !== true) for (const name of Object.keys(data)) put(next, name, data[name])
  if (patch.delete !== undefined) for (const name of patch.delete) delete next[name]
  if (patch.set !== undefined) {
    const set = patch.set
    for (const name of Object.keys(set)) put(next, name, set[name])
  }
  if (patch.increment !== undefined) {
    const increment = patch.increment
    for (const name of Object.keys(increment)) {
      const current = next[name]
      put(next, name, (typeof current === 'number' ? current : 0) + (increment[name] ?? 0))
    }
  }
  return next
}

function put(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  } else {
    target[name] = value
  }
}

/** True when `patch` changes data (not only the user, last-seen time or deadline). */
export function touchesData(patch: SessionPatch): boolean {
  return (
    patch.clear === true ||
    patch.delete !== undefined ||
    patch.set !== undefined ||
    patch.increment !== undefined
  )
}

/**
 * The deadline a store keeps: the one asked for, but never past the absolute deadline, so no
 * touch or update can stretch a session beyond it (CL-27).
 */
export function clampDeadline(expiresAt: number, absoluteExpiresAt: number): number {
  return Math.min(expiresAt, absoluteExpiresAt)
}
