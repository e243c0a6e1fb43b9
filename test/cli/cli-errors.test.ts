/**
 * Issue 9: errors say what happened (a wrong secret, a value that cannot be stored, a mistyped
 * flag), and every command and flag is documented in its --help and in docs/cli.md.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sealCookie } from '../../src/codec/index.js'
import { COMMANDS } from '../../src/cli/run.js'
import { cli } from './cli-helpers.js'

const WORKED = 'eyJ1c2VyX2lkIjo0Mn0.ZVPxAA.hjhtQRGPO7UK57j5dSOtrXVGqbs' // signed with "dev"
const T = 1_700_000_000
const NEW = 'Y3Ac1Ws5q0yQ2m7wJb8sX4nL6tR9vE1kU0pZ3hG5dF8'
const OLD = 'kP9rT2wX5zA8cF1hJ4mN7qS0uV3yB6eH9kM2pR5tW8z'

describe('decoding with a wrong secret', () => {
  it('says the signature does not match any secret (sealed cookie)', async () => {
    const value = sealCookie({ a: 1 }, { secret: OLD, now: 1_700_000_060_000 })
    const r = await cli(['decode', '--secret', NEW, value])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('signature does not match any secret')
    expect(r.stderr).not.toMatch(/is unknown key/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('says the signature does not match any secret (Flask cookie)', async () => {
    const r = await cli(['decode', '--secret', 'nope', '--at', String(T), WORKED])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^tessera-session decode: tampered: .*signature does not match any secret/,
    )
  })
})

describe('value errors quote the key', () => {
  it('names the key in quotes, not as a JavaScript path', async () => {
    const late = '{" d":"Fri, 31 Dec 9999 23:59:59 -2359"}'
    for (const [json, key] of [
      [`{"when":${late}}`, '"when"'],
      [`{"x":[{"when":${late}}]}`, '"x[0].when"'],
    ] as const) {
      const r = await cli(['encode', '--secret', 'dev', '--format', 'flask', '--json', json])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`Cannot store ${key}`)
      expect(r.stderr).not.toContain('value.')
    }
  })
})

describe('unknown options', () => {
  it('lists the valid options of the command, with a did-you-mean', async () => {
    const r = await cli(['decode', '--sceret', 'x', WORKED])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('Unknown option --sceret.')
    expect(r.stderr).toContain('Did you mean --secret?')
    expect(r.stderr).toContain('Valid options: --secret, --secret-file, --secret-env, ')
    expect(r.stderr).not.toContain('--store') // another command's option
    const purge = await cli(['purge', '--store', 'sqlite:x.db', '--tabel', 't'])
    expect(purge.stderr).toContain('Did you mean --table?')
    expect(purge.stderr).toContain('Valid options: --store, --table, --prefix, --help')
    const short = await cli(['decode', '-x', WORKED])
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('Unknown option -x.')
    const far = await cli(['encode', '--frobnicate'])
    expect(far.stderr).not.toContain('Did you mean')
  })

  it('points at the command help by its real name', async () => {
    const r = await cli(['decode', '--sceret', 'x', WORKED])
    expect(r.stderr).toContain('(see tessera-session decode --help)')
  })
})

describe('documentation', () => {
  const docs = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8')

  function section(name: string): string {
    const start = docs.indexOf(`## \`tessera-session ${name}\``)
    expect(start, `docs/cli.md has a section for ${name}`).toBeGreaterThanOrEqual(0)
    const end = docs.indexOf('\n## ', start + 1)
    return docs.slice(start, end === -1 ? undefined : end)
  }

  it('has every command in the command list and the --help text', async () => {
    const help = (await cli(['--help'])).stdout
    for (const command of COMMANDS) {
      expect(help).toContain(command.name)
      expect(docs).toContain(`| \`${command.name}\` |`)
    }
    expect(COMMANDS.map((c) => c.name)).toContain('migrate')
  })

  it('documents every flag of every command, in its --help and its docs section', () => {
    for (const command of COMMANDS) {
      const text = section(command.name)
      for (const option of Object.keys(command.options)) {
        if (option === 'help') continue
        expect(command.help, `${command.name} --help documents --${option}`).toContain(
          `--${option}`,
        )
        expect(text, `docs/cli.md documents ${command.name} --${option}`).toContain(`--${option}`)
      }
    }
  })
})
