import type * as argon2 from '@node-rs/argon2'
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import type { HashLimiter } from '../../../src/crypto/hash-limiter.js'
import {
  MIN_ARGON2_PARAMS,
  dummyVerify,
  hashPassword,
  needsRehash,
  verifyPassword,
  type PasswordHashOptions,
} from '../../../src/crypto/password.js'
import { ConfigError } from '../../../src/errors.js'

// The stored-hash format (PHC strings) and its bounds, CL-36 and CL-41: which stored hashes reach
// argon2, which get a dummy verification instead, and which need a rehash.

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<Argon2Module>()
  return { ...real, verify: vi.fn(real.verify) }
})

type Argon2Module = typeof argon2
const realArgon2 = await vi.importActual<Argon2Module>('@node-rs/argon2')
const verifySpy = vi.mocked(argon2Verify)

const FAST: PasswordHashOptions = { ...MIN_ARGON2_PARAMS }
const PASSWORD = 'legacy password'
const SALT = 'A'.repeat(22)
const TAG = 'B'.repeat(43)
const phc = (params: string): string => `$argon2id$v=19$${params}$${SALT}$${TAG}`

beforeEach(() => {
  verifySpy.mockClear()
})

describe('stored hashes that reach argon2', () => {
  it('CL-36 verifies a legacy v=16 hash and one with no version field, and flags both for rehash', async () => {
    const v16 = await argon2Hash(PASSWORD, { ...FAST, version: 0 })
    expect(v16).toContain('$v=16$')
    const versionless = v16.replace('v=16$', '')
    for (const stored of [v16, versionless]) {
      expect(await verifyPassword(stored, PASSWORD, FAST), stored).toBe(true)
      expect(needsRehash(stored, FAST), stored).toBe(true)
    }
  })

  it("CL-36 verifies hashes with any work factors down to argon2's own minimum", async () => {
    const weak = [
      { memoryCost: 8, timeCost: 1, parallelism: 1 }, // one-digit m and t
      { memoryCost: 16, timeCost: 1, parallelism: 2 }, // m = 8 × p, the least argon2 allows
    ]
    for (const params of weak) {
      const stored = await argon2Hash(PASSWORD, params)
      expect(await verifyPassword(stored, PASSWORD, FAST), stored).toBe(true)
      expect(await verifyPassword(stored, 'another password', FAST), stored).toBe(false)
      expect(needsRehash(stored, FAST)).toBe(true)
    }
  })

  it('CL-36 verifies an 8-byte salt, a 12-byte tag and a keyid parameter, and flags the short ones', async () => {
    const shortSalt = await argon2Hash(PASSWORD, { ...FAST, salt: Buffer.alloc(8, 1) })
    const shortTag = await argon2Hash(PASSWORD, { ...FAST, outputLen: 12 })
    const current = await argon2Hash(PASSWORD, FAST)
    const withKeyId = current.replace('p=1$', 'p=1,keyid=a2V5$')
    for (const stored of [shortSalt, shortTag, withKeyId]) {
      expect(await verifyPassword(stored, PASSWORD, FAST), stored).toBe(true)
    }
    expect(needsRehash(shortSalt, FAST)).toBe(true)
    expect(needsRehash(shortTag, FAST)).toBe(true)
    expect(needsRehash(withKeyId, FAST)).toBe(false)
  })
})

describe('stored hashes that get a dummy verification instead', () => {
  it('CL-41 refuses a tag under 12 bytes, though argon2 alone would accept it', async () => {
    const tiny = await argon2Hash(PASSWORD, { ...FAST, outputLen: 11 })
    expect(await realArgon2.verify(tiny, PASSWORD)).toBe(true)
    verifySpy.mockClear()
    expect(await verifyPassword(tiny, PASSWORD, FAST)).toBe(false)
    expect(verifySpy).toHaveBeenCalledTimes(1)
    expect(verifySpy.mock.calls[0]![0]).not.toBe(tiny)
  })

  it('CL-41 refuses a hash that is not a string (a BLOB column read as a Buffer)', async () => {
    const stored = Buffer.from(await argon2Hash(PASSWORD, FAST))
    expect(await realArgon2.verify(stored as unknown as string, PASSWORD)).toBe(true)
    verifySpy.mockClear()
    expect(await verifyPassword(stored as unknown as string, PASSWORD, FAST)).toBe(false)
    expect(verifySpy).toHaveBeenCalledTimes(1)
    expect(needsRehash(stored as unknown as string, FAST)).toBe(true)
  })

  it('CL-41 never hands argon2 a hash outside the bounds: only the dummy runs', async () => {
    for (const outside of [
      phc('m=8,t=0,p=1'), // no pass
      phc('m=8,t=1,p=0'), // no lane
      phc('m=15,t=1,p=2'), // under 8 KiB per lane
      phc('m=8,t=1001,p=1'), // over 1000 passes
      phc('m=2048,t=1,p=256'), // over 255 lanes
      phc('m=8,t=1,p=1').replace('v=19', 'v=18'), // an unknown version
      'x' + phc('m=8,t=1,p=1'), // something before the hash
      phc('m=8,t=1,p=1') + '!', // something after it
    ]) {
      verifySpy.mockClear()
      expect(await verifyPassword(outside, PASSWORD, FAST), outside).toBe(false)
      expect(verifySpy, outside).toHaveBeenCalledTimes(1)
      expect(verifySpy.mock.calls[0]![0], outside).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    }
  })

  it('CL-41 makes the dummy a well-formed argon2id hash that argon2 computes in full', async () => {
    await dummyVerify(PASSWORD, FAST)
    const [dummy, input] = verifySpy.mock.calls[0]!
    expect(dummy).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    )
    // It decodes and runs: argon2 answers "no match" rather than failing to parse it.
    await expect(realArgon2.verify(dummy as string, input as Uint8Array)).resolves.toBe(false)
  })
})

