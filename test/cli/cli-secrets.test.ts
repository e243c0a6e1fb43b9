/**
 * Issue 9: secrets come from a file or an environment variable (`--secret-file`, `--secret-env`),
 * never only from the command line, and `--secret VALUE` takes any value, even one starting
 * with `-`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFlaskCookie } from '../../src/codec/flask/index.js'
import { sealCookie } from '../../src/codec/index.js'
import { removeDir, tempDir } from '../helpers/processes.js'
import { cli } from './cli-helpers.js'

const WORKED = 'eyJ1c2VyX2lkIjo0Mn0.ZVPxAA.hjhtQRGPO7UK57j5dSOtrXVGqbs' // signed with "dev"
const T = 1_700_000_000
const NEW = 'Y3Ac1Ws5q0yQ2m7wJb8sX4nL6tR9vE1kU0pZ3hG5dF8'
const OLD = 'kP9rT2wX5zA8cF1hJ4mN7qS0uV3yB6eH9kM2pR5tW8z'

let dir = ''
beforeAll(() => {
  dir = tempDir('tessera-cli-secrets-')
})
afterAll(() => removeDir(dir))

function secretFile(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text, { mode: 0o600 })
  return path
}

const flaskEncode = (...secretArgs: string[]) =>
  cli(['encode', ...secretArgs, '--format', 'flask', '--json', '{"user_id":42}', '--at', String(T)])

describe('--secret-file PATH', () => {
  it('holds one secret per line, newest first: the first signs, all verify', async () => {
    const path = secretFile('rotation', `${NEW}\n${OLD}\n`)
    const enc = await cli([
      'encode',
      '--secret-file',
      path,
      '--format',
      'tessera',
      '--json',
      '{"a":1}',
    ])
    expect(enc.stderr).toBe('')
    const signedWithOld = sealCookie({ a: 1 }, { secret: OLD, now: 1_700_000_060_000 })
    for (const value of [enc.stdout.trim(), signedWithOld]) {
      const r = await cli(['decode', '--secret-file', path, value])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
    }
    // Only NEW signs: the value does not open with OLD alone.
    expect((await cli(['decode', '--secret', OLD, enc.stdout.trim()])).code).toBe(1)
  })

  it('ignores blank lines, surrounding spaces and CRLF line ends', async () => {
    const path = secretFile('crlf', `\r\n  dev  \r\n\r\nother\r\n`)
    expect((await flaskEncode('--secret-file', path)).stdout).toBe(`${WORKED}\n`)
  })

  it('is a usage error naming the file when it is missing, a directory or empty', async () => {
    const missing = join(dir, 'no-such-file')
    const sub = join(dir, 'a-directory')
    mkdirSync(sub)
    const empty = secretFile('empty', '\n  \n')
    for (const path of [missing, sub, empty]) {
      const r = await cli(['decode', '--secret-file', path, WORKED])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toContain(path)
    }
    expect((await cli(['decode', '--secret-file', missing, WORKED])).stderr).toMatch(
      /no such file/i,
    )
    expect((await cli(['decode', '--secret-file', empty, WORKED])).stderr).toMatch(/no secret/i)
  })
})

describe('--secret-env NAME', () => {
  it('reads the secret from the named variable; repeat it for older secrets', async () => {
    const env = { APP_SECRET: 'dev', OLD_SECRET: 'older' }
    const r = await cli(['decode', '--secret-env', 'APP_SECRET', '--at', String(T), WORKED], {
      env,
    })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rotated = await cli(
      [
        'decode',
        '--secret-env',
        'OLD_SECRET',
        '--secret-env',
        'APP_SECRET',
        '--at',
        String(T),
        WORKED,
      ],
      { env },
    )
    expect(rotated.code).toBe(0)
    // The variable's value is one secret, exactly (TESSERA_SECRET works the same way).
    const enc = await cli(
      [
        'encode',
        '--secret-env',
        'APP_SECRET',
        '--format',
        'flask',
        '--json',
        '{"user_id":42}',
        '--at',
        String(T),
      ],
      { env },
    )
    expect(enc.stdout).toBe(`${WORKED}\n`)
  })

  it('is a usage error naming the variable when it is unset or empty', async () => {
    for (const env of [{}, { NOPE_SECRET: '' }]) {
      const r = await cli(['decode', '--secret-env', 'NOPE_SECRET', WORKED], { env })
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toContain('NOPE_SECRET')
    }
    expect((await cli(['decode', '--secret-env', 'NOPE_SECRET', WORKED])).stderr).toMatch(/not set/)
  })

  it('keeps the order of the command line across --secret-env, --secret-file and --secret', async () => {
    const path = secretFile('order', 'from-file\n')
    const env = { FIRST: 'from-env' }
    const expected = (secret: string) =>
      `${encodeFlaskCookie({ user_id: 42 }, { secret, now: T * 1000 })}\n`
    expect(
      (
        await cli(
          [
            'encode',
            '--secret-env',
            'FIRST',
            '--secret-file',
            path,
            '--format',
            'flask',
            '--json',
            '{"user_id":42}',
            '--at',
            String(T),
          ],
          { env },
        )
      ).stdout,
    ).toBe(expected('from-env'))
    expect(
      (
        await cli(
          [
            'encode',
            '--secret-file',
            path,
            '--secret-env',
            'FIRST',
            '--format',
            'flask',
            '--json',
            '{"user_id":42}',
            '--at',
            String(T),
          ],
          { env },
        )
      ).stdout,
    ).toBe(expected('from-file'))
    expect(
      (
        await cli(
          [
            'encode',
            '--secret',
            'from-arg',
            '--secret-env',
            'FIRST',
            '--format',
            'flask',
            '--json',
            '{"user_id":42}',
            '--at',
            String(T),
          ],
          { env },
        )
      ).stdout,
    ).toBe(expected('from-arg'))
  })

  it('still falls back to TESSERA_SECRET, and names every source when there is none', async () => {
    const r = await cli(['decode', '--at', String(T), WORKED], { env: { TESSERA_SECRET: 'dev' } })
    expect(r.code).toBe(0)
    const none = await cli(['decode', WORKED])
    expect(none.code).toBe(2)
    for (const word of ['--secret-file', '--secret-env', 'TESSERA_SECRET']) {
      expect(none.stderr).toContain(word)
    }
  })
})

describe('--secret VALUE', () => {
  const expected = `${encodeFlaskCookie({ user_id: 42 }, { secret: '-abc', now: T * 1000 })}\n`

  it('takes a value starting with "-", as --secret=-abc or --secret -abc', async () => {
    for (const args of [['--secret=-abc'], ['--secret', '-abc'], ['--secret', '--abc']]) {
      const r = await flaskEncode(...args)
      expect(r.stderr).toBe('')
      expect(r.stdout).toBe(
        args[1] === '--abc'
          ? `${encodeFlaskCookie({ user_id: 42 }, { secret: '--abc', now: T * 1000 })}\n`
          : expected,
      )
    }
    const r = await cli(['decode', '--secret', '-abc', '--at', String(T), expected.trim()])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('does not swallow the next option: --secret --format is a usage error saying how', async () => {
    const r = await cli(['encode', '--secret', '--format', 'flask', '--json', '{}'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--secret=')
  })

  it('says a value is missing at the end of the line', async () => {
    const r = await cli(['decode', WORKED, '--secret'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--secret')
  })
})

describe('the built command (dist/cli/main.js)', () => {
  const main = new URL('../../dist/cli/main.js', import.meta.url).pathname

  it.skipIf(!existsSync(main))(
    'reads --secret-file and --secret-env, and takes --secret -abc',
    () => {
      const path = secretFile('built', 'dev\n')
      const run = (args: string[], env: Record<string, string> = {}) =>
        spawnSync(process.execPath, [main, ...args], {
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', ...env },
        })
      const decode = ['decode', '--at', String(T), WORKED]
      expect(run(['decode', '--secret-file', path, '--at', String(T), WORKED]).status).toBe(0)
      expect(
        run(['decode', '--secret-env', 'K', '--at', String(T), WORKED], { K: 'dev' }).status,
      ).toBe(0)
      const missing = run(['decode', '--secret-env', 'K', ...decode.slice(1)])
      expect(missing.status).toBe(2)
      expect(missing.stderr).toContain('K is not set')
      const dash = run(['encode', '--secret', '-abc', '--format', 'flask', '--json', '{}'])
      expect(dash.stderr).toBe('')
      expect(dash.status).toBe(0)
    },
  )
})
