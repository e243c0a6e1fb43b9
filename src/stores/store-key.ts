/**
 * The store key of a session ID, kept at this path for the stores and tests that import it; it
 * lives in `crypto/store-key.ts` with the other ID hashing (docs/decisions.md §35).
 *
 * @module
 */
export { storeKey } from '../crypto/store-key.js'
