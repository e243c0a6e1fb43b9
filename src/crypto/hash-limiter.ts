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

import { availableParallelism } from 'node:os'

import { ConfigError, PasswordHashBusyError } from '../errors.js'

/** Options of {@link createHashLimiter}. */
export interface HashLimiterOptions {
  /**
   * How many hashes may run at once. Memory in use stays below about
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
   * How many hashes may wait at once; one more fails at once with `PasswordHashBusyError`.
   * @default 32 × maxConcurrent
   */
  maxQueue?: number
}

/** Runs password hashes with bounded concurrency. */
export interface HashLimiter {
  /** Runs `task` when a slot is free; rejects with `PasswordHashBusyError` when it can't. */
  run<T>(task: () => Promise<T>): Promise<T>
  /** Tasks running now. */
  readonly active: number
  /** Tasks waiting for a slot now. */
  readonly queued: number
  /** The resolved `maxConcurrent`. */
  readonly maxConcurrent: number
}

interface Waiter {
  resolve(): void
  timer: ReturnType<typeof setTimeout>
}

/**
 * Creates a limiter. Password functions share one process-wide limiter by default
 * ({@link defaultHashLimiter}); pass your own through their `limiter` option to size it.
 *
 * @example
 * ```ts
 * const limiter = createHashLimiter({ maxConcurrent: 2, queueTimeoutMs: 1000 })
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

  let active = 0
  const queue: Waiter[] = []

  function acquire(): Promise<void> {
    if (active < maxConcurrent) {
      active += 1
      return Promise.resolve()
    }
    if (queue.length >= maxQueue) return Promise.reject(new PasswordHashBusyError())
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const at = queue.indexOf(waiter)
          if (at === -1) return
          queue.splice(at, 1)
          reject(new PasswordHashBusyError())
        }, queueTimeoutMs),
      }
      waiter.timer.unref?.()
      queue.push(waiter)
    })
  }

  function release(): void {
    const next = queue.shift()
    if (next === undefined) {
      active -= 1
      return
    }
    // The slot passes straight to the next waiter: `active` stays the same.
    clearTimeout(next.timer)
    next.resolve()
  }

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      await acquire()
      try {
        return await task()
      } finally {
        release()
      }
    },
    get active() {
      return active
    },
    get queued() {
      return queue.length
    },
    maxConcurrent,
  }
}

let shared: HashLimiter | undefined

/**
 * The process-wide limiter the password functions use when no `limiter` is given: created on
 * first use with `os.availableParallelism()` slots and a 2 s queue timeout.
 */
export function defaultHashLimiter(): HashLimiter {
  shared ??= createHashLimiter()
  return shared
}
