// CL-83: the numbers documented in SECURITY.md equal the exported defaults.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LOGIN_DEFAULTS, THROTTLE_DEFAULTS } from '../../src/auth/index.js'
import { DEFAULTS, MAX_FLASHES, MAX_FLASH_BYTES, MAX_KEYS } from '../../src/index.js'
import {
  DEFAULT_ARGON2_PARAMS,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
} from '../../src/crypto/index.js'
import { MAX_SET_COOKIE_BYTES } from '../../src/core/cookie.js'

const text = readFileSync(new URL('../../SECURITY.md', import.meta.url), 'utf8')
const table = new Map<string, number>()
for (const line of text.split('\n')) {
  const match = /^\| ([^|]+?) \| (\d+)[^|]*\|/.exec(line)
  if (match !== null) table.set(match[1]!, Number(match[2]))
}

describe('SECURITY.md', () => {
  it.each([
    ['idle timeout (browser-session sessions)', DEFAULTS.idleTimeout],
    ['absolute timeout (from login)', DEFAULTS.absoluteTimeout],
    ['permanent session lifetime', DEFAULTS.permanentLifetime],
    ['remember-me lifetime', LOGIN_DEFAULTS.rememberFor],
    ['remember-me cap', LOGIN_DEFAULTS.maxRememberFor],
    ['fresh-login (sudo) window', LOGIN_DEFAULTS.freshFor],
    ['sessions per user', LOGIN_DEFAULTS.maxSessionsPerUser],
    ['free login failures per account and IP', THROTTLE_DEFAULTS.freeFailures],
    ['longest login delay', THROTTLE_DEFAULTS.maxDelayMs],
    ['failures per IP', THROTTLE_DEFAULTS.ipMaxFailures],
    ['IP failure window', THROTTLE_DEFAULTS.ipWindowMs],
    ['IP block', THROTTLE_DEFAULTS.ipBlockMs],
    ['hard cap per account', THROTTLE_DEFAULTS.accountMaxFailures],
    ['argon2id memory', DEFAULT_ARGON2_PARAMS.memoryCost],
    ['argon2id iterations', DEFAULT_ARGON2_PARAMS.timeCost],
    ['argon2id parallelism', DEFAULT_ARGON2_PARAMS.parallelism],
    ['minimum password length', MIN_PASSWORD_LENGTH],
    ['maximum password size', MAX_PASSWORD_BYTES],
    ['largest session cookie', MAX_SET_COOKIE_BYTES],
    ['flash messages kept', MAX_FLASHES],
    ['session keys (sealed cookie)', MAX_KEYS],
  ])('CL-83 documents %s as the code has it', (name, value) => {
    expect(table.get(name)).toBe(value)
  })

  it('documents the flash size limit', () => {
    expect(text).toContain(`at most ${MAX_FLASH_BYTES} bytes each`)
  })
})
