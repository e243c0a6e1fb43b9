import { availableParallelism } from 'node:os'

import type * as argon2 from '@node-rs/argon2'
import { hash as argon2Hash, verify as argon2Verify, parseOptions } from '@node-rs/argon2'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { createHashLimiter, defaultHashLimiter } from '../../../src/crypto/hash-limiter.js'
import {
  DEFAULT_ARGON2_PARAMS,
  MIN_ARGON2_PARAMS,
  dummyVerify,
  hashPassword,
  needsRehash,
  verifyPassword,
  type PasswordHashOptions,
} from '../../../src/crypto/password.js'
import { ConfigError, PasswordPolicyError } from '../../../src/errors.js'

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<Argon2Module>()
  return { ...real, hash: vi.fn(real.hash), verify: vi.fn(real.verify) }
})

const realArgon2 = await vi.importActual<Argon2Module>('@node-rs/argon2')
type Argon2Module = typeof argon2
const hashSpy = vi.mocked(argon2Hash)
const verifySpy = vi.mocked(argon2Verify)

/** The OWASP floor: the cheapest parameters validation accepts, ~10 ms per hash. */
const FAST: PasswordHashOptions = { ...MIN_ARGON2_PARAMS }
const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

beforeEach(() => {
  hashSpy.mockClear()
  verifySpy.mockClear()
})

describe('hashPassword and verifyPassword', () => {
  it('CL-35 hashes with argon2id m=65536,t=3,p=4, a 16-byte salt and a 32-byte tag by default', async () => {
    const stored = await hashPassword('correct horse battery staple')
    const [, m, t, p, salt, tag] = PHC.exec(stored) ?? []
    expect([Number(m), Number(t), Number(p)]).toEqual([65536, 3, 4])
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16)
    expect(Buffer.from(tag!, 'base64')).toHaveLength(32)
    expect(DEFAULT_ARGON2_PARAMS).toEqual({ memoryCost: 65536, timeCost: 3, parallelism: 4 })
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false)
  })

  it('CL-35 salts every hash: the same password hashes differently each time', async () => {
    const a = await hashPassword('same password', FAST)
    const b = await hashPassword('same password', FAST)
    expect(a).not.toBe(b)
    expect(a).toMatch(PHC)
    expect(parseOptions(a)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 })
    expect(await verifyPassword(a, 'same password', FAST)).toBe(true)
    expect(await verifyPassword(b, 'same password', FAST)).toBe(true)
  })

  it('CL-35 refuses parameters below the OWASP floor m=19456, t=2, p=1', async () => {
    await expect(hashPassword('x'.repeat(10), { memoryCost: 19455 })).rejects.toThrow(ConfigError)
    await expect(hashPassword('x'.repeat(10), { timeCost: 1 })).rejects.toThrow(ConfigError)
    await expect(hashPassword('x'.repeat(10), { parallelism: 0 })).rejects.toThrow(ConfigError)
    await expect(hashPassword('x'.repeat(10), { timeCost: 2.5 })).rejects.toThrow(ConfigError)
    await expect(
      hashPassword('x'.repeat(10), { ...FAST, pepper: new Uint8Array(8) }),
    ).rejects.toThrow(ConfigError)
    expect(hashSpy).not.toHaveBeenCalled()
  })

  it('verifies with a pepper only when the same pepper is given', async () => {
    const pepper = new Uint8Array(32).fill(7)
    const stored = await hashPassword('peppered password', { ...FAST, pepper })
    expect(await verifyPassword(stored, 'peppered password', { ...FAST, pepper })).toBe(true)
    expect(await verifyPassword(stored, 'peppered password', FAST)).toBe(false)
  })

  it('CL-37 verifies the whole password: no truncation, no case folding', async () => {
    const long = Array.from({ length: 100 }, (_, i) => 'abcdefghij'[i % 10]).join('')
    const stored = await hashPassword(long, FAST)
    expect(await verifyPassword(stored, long, FAST)).toBe(true)
    expect(await verifyPassword(stored, long.slice(0, 99), FAST)).toBe(false)
    expect(await verifyPassword(stored, long.slice(0, 72), FAST)).toBe(false)
    expect(await verifyPassword(stored, long.toUpperCase(), FAST)).toBe(false)
  })

  it('CL-37 treats composed and decomposed Unicode as the same password (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9 au lait', FAST)
    expect(await verifyPassword(stored, 'cafe\u0301 au lait', FAST)).toBe(true)
    const wide = await hashPassword('\uff50\uff41\uff53\uff53 phrase', FAST) // fullwidth "pass"
    expect(await verifyPassword(wide, 'pass phrase', FAST)).toBe(true)
  })

  it('CL-37 accepts 64 characters and 1 024 bytes, refuses 1 025 bytes before any hashing', async () => {
    expect(await hashPassword('\u{1F511}'.repeat(64), FAST)).toMatch(PHC) // 64 chars, 256 bytes
    const max = 'a'.repeat(1024)
    const stored = await hashPassword(max, FAST)
    expect(await verifyPassword(stored, max, FAST)).toBe(true)
    hashSpy.mockClear()
    verifySpy.mockClear()
    await expect(hashPassword('a'.repeat(1025), FAST)).rejects.toThrow(PasswordPolicyError)
    await expect(hashPassword('\u00e9'.repeat(513), FAST)).rejects.toThrow(PasswordPolicyError)
    await expect(verifyPassword(stored, 'a'.repeat(1025), FAST)).rejects.toThrow(
      PasswordPolicyError,
    )
    await expect(dummyVerify('a'.repeat(1025), FAST)).rejects.toThrow(PasswordPolicyError)
    expect(hashSpy).not.toHaveBeenCalled()
    expect(verifySpy).not.toHaveBeenCalled()
  })

  it('CL-37 refuses a 1 MB password in well under 100 ms with no KDF call', async () => {
    const huge = 'x'.repeat(1024 * 1024)
    const started = performance.now()
    await expect(verifyPassword('$argon2id$v=19$m=1,t=1,p=1$a$b', huge)).rejects.toThrow(
      PasswordPolicyError,
    )
    await expect(hashPassword(huge)).rejects.toThrow(PasswordPolicyError)
    expect(performance.now() - started).toBeLessThan(100)
    expect(hashSpy).not.toHaveBeenCalled()
    expect(verifySpy).not.toHaveBeenCalled()
  })
  it('CL-41 rejects a hash that passes the format check but that argon2 cannot decode, with a dummy verify', async () => {
    // A 21-character salt matches the PHC pattern, but is not valid base64 (length ≡ 1 mod 4).
    const undecodable = '$argon2id$v=19$m=19456,t=2,p=1$' + 'A'.repeat(21) + '$' + 'B'.repeat(43)
    await expect(realArgon2.verify(undecodable, 'some password')).rejects.toThrow()
    verifySpy.mockClear()
    await expect(verifyPassword(undecodable, 'some password', FAST)).resolves.toBe(false)
    expect(verifySpy).toHaveBeenCalledTimes(2) // the failed decode, then the dummy verify
    expect(verifySpy.mock.calls[1]![0]).not.toBe(undecodable)
  })
})

