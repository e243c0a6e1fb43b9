/**
 * Telling a promise (or any thenable a user's store or validator returns) from a plain value,
 * for the code paths that stay synchronous when they can.
 *
 * @module
 */

/** True for anything with a callable `then`: a Promise, or another library's thenable. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
