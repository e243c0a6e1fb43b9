import { afterEach, describe, expect, it, vi } from 'vitest'

import { createHashLimiter, type HashLimiter } from '../../../src/crypto/hash-limiter.js'
import { ConfigError } from '../../../src/errors.js'

// The hashing concurrency bound (CL-71): its slots, lanes and queues, with tasks that finish when
// the test says so. password.test.ts covers it through hashPassword and verifyPassword.

interface Gate {
  /** Lets the task finish. */
  open(): void
  readonly done: Promise<unknown>
}

/** Runs a task that holds its slot until `open()`; `done` settles with its result or error. */
function hold(limiter: HashLimiter, lane?: string, log?: string[], name = lane ?? 'default'): Gate {
  let open!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  const done = limiter
    .run(async () => {
      log?.push(name)
      await gate
      return name
    }, lane)
    .catch((err: unknown) => err)
  return { open: () => open(), done }
}

const busy = { code: 'ERR_PASSWORD_HASH_BUSY' }
const flush = () => new Promise((resolve) => setImmediate(resolve))

afterEach(() => {
  vi.useRealTimers()
})

describe('createHashLimiter options', () => {
  it('CL-71 refuses options that are not whole, finite, non-negative numbers', () => {
    for (const maxConcurrent of [1.5, Number.NaN]) {
      expect(() => createHashLimiter({ maxConcurrent })).toThrow(/maxConcurrent/)
    }
    for (const queueTimeoutMs of [Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => createHashLimiter({ queueTimeoutMs })).toThrow(/queueTimeoutMs/)
    }
    expect(() => createHashLimiter({ maxQueue: -1 })).toThrow(/maxQueue must be/)
    expect(() => createHashLimiter({ queueTimeoutMs: 0, maxQueue: 0 })).not.toThrow()
  })

  it('CL-71 refuses lanes that are not an object, or whose numbers are not whole and non-negative', () => {
    const lanesOf = (lanes: unknown) => () =>
      createHashLimiter({ lanes: lanes as Record<string, never> })
    expect(lanesOf('verify')).toThrow(ConfigError)
    expect(lanesOf(5)).toThrow(/lanes must be an object/)
    for (const reserved of [-1, 0.5]) {
      expect(lanesOf({ verify: { reserved } })).toThrow(/verify: reserved must be/)
    }
    for (const maxQueue of [-1, 0.5]) {
      expect(lanesOf({ hash: { maxQueue } })).toThrow(/hash: maxQueue must be/)
    }
  })

  it('CL-71 lets the lanes reserve every slot, never more', () => {
    const lanes = { verify: { reserved: 1 }, hash: { reserved: 1 } }
    expect(createHashLimiter({ maxConcurrent: 2, lanes }).reserved('hash')).toBe(1)
    expect(() => createHashLimiter({ maxConcurrent: 1, lanes })).toThrow(/reserve more slots/)
  })

  it('CL-71 reports the reserved slots of a lane, 0 for the default and undeclared lanes', () => {
    const limiter = createHashLimiter({ maxConcurrent: 4, lanes: { verify: { reserved: 2 } } })
    expect(limiter.reserved('verify')).toBe(2)
    expect(limiter.reserved('default')).toBe(0)
    expect(limiter.reserved('unknown')).toBe(0)
    expect(limiter.maxConcurrent).toBe(4)
  })

  it('CL-71 takes a lane declared as undefined as one with the defaults', async () => {
    const lanes = { hash: undefined } as unknown as Record<string, never>
    const limiter = createHashLimiter({ maxConcurrent: 1, lanes })
    expect(await limiter.run(() => Promise.resolve('ran'), 'hash')).toBe('ran')
  })
})