describe('needsRehash', () => {
  it('CL-36 flags a weaker legacy hash, which still verifies so the login can upgrade it', async () => {
    const legacy = await argon2Hash('old password', { memoryCost: 8192, timeCost: 1 })
    expect(needsRehash(legacy)).toBe(true)
    expect(needsRehash(legacy, FAST)).toBe(true)
    expect(await verifyPassword(legacy, 'old password', FAST)).toBe(true)
    const upgraded = await hashPassword('old password', FAST)
    expect(needsRehash(upgraded, FAST)).toBe(false)
    expect(needsRehash(upgraded)).toBe(true) // the defaults are stronger than the floor
  })

  it('CL-36 keeps current and stronger hashes, and flags other algorithms and garbage', () => {
    const current = '$argon2id$v=19$m=65536,t=3,p=4$' + 'A'.repeat(22) + '$' + 'B'.repeat(43)
    const stronger = '$argon2id$v=19$m=131072,t=4,p=4$' + 'A'.repeat(22) + '$' + 'B'.repeat(43)
    expect(needsRehash(current)).toBe(false)
    expect(needsRehash(stronger)).toBe(false)
    expect(needsRehash(current.replace('argon2id', 'argon2i'))).toBe(true)
    expect(needsRehash(current.replace('v=19', 'v=16'))).toBe(true)
    expect(needsRehash(current.replace('p=4', 'p=2'))).toBe(true)
    expect(needsRehash(current.replace('A'.repeat(22), 'A'.repeat(11)))).toBe(true) // 8-byte salt
    expect(needsRehash('$2b$12$' + 'a'.repeat(53))).toBe(true) // bcrypt
    expect(needsRehash('$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA')).toBe(true)
    expect(needsRehash('')).toBe(true)
    expect(needsRehash('!disabled')).toBe(true)
  })
  it('CL-36 flags a hash whose memory cost alone is below policy (m=32768,t=3,p=4)', () => {
    const salt = 'A'.repeat(22)
    const tag = 'B'.repeat(43)
    expect(needsRehash(`$argon2id$v=19$m=32768,t=3,p=4$${salt}$${tag}`)).toBe(true)
    expect(needsRehash(`$argon2id$v=19$m=65536,t=2,p=4$${salt}$${tag}`)).toBe(true) // time alone
    expect(needsRehash(`$argon2id$v=19$m=65536,t=3,p=4$${salt}$${'B'.repeat(22)}`)).toBe(true) // 16-byte tag
    expect(needsRehash(`$argon2id$v=19$m=65536,t=3,p=4$${salt}$${tag}`)).toBe(false)
  })
})

