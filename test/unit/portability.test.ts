/**
 * The portable core (docs/decisions.md §36): `core/`, `codec/`, `auth/`, `crypto/`, `internal/`
 * and `flash/` import no Node built-in except through the two seams, `internal/node-crypto.ts`
 * and `internal/node-zlib.ts`. Imports are read with TypeScript's own pre-processor, so every
 * form counts: static and type-only imports, re-exports, dynamic `import()` and `require()`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const PORTABLE = ['src/core', 'src/codec', 'src/auth', 'src/crypto', 'src/internal', 'src/flash']

/** The seams, and the built-ins each may import. */
const SEAMS: Readonly<Record<string, readonly string[]>> = {
  'src/internal/node-crypto.ts': ['node:crypto', 'node:module', 'node:os'],
  'src/internal/node-zlib.ts': ['node:zlib'],
}

/** Every module specifier `source` imports, in any form. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName)
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier)
}

function builtinsOf(file: string): string[] {
  return importsOf(readFileSync(join(ROOT, file), 'utf8')).filter(isNodeBuiltin)
}

function portableFiles(): string[] {
  return PORTABLE.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) =>
        relative(ROOT, join(ROOT, dir, name))
          .split('\\')
          .join('/'),
      ),
  ).sort()
}

describe('the portable core', () => {
  it('finds Node built-ins in every import form, prefixed or bare', () => {
    const source = [
      "import { createHash } from 'node:crypto'",
      "import type { Socket } from 'net'",
      "import {\n  deflateSync,\n  inflateSync,\n} from 'zlib'",
      "export { readFile } from 'fs/promises'",
      "const os = await import('node:os')",
      "const req = require('module')",
      "import { serialize } from 'cookie'",
      "import { sodium } from './sodium.js'",
    ].join('\n')
    expect(importsOf(source).filter(isNodeBuiltin)).toEqual([
      'node:crypto',
      'net',
      'zlib',
      'fs/promises',
      'node:os',
      'module',
    ])
  })

  it('scans the folders it guards', () => {
    const files = portableFiles()
    for (const dir of PORTABLE)
      expect(
        files.some((f) => f.startsWith(`${dir}/`)),
        dir,
      ).toBe(true)
    for (const seam of Object.keys(SEAMS)) expect(files).toContain(seam)
  })

  it('imports no Node built-in outside the crypto and compression seams', () => {
    const offenders = portableFiles()
      .filter((file) => SEAMS[file] === undefined)
      .map((file) => ({ file, builtins: builtinsOf(file) }))
      .filter(({ builtins }) => builtins.length > 0)
    expect(offenders).toEqual([])
  })

  it('keeps each seam to its own built-ins', () => {
    for (const [seam, allowed] of Object.entries(SEAMS)) {
      expect(
        builtinsOf(seam).every((b) => allowed.includes(b)),
        seam,
      ).toBe(true)
    }
  })
})
