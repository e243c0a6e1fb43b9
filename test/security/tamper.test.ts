import * as zlib from 'node:zlib'
import { describe, expect, it, vi } from 'vitest'
import { createKeyRing } from '../../src/codec/keyring.js'
import { createSealedCodec } from '../../src/codec/sealed-codec.js'
import { createSessionManager } from '../../src/index.js'
import { cookieJar, request } from '../helpers/jar.js'
import { SECRET_A } from '../helpers/secrets.js'

vi.mock('node:zlib', async (importOriginal) => {
  const original = await importOriginal<typeof zlib>()
  return { ...original, inflateRawSync: vi.fn(original.inflateRawSync) }
})

const NOW = Date.UTC(2026, 5, 1)

describe('tampered cookies', () => {
  it('CL-18 parses and decompresses nothing before the tag verifies', () => {
    const codec = createSealedCodec({
      keys: createKeyRing(SECRET_A).keys('session'),
      cookieName: 'session',
    })
    const value = codec.seal({
      data: { text: 'ab'.repeat(1000) },
      createdAt: NOW,
      issuedAt: NOW,
      expiresAt: NOW + 60_000,
    })
    const inflate = vi.mocked(zlib.inflateRawSync)
    expect(codec.open(value, NOW).ok).toBe(true)
    expect(inflate).toHaveBeenCalledTimes(1)
    inflate.mockClear()
    const parse = vi.spyOn(JSON, 'parse')
    const parts = value.split('.')
    const body = Buffer.from(parts[3]!, 'base64url')
    body[7]! ^= 4
    parts[3] = body.toString('base64url')
    expect(codec.open(parts.join('.'), NOW)).toEqual({ ok: false, reason: 'tampered' })
    expect(parse).not.toHaveBeenCalled()
    expect(inflate).not.toHaveBeenCalled()
    parse.mockRestore()
  })

  it('CL-17 gives a tampered cookie the anonymous outcome through the manager', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    const value = jar.cookies.get('session')!
    const variants = [
      value.slice(0, -1),
      `${value}garbage`,
      `${value}.garbage`,
      `garbage.${value}`,
      value.split('.').reverse().join('.'),
      value.split('.').slice(0, 3).join('.'),
      value.replace(/^v1/, 'v2'),
    ]
    for (const variant of variants) {
      const j = cookieJar()
      j.cookies.set('session', variant)
      const { value: user, result } = await request(manager, j, (h) => h.session.get('user'))
      expect(user).toBeUndefined()
      expect(result.cookies.every((c) => c.includes('Max-Age=0'))).toBe(true)
    }
  })
})
