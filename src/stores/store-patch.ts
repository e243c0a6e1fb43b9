/**
 * The patch semantics every store shares, for the stores that apply a patch in JavaScript
 * (memory, SQLite) and for checking the others against: `clear`, then `delete`, then `set`, then
 * `increment`, with the deadline never moved past the absolute deadline (CL-27).
 *
 * Not a public entry point: the stores import it.
 *
 * @module
 */
import type { SessionPatch, SessionRecordData } from './store.js'

/**
 * Apply `patch` to `data` and return the new data. `data` is not modified. Keys become own data
 * properties (built with `Object.fromEntries`), so a key such as `__proto__` can never reach a
 * prototype.
 */
export function applyPatch(data: SessionRecordData, patch: SessionPatch): SessionRecordData {
  const next = new Map<string, unknown>(patch.clear === true ? [] : Object.entries(data))
  if (patch.delete !== undefined) for (const name of patch.delete) next.delete(name)
  if (patch.set !== undefined)
    for (const [name, value] of Object.entries(patch.set)) next.set(name, value)
  if (patch.increment !== undefined) {
    for (const [name, by] of Object.entries(patch.increment)) {
      const current = next.get(name)
      next.set(name, (typeof current === 'number' ? current : 0) + by)
    }
  }
  return Object.fromEntries(next)
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
