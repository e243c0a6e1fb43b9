import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { encodeFlaskCookie, FlaskTuple } from '../../src/codec/flask/index.js'
import { cli } from './cli-helpers.js'

const WORKED = 'eyJ1c2VyX2lkIjo0Mn0.ZVPxAA.hjhtQRGPO7UK57j5dSOtrXVGqbs' // docs/flask-format.md §1 worked example, key "dev"
const T = 1_700_000_000

describe('tessera (dispatch)', () => {
  it('prints the command list with --help and exits 0', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    for (const name of ['secret', 'decode', 'encode', 'purge', 'sessions', 'migrate']) {
      expect(r.stdout).toContain(name)
    }
  })

  it('prints usage on stderr and exits 2 without a command', async () => {
    const r = await cli([])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: tessera-session')
  })

  it('exits 2 for an unknown command or option, with one line on stderr', async () => {
    const unknown = await cli(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    const badOption = await cli(['decode', '--bogus', 'x'])
    expect(badOption.code).toBe(2)
    expect(badOption.stderr).toMatch(/^tessera-session decode: .*--bogus/)
  })

  it('answers --help on every command, and "help <command>"', async () => {
    for (const name of ['secret', 'decode', 'encode', 'purge', 'sessions', 'migrate']) {
      const r = await cli([name, '--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`Usage: tessera-session ${name}`)
      expect((await cli(['help', name])).stdout).toBe(r.stdout)
    }
  })

  it('prints the package version', async () => {
    const r = await cli(['--version'])
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})

describe('tessera-session secret', () => {
  it('prints a new 256-bit base64url secret each time', async () => {
    const a = (await cli(['secret'])).stdout.trim()
    const b = (await cli(['secret'])).stdout.trim()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a, 'base64url')).toHaveLength(32)
    expect(a).not.toBe(b)
  })

  it('refuses arguments', async () => {
    expect((await cli(['secret', 'extra'])).code).toBe(2)
  })
})

describe('tessera-session decode (Flask cookies)', () => {
  const flask = ['--secret', 'dev', '--at', String(T + 60)]

  it('prints format, issuedAt and the payload as Flask serialises it', async () => {
    const r = await cli(['decode', ...flask, WORKED])
    expect(r).toEqual({
      code: 0,
      stdout: '{"format":"flask","issuedAt":"2023-11-14T22:13:20.000Z","payload":{"user_id":42}}\n',
      stderr: '',
    })
  })

  it('prints tagged values as tagged JSON (a tuple is {" t": [...]})', async () => {
    const cookie = encodeFlaskCookie(
      { _flashes: [new FlaskTuple(['message', 'Hi'])], n: 2n ** 64n },
      { secret: 'dev', now: T * 1000 },
    )
    const r = await cli(['decode', ...flask, cookie])
    const payload = r.stdout.slice(r.stdout.indexOf('"payload":') + 10, -2)
    expect(payload).toBe('{"_flashes":[{" t":["message","Hi"]}],"n":18446744073709551616}')
  })

  it('accepts NAME=VALUE, a whole Cookie header and standard input', async () => {
    for (const arg of [`session=${WORKED}`, `Cookie: theme=dark; session=${WORKED}; x=1`]) {
      expect((await cli(['decode', ...flask, arg])).code).toBe(0)
    }
    expect((await cli(['decode', ...flask, '-'], { stdin: `${WORKED}\n` })).code).toBe(0)
    expect((await cli(['decode', ...flask, '--name', 'sid', `sid=${WORKED}; b=2`])).code).toBe(0)
  })

  it('asks which cookie when a header holds several and none is a session cookie', async () => {
    const r = await cli(['decode', ...flask, `a=${WORKED}; b=${WORKED}`])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--name')
  })

  it('takes the secret from TESSERA_SECRET', async () => {
    const r = await cli(['decode', '--at', String(T), WORKED], { env: { TESSERA_SECRET: 'dev' } })
    expect(r.code).toBe(0)
  })

  it('verifies with any --secret, the first being current', async () => {
    const r = await cli(['decode', '--secret', 'new', '--secret', 'dev', '--at', String(T), WORKED])
    expect(r.code).toBe(0)
  })

  it('exits 1 with one line saying "tampered" for a changed cookie', async () => {
    const r = await cli(['decode', ...flask, WORKED.replace('eyJ1', 'eyJ2')])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^tessera-session decode: tampered: [^\n]*\n$/)
  })

  it('judges expiry at --at, with Flask’s 31 days by default and --max-age when given', async () => {
    const at = async (when: string, ...more: string[]): Promise<string> => {
      const r = await cli(['decode', '--secret', 'dev', '--at', when, ...more, WORKED])
      return r.code === 0 ? 'valid' : r.stderr.split(':')[1]!.trim()
    }
    expect(await at(String(T + 2678400))).toBe('valid')
    expect(await at(String(T + 2678401))).toBe('expired')
    expect(await at('2023-11-14T22:13:20Z')).toBe('valid')
    expect(await at(String(T - 1))).toBe('future')
    expect(await at(String(T + 61), '--max-age', '60')).toBe('expired')
    expect(await at(String(T + 60), '--max-age', '60')).toBe('valid')
  })

  it('exits 1 saying "malformed" for something that is not a cookie', async () => {
    const r = await cli(['decode', ...flask, '--format', 'flask', 'not-a-cookie'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('malformed')
  })

  it('exits 2 for usage errors: no secret, bad --format, --at or --max-age, no cookie', async () => {
    const cases = [
      ['decode', WORKED],
      ['decode', ...flask, '--format', 'jwt', WORKED],
      ['decode', '--secret', 'dev', '--at', 'yesterday', WORKED],
      ['decode', ...flask, '--max-age', '-5', WORKED],
      ['decode', ...flask],
      ['decode', ...flask, WORKED, WORKED],
    ]
    for (const args of cases) expect((await cli(args)).code).toBe(2)
  })
})

describe('tessera-session encode (Flask format)', () => {
  it('writes the cookie Flask writes, byte for byte (docs/flask-format.md §1)', async () => {
    const r = await cli([
      'encode',
      '--secret',
      'dev',
      '--format',
      'flask',
      '--json',
      '{"user_id":42}',
      '--at',
      String(T),
    ])
    expect(r).toEqual({ code: 0, stdout: `${WORKED}\n`, stderr: '' })
  })

  it('reads Flask tagged JSON, keeping floats, big integers and tags exact', async () => {
    const json = '{"f":1.0,"big":18446744073709551616,"t":{" t":[1,{" m":"<b>"}]},"nan":NaN}'
    const enc = await cli([
      'encode',
      '--secret',
      'dev',
      '--format',
      'flask',
      '--json',
      json,
      '--at',
      String(T),
    ])
    expect(enc.code).toBe(0)
    const dec = await cli(['decode', '--secret', 'dev', '--at', String(T), enc.stdout.trim()])
    expect(dec.stdout).toBe(
      '{"format":"flask","issuedAt":"2023-11-14T22:13:20.000Z","payload":' +
        '{"big":18446744073709551616,"f":1.0,"nan":NaN,"t":{" t":[1,{" m":"<b>"}]}}}\n',
    )
  })

  it('reads --json from standard input with -', async () => {
    const r = await cli(
      ['encode', '--secret', 'dev', '--format', 'flask', '--json', '-', '--at', String(T)],
      {
        stdin: '{"user_id": 42}\n',
      },
    )
    expect(r.stdout).toBe(`${WORKED}\n`)
  })

  it('exits 2 for bad JSON, a non-object, a bad tag, a missing --format or tessera-only options', async () => {
    const base = ['encode', '--secret', 'dev']
    const cases = [
      [...base, '--format', 'flask', '--json', '{"a":'],
      [...base, '--format', 'flask', '--json', '[1,2]'],
      [...base, '--format', 'flask', '--json', '{"a":{" t":"x"}}'],
      [...base, '--json', '{}'],
      [...base, '--format', 'flask'],
      [...base, '--format', 'flask', '--json', '{}', '--name', 'sid'],
      ['encode', '--format', 'flask', '--json', '{}'],
    ]
    for (const args of cases) {
      const r = await cli(args)
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})

describe('the built command (dist/cli/main.js)', () => {
  const main = new URL('../../dist/cli/main.js', import.meta.url).pathname
  const built = existsSync(main)

  it.skipIf(!built)('runs under node with exit codes 0, 1 and 2', () => {
    const secret = execFileSync(process.execPath, [main, 'secret'], { encoding: 'utf8' })
    expect(secret.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const ok = spawnSync(
      process.execPath,
      [main, 'decode', '--secret', 'dev', '--at', String(T), WORKED],
      {
        encoding: 'utf8',
      },
    )
    expect(ok.status).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual({
      format: 'flask',
      issuedAt: '2023-11-14T22:13:20.000Z',
      payload: { user_id: 42 },
    })
    const bad = spawnSync(process.execPath, [main, 'decode', '--secret', 'nope', WORKED], {
      encoding: 'utf8',
    })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('tampered')
    const usage = spawnSync(process.execPath, [main, 'decode'], { encoding: 'utf8' })
    expect(usage.status).toBe(2)
  })
})
