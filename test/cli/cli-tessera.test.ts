/**
 * `tessera-session encode` / `decode` with tessera's sealed format (the lead's `sealCookie` /
 * `openSealedCookie` from src/codec/index.ts).
 */
import { describe, expect, it } from 'vitest'
import { openSealedCookie, sealCookie } from '../../src/codec/index.js'
import { cli } from './cli-helpers.js'

const SECRET = 'Y3Ac1Ws5q0yQ2m7wJb8sX4nL6tR9vE1kU0pZ3hG5dF8'
const OLD = 'kP9rT2wX5zA8cF1hJ4mN7qS0uV3yB6eH9kM2pR5tW8z'
const NOW = 1_700_000_000_000

async function encode(json: string, ...more: string[]): Promise<string> {
  const r = await cli(
    ['encode', '--secret', SECRET, '--format', 'tessera', '--json', json, ...more],
    {
      now: NOW,
    },
  )
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return r.stdout.trim()
}

describe('tessera-session encode / decode (tessera format)', () => {
  it('seals a value that openSealedCookie opens with the same secret and name', async () => {
    const value = await encode('{"user":"alice","n":[1,2]}', '--at', String(NOW / 1000))
    expect(value.startsWith('v1.')).toBe(true)
    const opened = openSealedCookie(value, { secret: SECRET, now: NOW })
    expect(opened.data).toEqual({ user: 'alice', n: [1, 2] })
    expect(opened.issuedAt).toBe(NOW)
  })

  it('decodes a sealed cookie, telling the format from its shape', async () => {
    const value = sealCookie({ user: 'alice' }, { secret: SECRET, now: NOW })
    const r = await cli(['decode', '--secret', SECRET, value], { now: NOW + 1000 })
    expect(r).toEqual({
      code: 0,
      stdout:
        '{"format":"tessera","issuedAt":"2023-11-14T22:13:20.000Z","payload":{"user":"alice"}}\n',
      stderr: '',
    })
  })

  it('tries __Host-session, then session, when no name is given', async () => {
    const value = sealCookie({ a: 1 }, { secret: SECRET, cookieName: 'session', now: NOW })
    expect((await cli(['decode', '--secret', SECRET, value], { now: NOW })).code).toBe(0)
  })

  it('binds the cookie name: NAME=VALUE and --name pick it, another name is tampered', async () => {
    const value = await encode('{"a":1}', '--name', 'app_sid')
    expect((await cli(['decode', '--secret', SECRET, `app_sid=${value}`], { now: NOW })).code).toBe(
      0,
    )
    expect(
      (await cli(['decode', '--secret', SECRET, '--name', 'app_sid', value], { now: NOW })).code,
    ).toBe(0)
    const wrong = await cli(['decode', '--secret', SECRET, value], { now: NOW })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/^tessera-session decode: tampered: /)
  })

  it('opens with an old secret given after the current one', async () => {
    const value = sealCookie({ a: 1 }, { secret: OLD, now: NOW })
    const r = await cli(['decode', '--secret', SECRET, '--secret', OLD, value], { now: NOW })
    expect(r.code).toBe(0)
  })

  it('reports expiry from the seal, and from --max-age', async () => {
    const value = await encode('{"a":1}', '--max-age', '60')
    const at = async (ms: number, ...more: string[]): Promise<number> =>
      (await cli(['decode', '--secret', SECRET, ...more, value], { now: ms })).code
    expect(await at(NOW + 59_000)).toBe(0)
    const late = await cli(['decode', '--secret', SECRET, value], { now: NOW + 3_600_000 })
    expect(late.code).toBe(1)
    expect(late.stderr).toContain('expired')
    expect(await at(NOW + 30_000, '--max-age', '10')).toBe(1)
  })

  it('says tampered for a changed sealed cookie, and never prints data', async () => {
    const value = await encode('{"secret":"x"}')
    const flipped = value.slice(0, -3) + (value.endsWith('A') ? 'B' : 'A') + value.slice(-2)
    const r = await cli(['decode', '--secret', SECRET, flipped], { now: NOW })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
  })

  it('forces a format with --format', async () => {
    const value = await encode('{"a":1}')
    const asFlask = await cli(['decode', '--secret', SECRET, '--format', 'flask', value], {
      now: NOW,
    })
    expect(asFlask.code).toBe(1)
  })

  it('exits 2 for a placeholder secret or JSON that is not an object', async () => {
    const weak = await cli([
      'encode',
      '--secret',
      'changeme',
      '--format',
      'tessera',
      '--json',
      '{}',
    ])
    expect(weak.code).toBe(2)
    const notObject = await cli([
      'encode',
      '--secret',
      SECRET,
      '--format',
      'tessera',
      '--json',
      '[1]',
    ])
    expect(notObject.code).toBe(2)
  })
})
