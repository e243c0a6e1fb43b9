#!/usr/bin/env node
// Checks that package.json "exports", the built entry files and the `from 'tessera-session/…'` import
// paths quoted in source comments agree. Run after `npm run build`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const problems = []

for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') {
    if (!existsSync(join(root, target))) problems.push(`${subpath}: ${target} does not exist`)
    continue
  }
  const keys = Object.keys(target)
  if (keys[0] !== 'types' || !keys.includes('default')) {
    problems.push(`${subpath}: needs "types" first, then "default"`)
  }
  for (const file of [target.types, target.default]) {
    if (!existsSync(join(root, file))) problems.push(`${subpath}: ${file} was not built`)
  }
  const source = target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')
  if (!existsSync(join(root, source))) problems.push(`${subpath}: no source file ${source}`)
}

if (
  pkg.bin?.['tessera-session'] !== undefined &&
  !existsSync(join(root, pkg.bin['tessera-session']))
) {
  problems.push(`bin tessera-session: ${pkg.bin['tessera-session']} was not built`)
}

// Every `from 'tessera-session/…'` in a source comment must name an exported subpath.
const exported = new Set(
  Object.keys(pkg.exports).map((k) =>
    k === '.' ? 'tessera-session' : `tessera-session${k.slice(1)}`,
  ),
)
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else if (path.endsWith('.ts')) {
      const text = readFileSync(path, 'utf8')
      for (const match of text.matchAll(/from '(tessera(?:-session)?(?:\/[a-z/-]+)?)'/g)) {
        if (!exported.has(match[1]))
          problems.push(`${path}: imports ${match[1]}, which is not exported`)
      }
    }
  }
}
walk(join(root, 'src'))
walk(join(root, 'demo'))

if (problems.length > 0) {
  console.error(`check-exports: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(`check-exports: ${Object.keys(pkg.exports).length} subpaths ok`)
