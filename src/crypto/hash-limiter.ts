/**
 * A bound on how many password hashes run at once in this process (checklist CL-71). Each
 * argon2id computation holds `memoryCost` KiB (64 MiB by default) for its whole run, so a burst
 * of logins must queue instead of allocating without limit. A queued task that waits longer than
 * `queueTimeoutMs`, or that finds the queue full, fails with `PasswordHashBusyError`; the app
 * answers 503 (or 429) with `Retry-After`.
 *
 * ```ts
 * import { createHashLimiter } from 'tessera-session/crypto'
 * ```
 *
 * @module
 */

import { ConfigError, PasswordHashBusyError } from '../errors.js'
import { availableParallelism } from '../internal/node-crypto.js'

/** A lane of {@link createHashLimiter}: its own queue, and slots no other lane may take. */
export interface HashLaneOptions {
  /**
   * Slots kept for this lane: other lanes never use them, so this lane's tasks never wait behind
   * theirs. The lanes' reserved slots add up to at most `maxConcurrent`.
   * @default 0
   */
  reserved?: number
  /**
   * How many of this lane's hashes may wait at once; one more fails at once with
   * `PasswordHashBusyError`. Other lanes' waiters do not count.
   * @default the limiter's `maxQueue`
   */
  maxQueue?: number
}

/** Options of {@link createHashLimiter}. */
export interface HashLimiterOptions {
  /**
   * How many hashes may run at once, all lanes together. Memory in use stays below about
   * `maxConcurrent × memoryCost`.
   * @default os.availableParallelism()
   */
  maxConcurrent?: number
  /**
   * How long a hash may wait for a free slot before it fails with `PasswordHashBusyError`.
   * @default 2000
   */
  queueTimeoutMs?: number
  /**
   * How many hashes may wait at once in one lane; one more fails at once with
   * `PasswordHashBusyError`.
   * @default 32 × maxConcurrent
   */
  maxQueue?: number
  /**
   * Named lanes, so one kind of work cannot starve another: each has its own queue and may
   * reserve slots. When a slot frees, the lanes are served in the order declared here, then the
   * `default` lane (tasks with no lane, or a lane not declared here). The password functions use
   * `verify` (`verifyPassword`, `dummyVerify`) and `hash` (`hashPassword`).
   * @default {} — one `default` lane (the default limiter declares `verify` and `hash`)
   */
  lanes?: Readonly<Record<string, HashLaneOptions>>
}

/** Runs password hashes with bounded concurrency. */
export interface HashLimiter {
  /**
   * Runs `task` when a slot is free for `lane`; rejects with `PasswordHashBusyError` when it
   * can't. A lane the limiter does not declare runs in its `default` lane.
   */
  run<T>(task: () => Promise<T>, lane?: string): Promise<T>
  /** Tasks running now. */
  readonly active: number
  /** Tasks waiting for a slot now. */
  readonly queued: number
  /** The resolved `maxConcurrent`. */
  readonly maxConcurrent: number
  /** The slots reserved for `lane` (0 for an undeclared lane). */
  reserved(lane: string): number
}

interface Waiter {
  resolve(): void
  timer: ReturnType<typeof setTimeout>
}

interface Lane {
  readonly reserved: number
  readonly maxQueue: number
  active: number
  readonly queue: Waiter[]
}

const DEFAULT_LANE = 'default'

/**
 * Creates a limiter. Password functions share one process-wide limiter by default
 * ({@link defaultHashLimiter}); pass your own through their `limiter` option to size it.
 *
 * A task may start when its lane has a reserved slot free, or when a shared slot (one no lane
 * reserves) is free.
 *
 * @example
 * ```ts
 * const limiter = createHashLimiter({
 *   maxConcurrent: 4,
 *   queueTimeoutMs: 1000,
 *   lanes: { verify: { reserved: 2 }, hash: {} }, // sign-up can't starve login
 * })
 * await hashPassword('correct horse battery staple', { limiter })
 * ```
 */
