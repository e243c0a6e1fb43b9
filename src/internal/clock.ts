/**
 * The clock every deadline is computed with. Injected through options (`now`) so tests control
 * time without sleeping.
 *
 * @module
 */

/** Milliseconds since the Unix epoch. */
export type Clock = () => number

/** The system clock. */
export const systemClock: Clock = Date.now
