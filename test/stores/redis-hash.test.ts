import { describe, expect, it } from 'vitest'
import { pairs, recordOf, toRecord } from '../../src/stores/redis/hash.js'
import { withTimeout } from '../../src/stores/kit/guard.js'
import { StoreUnavailableError } from '../../src/errors.js'

const FLAT = [
  'createdAt',
  '1000',
  'lastSeenAt',
  '2000',
  'expiresAt',
  '3000',
  'absoluteExpiresAt',
  '4000',
  'userId',
  'u1',
  'ip',
  '127.0.0.1',
  'd:name',
  '"alice"',
  'd:roles',
  '["admin"]',
  'd:__proto__',
  '{"polluted":true}',
]

describe('Redis hash replies', () => {
  it('reads a flat HGETALL reply straight into the same record as via pairs', () => {
    const direct = recordOf(FLAT)
    expect(direct).toEqual(toRecord(pairs(FLAT)))
    expect(direct).toMatchObject({
      createdAt: 1000,
      lastSeenAt: 2000,
      expiresAt: 3000,
      absoluteExpiresAt: 4000,
      userId: 'u1',
      userAgent: null,
      ip: '127.0.0.1',
    })
    expect(direct?.data.name).toBe('alice')
    expect(direct?.data.roles).toEqual(['admin'])
    // `__proto__` is an own key, never the prototype.
    expect(Object.getPrototypeOf(direct?.data)).toBe(Object.prototype)
    expect(Object.keys(direct!.data)).toContain('__proto__')
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it('reads Map and object replies (RESP3), Buffers, and refuses a hash without a deadline', () => {
    const map = new Map<string, unknown>()
    for (let i = 0; i < FLAT.length; i += 2) map.set(FLAT[i]!, Buffer.from(FLAT[i + 1]!))
    expect(recordOf(map)).toEqual(recordOf(FLAT))
    expect(recordOf(Object.fromEntries(map))).toEqual(recordOf(FLAT))
    expect(recordOf(['createdAt', '1', 'd:x', '1'])).toBeUndefined()
    expect(recordOf([])).toBeUndefined()
    expect(recordOf(null)).toBeUndefined()
  })
})

describe('withTimeout', () => {
  it('passes a value through, and turns errors, throws and time-outs into StoreUnavailableError', async () => {
    await expect(withTimeout('test store', 1000, async () => 7)).resolves.toBe(7)
    const failed = withTimeout('test store', 1000, () => Promise.reject(new Error('boom')))
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError)
    await expect(failed).rejects.toThrow('The test store failed.')
    const thrown = withTimeout('test store', 1000, () => {
      throw new Error('sync')
    })
    await expect(thrown).rejects.toBeInstanceOf(StoreUnavailableError)
    const own = new StoreUnavailableError('mine')
    await expect(withTimeout('test store', 1000, () => Promise.reject(own))).rejects.toBe(own)
    const hung = withTimeout('test store', 20, () => new Promise<never>(() => {}))
    await expect(hung).rejects.toThrow('The test store did not answer in 20 ms.')
    const late = withTimeout('test store', 20, () => new Promise((r) => setTimeout(r, 60, 'late')))
    await expect(late).rejects.toBeInstanceOf(StoreUnavailableError)
  })
})
