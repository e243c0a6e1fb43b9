/** Types and key makers shared by the conformance suite's files. */
import { randomBytes } from 'node:crypto'
import { storeKey } from '../../src/stores/store-key.js'

/** What a backend can or cannot do, so the suite checks the right thing. */
export interface StoreCapabilities {
  /** The backend deletes expired records itself (Redis TTLs): `purgeExpired` finds none. */
  nativeTtl?: boolean
}

/** The clock the suite drives; stores that take a `now` option are given `clock.now`. */
export interface FakeClock {
  now: () => number
  advance: (ms: number) => void
}

/** A fresh store key, as the session manager makes them: SHA-256 of a 256-bit ID. */
export function newKey(): string {
  return storeKey(randomBytes(32).toString('base64url'))
}

/** A fresh user id, so tests sharing a database never see each other's users. */
export function newUser(): string {
  return `user-${randomBytes(6).toString('hex')}`
}