describe('dummyVerify', () => {
  it('CL-41 runs argon2 with the same parameters and input as a real verify', async () => {
    const options: PasswordHashOptions = { memoryCost: 20480, timeCost: 2, parallelism: 2 }
    const stored = await hashPassword('the real password', options)
    verifySpy.mockClear()
    expect(await verifyPassword(stored, 'a wrong password', options)).toBe(false)
    expect(await dummyVerify('a wrong password', options)).toBe(false)
    expect(verifySpy).toHaveBeenCalledTimes(2)
    const [real, dummy] = verifySpy.mock.calls
    const paramsOf = (phc: unknown) => {
      const { algorithm, version, memoryCost, timeCost, parallelism, outputLen, saltLen } =
        parseOptions(phc as string)
      return { algorithm, version, memoryCost, timeCost, parallelism, outputLen, saltLen }
    }
    expect(paramsOf(dummy![0])).toEqual(paramsOf(real![0]))
    expect(paramsOf(dummy![0])).toMatchObject({ memoryCost: 20480, timeCost: 2, parallelism: 2 })
    expect(Buffer.from(dummy![1] as Uint8Array)).toEqual(Buffer.from(real![1] as Uint8Array))
    expect(dummy![0]).not.toBe(real![0])
  })

  it('CL-41 gives unusable stored hashes (disabled, legacy, corrupt) a dummy verify too', async () => {
    for (const unusable of ['', '!disabled', '$2b$12$' + 'a'.repeat(53), '$argon2id$v=19$m=x']) {
      verifySpy.mockClear()
      expect(await verifyPassword(unusable, 'some password', FAST)).toBe(false)
      expect(verifySpy).toHaveBeenCalledTimes(1)
      expect(parseOptions(verifySpy.mock.calls[0]![0] as string)).toMatchObject({
        memoryCost: 19456,
        timeCost: 2,
        parallelism: 1,
      })
    }
  })

  it('CL-41 takes about as long as a real failed verify (loose: at least half the median)', async () => {
    const stored = await hashPassword('the real password')
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const real: number[] = []
    const dummy: number[] = []
    for (let i = 0; i < 5; i += 1) {
      let t = performance.now()
      await verifyPassword(stored, 'wrong')
      real.push(performance.now() - t)
      t = performance.now()
      await dummyVerify('wrong')
      dummy.push(performance.now() - t)
    }
    expect(median(dummy)).toBeGreaterThan(median(real) / 2)
  })
})

describe('the hashing concurrency bound', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('CL-71 never runs more than maxConcurrent hashes at once', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 2, queueTimeoutMs: 60_000 })
    let running = 0
    let peak = 0
    hashSpy.mockImplementation(async (...args) => {
      running += 1
      peak = Math.max(peak, running)
      try {
        return await realArgon2.hash(...args)
      } finally {
        running -= 1
      }
    })
    try {
      const hashes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          hashPassword(`password number ${i}`, { ...FAST, limiter }),
        ),
      )
      expect(new Set(hashes).size).toBe(6)
      expect(peak).toBe(2)
      expect(limiter.active).toBe(0)
    } finally {
      hashSpy.mockImplementation(realArgon2.hash)
    }
  })

  it('CL-71 shares one process-wide limiter sized to the CPU count by default', () => {
    expect(defaultHashLimiter()).toBe(defaultHashLimiter())
    expect(defaultHashLimiter().maxConcurrent).toBe(availableParallelism())
  })

  it('CL-71 fails a hash that waits past the 2 s queue timeout with PasswordHashBusyError', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const limiter = createHashLimiter({ maxConcurrent: 1 })
    let release!: () => void
    const blocker = limiter.run(() => new Promise<void>((resolve) => (release = resolve)))
    const waiting = hashPassword('queued password', { ...FAST, limiter })
    const outcome = waiting.then(
      () => 'hashed',
      (err: unknown) => err,
    )
    await vi.advanceTimersByTimeAsync(1999)
    expect(limiter.queued).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    const err = await outcome
    expect(err).toMatchObject({ name: 'PasswordHashBusyError', code: 'ERR_PASSWORD_HASH_BUSY' })
    expect(limiter.queued).toBe(0)
    release()
    await blocker
    expect(limiter.active).toBe(0)
    expect(hashSpy).not.toHaveBeenCalled()
  })

  it('CL-71 refuses at once when the queue is full, and serves waiters in order after that', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 60_000 })
    const order: string[] = []
    let release!: () => void
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)))
    const second = limiter.run(() => {
      order.push('second')
      return Promise.resolve('second')
    })
    await expect(limiter.run(() => Promise.resolve('third'))).rejects.toMatchObject({
      code: 'ERR_PASSWORD_HASH_BUSY',
    })
    expect([limiter.active, limiter.queued]).toEqual([1, 1])
    release()
    await first
    expect(await second).toBe('second')
    expect(order).toEqual(['second'])
    expect([limiter.active, limiter.queued]).toEqual([0, 0])
  })

  it('CL-71 releases the slot when a task throws', async () => {
    const limiter = createHashLimiter({ maxConcurrent: 1 })
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await limiter.run(() => Promise.resolve(42))).toBe(42)
    expect(limiter.active).toBe(0)
  })

  it('CL-71 validates its options', () => {
    expect(() => createHashLimiter({ maxConcurrent: 0 })).toThrow(ConfigError)
    expect(() => createHashLimiter({ queueTimeoutMs: -1 })).toThrow(ConfigError)
    expect(() => createHashLimiter({ maxQueue: 1.5 })).toThrow(ConfigError)
  })
})
