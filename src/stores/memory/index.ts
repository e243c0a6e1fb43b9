/**
 * The in-memory stores: sessions, revocations of sealed-cookie sessions and login throttling,
 * each for one process that accepts losing its state on restart.
 *
 * ```ts
 * import { memoryStore, memoryRevocations, memoryThrottle } from 'tessera-session/stores/memory'
 * ```
 *
 * @module
 */
export { memoryStore } from './session-store.js'
export type { MemoryStore, MemoryStoreOptions } from './session-store.js'
export { memoryRevocations } from './revocations.js'
export type { MemoryRevocationsOptions } from './revocations.js'
export { memoryThrottle, createMemoryThrottleStore } from './throttle.js'
export type { MemoryThrottleOptions, MemoryThrottleStoreOptions } from './throttle.js'
export { memoryLiveRevocations } from './live-revocations.js'
export { liveRevocations } from '../kit/live-revocations.js'
export type {
  LiveRevocations,
  LiveRevocationsOptions,
  LiveRevocationsStatus,
  RevocationFeed,
  RevocationFeedListener,
  RevocationSink,
} from '../kit/live-revocations.js'
export type * from '../store.js'
