/**
 * The store kit's shared pieces on their own: the error guard every backend call goes through
 * (CL-72, CL-73), the patch every store applies, the option checks every SQL store makes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'

import { ConfigError, StoreUnavailableError } from '../../../src/errors.js'
import { guardSync, withTimeout } from '../../../src/stores/kit/guard.js'
import {
  checkPositiveInteger,
  sqlTableName,
  startPurgeTimer,
} from '../../../src/stores/kit/options.js'
import { applyPatch, clampDeadline, touchesData } from '../../../src/stores/kit/patch.js'

afterEach(() => {
  vi.useRealTimers()
})

/** What a promise settled to, without letting a rejection escape. */
const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )

describe('withTimeout', () => {
  it('passes the value through and leaves no timer behind', async () => {
    vi.useFakeTimers()
    const result = withTimeout('redis session store', 1000, () => Promise.resolve(42))
    await expect(result).resolves.toBe(42)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('CL-73 turns a call that does not settle in time into StoreUnavailableError', async () => {
    vi.useFakeTimers()
    let answer: (value: string) => void = () => undefined
    const result = settle(
      withTimeout('redis session store', 250, () => new Promise<string>((r) => (answer = r))),
    )
    await vi.advanceTimersByTimeAsync(249)
    answer('late')
    // Answered before the deadline: the value, whatever comes after.
    expect(await result).toEqual({ value: 'late' })

    const hung = settle(
      withTimeout('redis session store', 250, () => new Promise<string>(() => {})),
    )
    await vi.advanceTimersByTimeAsync(250)
    const { error } = (await hung) as { error: StoreUnavailableError }
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect(error.message).toBe('The redis session store did not answer in 250 ms.')
  })

  it('CL-73 keeps the time-out when the call answers after it', async () => {
    vi.useFakeTimers()
    let answer: (value: string) => void = () => undefined
    let refuse: (error: Error) => void = () => undefined
    const late = settle(withTimeout('s', 10, () => new Promise<string>((r) => (answer = r))))
    const lateError = settle(
      withTimeout('s', 10, () => new Promise<string>((_, reject) => (refuse = reject))),
    )
    await vi.advanceTimersByTimeAsync(10)
    answer('too late')
    refuse(new Error('too late'))
    for (const outcome of [await late, await lateError]) {
      expect((outcome as { error: Error }).error.message).toBe('The s did not answer in 10 ms.')
    }
  })

  it('CL-72 wraps a driver error, keeping it as the cause, and clears the timer', async () => {
    vi.useFakeTimers()
    const driver = new Error('connect ECONNREFUSED 127.0.0.1:6379')
    const { error } = (await settle(
      withTimeout('Redis revocation store', 1000, () => Promise.reject(driver)),
    )) as { error: StoreUnavailableError }
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect(error.message).toBe('The Redis revocation store failed.')
    expect(error.cause).toBe(driver)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('CL-72 wraps an error thrown before any promise, and passes its own error through', async () => {
    const thrown = new TypeError('bad argument')
    const sync = (await settle(
      withTimeout('kv store', 1000, () => {
        throw thrown
      }),
    )) as { error: StoreUnavailableError }
    expect(sync.error.message).toBe('The kv store failed.')
    expect(sync.error.cause).toBe(thrown)
    const own = new StoreUnavailableError('The primary is read-only.')
    const passed = (await settle(withTimeout('kv store', 1000, () => Promise.reject(own)))) as {
      error: unknown
    }
    expect(passed.error).toBe(own)
  })
})

describe('guardSync', () => {
  const fails = (err: unknown) => {
    try {
      guardSync('SQLite session store', () => {
        throw err
      })
    } catch (caught) {
      return caught as StoreUnavailableError
    }
    throw new Error('guardSync did not throw')
  }

  it('returns what the call returns', () => {
    expect(guardSync('SQLite session store', () => 'row')).toBe('row')
  })

  it("CL-72 names a driver's SQLITE_ code, never its message, and keeps the error as cause", () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
    const error = fails(busy)
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect(error.message).toBe('The SQLite session store failed (SQLITE_BUSY).')
    expect(error.cause).toBe(busy)
    const full = Object.assign(new Error('x'), { code: 'SQLITE_IOERR_SHORT_READ' })
    expect(fails(full).message).toBe('The SQLite session store failed (SQLITE_IOERR_SHORT_READ).')
  })

  it('CL-72 leaves out any other code, or one with text around it', () => {
    for (const code of [
      'ECONNRESET',
      'sqlite_busy',
      'xSQLITE_BUSY',
      'SQLITE_BUSY!',
      'SQLITE_',
      42,
    ]) {
      const error = fails(Object.assign(new Error('m'), { code }))
      expect(error.message, String(code)).toBe('The SQLite session store failed.')
    }
    expect(fails(null).message).toBe('The SQLite session store failed.')
    expect(fails('text').cause).toBe('text')
  })

  it("passes tessera's own errors through unchanged", () => {
    const own = new ConfigError('bad')
    expect(fails(own)).toBe(own)
  })
})

describe('applyPatch', () => {
  it('sets, deletes, increments and clears, in that order, without touching the input', () => {
    const data = { a: 1, b: 'x', n: 2 }
    expect(
      applyPatch(data, { set: { c: true }, delete: ['b'], increment: { n: 3, m: 1 } }),
    ).toEqual({ a: 1, c: true, n: 5, m: 1 })
    expect(applyPatch(data, { clear: true, set: { z: 0 } })).toEqual({ z: 0 })
    expect(applyPatch(data, { clear: false })).toEqual(data)
    expect(data).toEqual({ a: 1, b: 'x', n: 2 })
    // An increment of a value that is not a number starts from 0.
    expect(applyPatch({ n: 'seven' }, { increment: { n: 2 } })).toEqual({ n: 2 })
  })

  it('CL-68 keeps a "__proto__" key as plain data, never as the prototype', () => {
    const set = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>
    const next = applyPatch({}, { set })
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype)
    expect(Object.keys(next)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(next, '__proto__')).toEqual({
      value: { polluted: true },
      writable: true,
      enumerable: true,
      configurable: true,
    })
    expect((next as { polluted?: unknown }).polluted).toBeUndefined()
    // Carried over from the stored data the same way.
    const again = applyPatch(next, { set: { b: 1 } })
    expect(Object.keys(again)).toEqual(['__proto__', 'b'])
    expect(Object.getPrototypeOf(again)).toBe(Object.prototype)
  })

  it('tells a patch that changes the data from one that only moves times or the user', () => {
    expect(touchesData({})).toBe(false)
    expect(touchesData({ clear: false, userId: 'u', lastSeenAt: 2 })).toBe(false)
    expect(touchesData({ clear: true })).toBe(true)
    expect(touchesData({ delete: [] })).toBe(true)
    expect(touchesData({ set: {} })).toBe(true)
    expect(touchesData({ increment: {} })).toBe(true)
  })

  it('clamps an idle deadline to the absolute one', () => {
    expect(clampDeadline(5, 9)).toBe(5)
    expect(clampDeadline(9, 5)).toBe(5)
  })
})

describe('SQL store options', () => {
  it('quotes a table name and gives its last part as the base', () => {
    expect(sqlTableName('SQLite', 'tessera_sessions', false)).toEqual({
      quoted: '"tessera_sessions"',
      base: 'tessera_sessions',
    })
    expect(sqlTableName('PostgreSQL', 'app.sessions', true)).toEqual({
      quoted: '"app"."sessions"',
      base: 'sessions',
    })
  })

  it('refuses other names, saying what is allowed and naming the option', () => {
    expect(() => sqlTableName('SQLite', 'app.sessions', false)).toThrow(
      new ConfigError(
        'SQLite store: `tableName` must be an identifier (letters, digits and _), got "app.sessions".',
      ),
    )
    expect(() => sqlTableName('PostgreSQL', 'app.bad-name', true, 'usersTable')).toThrow(
      new ConfigError(
        'PostgreSQL store: `usersTable` must be an identifier (letters, digits and _, ' +
          'optionally "schema.table"), got "app.bad-name".',
      ),
    )
    for (const bad of ['a.b.c', '1abc', '', 'x'.repeat(49), 'a;b']) {
      expect(() => sqlTableName('PostgreSQL', bad, true), bad).toThrow(ConfigError)
    }
    expect(sqlTableName('PostgreSQL', 'x'.repeat(48), true).base).toBe('x'.repeat(48))
  })

  it('takes positive integers only, naming the option and the value', () => {
    expect(checkPositiveInteger('SQLite', 'maxSessions', 1)).toBe(1)
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => checkPositiveInteger('SQLite', 'maxSessions', bad)).toThrow(
        `SQLite store: \`maxSessions\` must be a positive integer, got ${String(bad)}.`,
      )
    }
    expect(() =>
      startPurgeTimer(
        'SQLite',
        0,
        () => undefined,
        () => undefined,
      ),
    ).toThrow('SQLite store: `purgeInterval` must be a positive integer, got 0.')
  })

  it('purges on its interval, reports sync and async failures, and stops', async () => {
    vi.useFakeTimers()
    const errors: unknown[] = []
    const boom = new Error('sync')
    const outcomes: (() => unknown)[] = [
      () => 'ok',
      () => {
        throw boom
      },
      () => Promise.reject(new Error('async')),
    ]
    let calls = 0
    const stop = startPurgeTimer(
      'SQLite',
      100,
      () => outcomes[calls++ % outcomes.length]!(),
      (e) => errors.push(e),
    )
    await vi.advanceTimersByTimeAsync(99)
    expect(calls).toBe(0)
    await vi.advanceTimersByTimeAsync(201)
    expect(calls).toBe(3)
    expect(errors.map((e) => (e as Error).message)).toEqual(['sync', 'async'])
    stop()
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toBe(3)
  })
})
