/**
 * A cookie format as the session manager uses it: a codec that seals and opens the session's
 * envelope, plus the two rules the format brings with it, so core never asks which format it
 * runs (docs/decisions.md §35). tessera's sealed codec checks every deadline from the times in
 * its seal and takes JSON values; Flask's cookie carries only its signing time, checked by the
 * codec against PERMANENT_SESSION_LIFETIME, and takes the values Flask's tagged JSON can carry.
 *
 * @module
 */
import type { SealedCodec } from './sealed-codec.js'

/**
 * Which deadlines the lifecycle checks when a cookie of this format is opened:
 * - `'all'`: the idle, absolute and permanent windows from the envelope's times, and the sign-in
 *   cap (`_until`);
 * - `'cap'`: the sign-in cap only; the format's signature carries the window, and `open` refuses
 *   a cookie past it (Flask's `max_age` on its signing time).
 */
export type LifetimeRule = 'all' | 'cap'

/** Checks and copies a value at `Session.set`; throws `SessionValueError` for one it cannot carry. */
export type ValueValidator = (value: unknown, path: string) => unknown

/** A sealed codec with the lifetime rule and the value validator of its format. */
export interface SessionCodec extends SealedCodec {
  readonly lifetime: LifetimeRule
  readonly validate: ValueValidator
}