describe('needsRehash and the host-safety bounds', () => {
  const POLICY = { memoryCost: 65536, timeCost: 3, parallelism: 4 }

  it('CL-36 keeps a hash at the upper bounds and flags one past any of them as unparseable', () => {
    expect(needsRehash(phc('m=4194304,t=1000,p=255'), POLICY)).toBe(false)
    expect(needsRehash(phc('m=4194305,t=3,p=4'), POLICY)).toBe(true)
    expect(needsRehash(phc('m=65536,t=1001,p=4'), POLICY)).toBe(true)
    expect(needsRehash(phc('m=65536,t=3,p=256'), POLICY)).toBe(true)
  })

  it('CL-36 flags a hash with anything before or after the PHC string', () => {
    expect(needsRehash(phc('m=65536,t=3,p=4'), POLICY)).toBe(false)
    expect(needsRehash(' ' + phc('m=65536,t=3,p=4'), POLICY)).toBe(true)
    expect(needsRehash(phc('m=65536,t=3,p=4') + '$', POLICY)).toBe(true)
  })

  it('CL-35 accepts work factors up to m=4194304, t=1000, p=255 and names the one over', () => {
    expect(needsRehash(phc('m=65536,t=3,p=4'), { memoryCost: 4194304 })).toBe(true)
    expect(needsRehash(phc('m=65536,t=3,p=4'), { timeCost: 1000 })).toBe(true)
    expect(needsRehash(phc('m=65536,t=3,p=4'), { parallelism: 255 })).toBe(true)
    expect(() => needsRehash('', { memoryCost: 4194305 })).toThrow(/memoryCost must be at most/)
    expect(() => needsRehash('', { timeCost: 1001 })).toThrow(/timeCost must be at most/)
    expect(() => needsRehash('', { parallelism: 256 })).toThrow(/parallelism must be at most/)
    expect(() => needsRehash('', { timeCost: 1 })).toThrow(
      'argon2 timeCost must be an integer of at least 2 (OWASP floor m=19456, t=2, p=1).',
    )
  })

  it('CL-35 refuses a pepper that is not bytes, such as a string from the environment', async () => {
    const pepper = 'p'.repeat(40) as unknown as Uint8Array
    await expect(hashPassword(PASSWORD, { ...FAST, pepper })).rejects.toThrow(ConfigError)
    await expect(dummyVerify(PASSWORD, { ...FAST, pepper })).rejects.toThrow(/at least 32 bytes/)
  })
})

describe('the limiter lane of each password function', () => {
  function recordingLimiter(lanes: Array<string | undefined>): HashLimiter {
    return {
      run: (task, lane) => {
        lanes.push(lane)
        return task()
      },
      active: 0,
      queued: 0,
      maxConcurrent: 1,
      reserved: () => 0,
    }
  }

  it("CL-71 queues hashing in 'hash' and verification (real and dummy) in 'verify'", async () => {
    const lanes: Array<string | undefined> = []
    const options = { ...FAST, limiter: recordingLimiter(lanes) }
    const stored = await hashPassword(PASSWORD, options)
    await verifyPassword(stored, PASSWORD, options)
    await verifyPassword('', PASSWORD, options)
    await dummyVerify(PASSWORD, options)
    expect(lanes).toEqual(['hash', 'verify', 'verify', 'verify'])
  })

  it('CL-71 uses the lane the options name, for every function', async () => {
    const lanes: Array<string | undefined> = []
    const options = { ...FAST, limiter: recordingLimiter(lanes), lane: 'admin' }
    const stored = await hashPassword(PASSWORD, options)
    await verifyPassword(stored, PASSWORD, options)
    await dummyVerify(PASSWORD, options)
    expect(lanes).toEqual(['admin', 'admin', 'admin'])
  })
})