describe('queues', () => {
  it('CL-71 lets 32 × maxConcurrent tasks wait by default, and refuses one more at once', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 2, queueTimeoutMs: 60_000 })
    const gates = Array.from({ length: 2 + 64 }, () => hold(limiter))
    expect([limiter.active, limiter.queued]).toEqual([2, 64])
    await expect(limiter.run(() => Promise.resolve('late'))).rejects.toMatchObject(busy)
    for (const gate of gates) gate.open()
    await Promise.all(gates.map((g) => g.done))
    expect([limiter.active, limiter.queued]).toEqual([0, 0])
  })

  it('CL-71 with maxQueue 0 runs a task when a slot is free and refuses any wait', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 1, maxQueue: 0, queueTimeoutMs: 60_000 })
    const first = hold(limiter)
    const second = hold(limiter)
    expect(limiter.queued).toBe(0) // refused at once, not after a wait
    expect(await second.done).toMatchObject(busy)
    first.open()
    expect(await first.done).toBe('default')
    expect(await limiter.run(() => Promise.resolve('third'))).toBe('third')
  })

  it("CL-71 counts a lane's own maxQueue against its own waiters only", async () => {
    const limiter = createHashLimiter({
      maxConcurrent: 1,
      maxQueue: 5,
      queueTimeoutMs: 60_000,
      lanes: { hash: { maxQueue: 1 } },
    })
    const running = hold(limiter)
    const hashWaiting = hold(limiter, 'hash')
    await expect(limiter.run(() => Promise.resolve(1), 'hash')).rejects.toMatchObject(busy)
    const defaultWaiting = hold(limiter)
    expect(limiter.queued).toBe(2)
    for (const gate of [running, hashWaiting, defaultWaiting]) gate.open()
    expect(await Promise.all([hashWaiting.done, defaultWaiting.done])).toEqual(['hash', 'default'])
  })

  it('CL-71 keeps the options of a declared default lane, which undeclared lanes share', async () => {
    const limiter = createHashLimiter({
      maxConcurrent: 1,
      queueTimeoutMs: 60_000,
      lanes: { default: { maxQueue: 0 } },
    })
    const running = hold(limiter)
    const refused = [hold(limiter), hold(limiter, 'other')]
    expect(limiter.queued).toBe(0) // both refused at once, not after a wait
    running.open()
    expect(await Promise.all(refused.map((g) => g.done))).toMatchObject([busy, busy])
    await running.done
  })

  it('CL-71 times out only the waiter whose time is up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const limiter = createHashLimiter({ maxConcurrent: 1, queueTimeoutMs: 1000 })
    const running = hold(limiter)
    const early = hold(limiter, undefined, undefined, 'early')
    await vi.advanceTimersByTimeAsync(500)
    const late = hold(limiter, undefined, undefined, 'late')
    await vi.advanceTimersByTimeAsync(500)
    expect(await early.done).toMatchObject(busy)
    expect(limiter.queued).toBe(1)
    running.open()
    await vi.advanceTimersByTimeAsync(0)
    late.open()
    expect(await late.done).toBe('late')
    expect([limiter.active, limiter.queued]).toEqual([0, 0])
  })
})

describe('lanes and reserved slots', () => {
  it('CL-71 keeps reserved slots for their lane: other lanes share only the rest', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 2, lanes: { verify: { reserved: 1 } } })
    const a = hold(limiter, 'hash')
    const b = hold(limiter, 'hash')
    expect([limiter.active, limiter.queued]).toEqual([1, 1])
    const login = hold(limiter, 'verify')
    expect([limiter.active, limiter.queued]).toEqual([2, 1])
    for (const gate of [a, b, login]) gate.open()
    await Promise.all([a.done, b.done, login.done])
  })

  it('CL-71 lets a lane use its reserved slots and then the shared ones, no more', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 3, lanes: { verify: { reserved: 2 } } })
    const logins = [hold(limiter, 'verify'), hold(limiter, 'verify'), hold(limiter, 'verify')]
    expect([limiter.active, limiter.queued]).toEqual([3, 0])
    const fourth = hold(limiter, 'verify')
    expect([limiter.active, limiter.queued]).toEqual([3, 1])
    for (const gate of [...logins, fourth]) gate.open()
    await Promise.all([...logins, fourth].map((g) => g.done))
    expect([limiter.active, limiter.queued]).toEqual([0, 0])
  })

  it('CL-71 gives a lane its shared slots back too, and the shared count stays right', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 2, lanes: { verify: { reserved: 1 } } })
    // Two logins: one in the reserved slot, one in the shared slot; both finish.
    const logins = [hold(limiter, 'verify'), hold(limiter, 'verify')]
    expect(limiter.active).toBe(2)
    for (const gate of logins) gate.open()
    await Promise.all(logins.map((g) => g.done))
    // The shared slot is free again, and only it: other lanes still get one slot, not two.
    const others = [hold(limiter, 'hash'), hold(limiter, 'hash'), hold(limiter)]
    expect([limiter.active, limiter.queued]).toEqual([1, 2])
    const login = hold(limiter, 'verify')
    expect([limiter.active, limiter.queued]).toEqual([2, 2])
    for (const gate of [...others, login]) gate.open()
    await Promise.all([...others, login].map((g) => g.done))
    expect([limiter.active, limiter.queued]).toEqual([0, 0])
  })

  it('CL-71 serves waiting lanes in the order declared, then the default lane', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 1, lanes: { verify: {}, hash: {} } })
    const order: string[] = []
    const running = hold(limiter, 'hash', order, 'running')
    const waiting = [hold(limiter, undefined, order), hold(limiter, 'hash', order)]
    waiting.push(hold(limiter, 'verify', order))
    for (const gate of waiting) gate.open()
    running.open()
    await Promise.all([running.done, ...waiting.map((g) => g.done)])
    await flush()
    expect(order).toEqual(['running', 'verify', 'hash', 'default'])
  })
})