export function createHashLimiter(options: HashLimiterOptions = {}): HashLimiter {
  const maxConcurrent = options.maxConcurrent ?? availableParallelism()
  const queueTimeoutMs = options.queueTimeoutMs ?? 2000
  const maxQueue = options.maxQueue ?? 32 * maxConcurrent
  if (!Number.isSafeInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new ConfigError('maxConcurrent must be a positive integer.')
  }
  if (!Number.isFinite(queueTimeoutMs) || queueTimeoutMs < 0) {
    throw new ConfigError('queueTimeoutMs must be a non-negative number of milliseconds.')
  }
  if (!Number.isSafeInteger(maxQueue) || maxQueue < 0) {
    throw new ConfigError('maxQueue must be a non-negative integer.')
  }

  const lanes = new Map<string, Lane>()
  let reservedTotal = 0
  const declared = options.lanes ?? {}
  if (declared === null || typeof declared !== 'object') {
    throw new ConfigError('lanes must be an object of { reserved?, maxQueue? } by lane name.')
  }
  for (const [name, lane] of Object.entries(declared)) {
    const reserved = lane?.reserved ?? 0
    const laneQueue = lane?.maxQueue ?? maxQueue
    if (!Number.isSafeInteger(reserved) || reserved < 0) {
      throw new ConfigError(`Hash lane ${name}: reserved must be a non-negative integer.`)
    }
    if (!Number.isSafeInteger(laneQueue) || laneQueue < 0) {
      throw new ConfigError(`Hash lane ${name}: maxQueue must be a non-negative integer.`)
    }
    reservedTotal += reserved
    lanes.set(name, { reserved, maxQueue: laneQueue, active: 0, queue: [] })
  }
  if (reservedTotal > maxConcurrent) {
    throw new ConfigError('The lanes reserve more slots than maxConcurrent.')
  }
  if (!lanes.has(DEFAULT_LANE)) {
    lanes.set(DEFAULT_LANE, { reserved: 0, maxQueue, active: 0, queue: [] })
  }
  const shared = maxConcurrent - reservedTotal
  /** Shared slots in use: a lane's tasks beyond its reserved slots. */
  let sharedActive = 0
  let active = 0
  let queued = 0

  const laneOf = (name: string | undefined): Lane =>
    lanes.get(name ?? DEFAULT_LANE) ?? lanes.get(DEFAULT_LANE)!

  /** Takes a slot for `lane` if one is free now. */
  function tryStart(lane: Lane): boolean {
    if (lane.active < lane.reserved) {
      lane.active += 1
      active += 1
      return true
    }
    if (sharedActive < shared) {
      lane.active += 1
      sharedActive += 1
      active += 1
      return true
    }
    return false
  }

  function acquire(lane: Lane): Promise<void> {
    if (lane.queue.length === 0 && tryStart(lane)) return Promise.resolve()
    if (lane.queue.length >= lane.maxQueue) return Promise.reject(new PasswordHashBusyError())
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const at = lane.queue.indexOf(waiter)
          if (at === -1) return
          lane.queue.splice(at, 1)
          queued -= 1
          reject(new PasswordHashBusyError())
        }, queueTimeoutMs),
      }
      waiter.timer.unref?.()
      lane.queue.push(waiter)
      queued += 1
    })
  }

  function release(lane: Lane): void {
    if (lane.active > lane.reserved) sharedActive -= 1
    lane.active -= 1
    active -= 1
    // Hand free slots to waiters, lanes in declaration order (`default` last unless declared).
    for (const candidate of lanes.values()) {
      while (candidate.queue.length > 0 && tryStart(candidate)) {
        const next = candidate.queue.shift()!
        queued -= 1
        clearTimeout(next.timer)
        next.resolve()
      }
    }
  }

  return {
    async run<T>(task: () => Promise<T>, name?: string): Promise<T> {
      const lane = laneOf(name)
      await acquire(lane)
      try {
        return await task()
      } finally {
        release(lane)
      }
    },
    get active() {
      return active
    },
    get queued() {
      return queued
    },
    maxConcurrent,
    reserved: (name) => lanes.get(name)?.reserved ?? 0,
  }
}

let shared: HashLimiter | undefined

/**
 * The process-wide limiter the password functions use when no `limiter` is given: created on
 * first use with `os.availableParallelism()` slots, a 2 s queue timeout, and two lanes —
 * `verify` (logins) with half the slots (rounded down) reserved, then `hash` (sign-up, password
 * change, rehash) — so a flood of sign-ups can neither fill the logins' queue nor take all slots.
 * On a single-CPU host nothing can be reserved; `verify` is still served first with its own queue.
 */
export function defaultHashLimiter(): HashLimiter {
  shared ??= createHashLimiter({
    lanes: { verify: { reserved: Math.floor(availableParallelism() / 2) }, hash: {} },
  })
  return shared
}
