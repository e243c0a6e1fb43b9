/**
 * The keys and limits of a session's data: the keys the library keeps for itself, the method
 * names data may never shadow, and the size limits `Session` enforces.
 *
 * @module
 */

/** Keys the library keeps in the session for itself (Flask-compatible names where Flask has one). */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  '_permanent',
  '_flashes',
  '_user_id',
  '_fresh',
  '_auth',
  '_csrf',
  '_id',
  '_until',
  '_v',
  '_spill',
])

/** Names of session API methods, refused as data keys so data can never shadow them (CL-68). */
export const METHOD_NAMES: ReadonlySet<string> = new Set([
  'get',
  'set',
  'update',
  'delete',
  'pop',
  'has',
  'clear',
  'keys',
  'entries',
  'flash',
  'flashes',
  'regenerate',
  'destroy',
  'save',
  'touch',
  'markModified',
  'increment',
])

/** Most flash messages kept at once, and the longest one (CL-34). */
export const MAX_FLASHES = 10
export const MAX_FLASH_BYTES = 512
/** Most top-level keys in one sealed-cookie session (CL-67). */
export const MAX_KEYS = 64
/** Most top-level keys in one server-side session. */
export const MAX_STORE_KEYS = 1000
