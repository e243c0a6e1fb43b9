// Type tests: compiled by `tsc` (npm run typecheck), never run. Each `@ts-expect-error` must fail
// to compile, or tsc reports the directive as unused.
import type { SessionCookieOptions, SessionOptions } from '../../src/index.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import type { SessionStore } from '../../src/stores/store.js'

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const assert = <T extends true>(): T => true as T

// `cookie.spill` takes any session store, beside or without `maxChunks`.
assert<Equals<SessionCookieOptions['spill'], SessionStore | undefined>>()
const spill = memoryStore()
export const spilled: SessionOptions = { secret: 's', cookie: { spill } }
export const both: SessionOptions = { secret: 's', cookie: { spill, maxChunks: 2 } }

// @ts-expect-error a store name is not a store
export const named: SessionOptions = { secret: 's', cookie: { spill: 'memory' } }
// @ts-expect-error an object missing the store methods is not a store
export const partial: SessionOptions = { secret: 's', cookie: { spill: { name: 'x' } } }
