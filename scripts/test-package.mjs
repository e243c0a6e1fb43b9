#!/usr/bin/env node
// `npm run test:package`: the package as a user gets it. Packs the tarball, lints it (publint, attw),
// installs it into a fresh temporary project next to Express, Hono, Fastify, Next.js (with React)
// and @opentelemetry/api, type-checks the README's examples, one app per adapter and the apps in
// test/types/packaged/apps (fetch handler, Next.js, OpenTelemetry, express-session migration) under
// `--strict` with `skipLibCheck: false` for the `nodenext`, `node16` and `bundler` resolutions, runs an ESM app and a CommonJS `require()`, runs the
// packed CLI through `npx tessera-session --help`. Prints one line per check and exits non-zero on the first failure.
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'

const root = resolve(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const work = mkdtempSync(join(tmpdir(), 'tessera-package-'))
let passed = 0

function run(cmd, args, cwd, options = {}) {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  })
}
function check(name, fn) {
  const started = performance.now()
  try {
    fn()
    passed++
    console.log(`  ok  ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  } catch (error) {
    console.error(`  FAIL ${name}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.message}`)
    process.exit(1)
  }
}

const SECRET_LINE = "const secret = process.env.TESSERA_SECRET ?? ''\n"

/** One small real app per adapter, as a user would write it. */
const CONSUMERS = {
  'express-app.ts':
    "import express from 'express'\n" +
    "import { sessions } from 'tessera-session/adapters/express'\n" +
    "import { memoryStore } from 'tessera-session/stores/memory'\n" +
    SECRET_LINE +
    'const app = express()\n' +
    'app.use(sessions({ secret, store: memoryStore() }))\n' +
    "app.get('/', (req, res) => {\n" +
    "  const n = Number(req.session.get('n') ?? 0) + 1\n" +
    "  req.session.set('n', n)\n" +
    '  res.send(String(n))\n' +
    '})\n',
  'hono-app.ts':
    "import { Hono } from 'hono'\n" +
    "import { sessions } from 'tessera-session/adapters/hono'\n" +
    SECRET_LINE +
    'const app = new Hono()\n' +
    'app.use(sessions({ secret }))\n' +
    "app.get('/', (c) => {\n" +
    "  const session = c.get('session')\n" +
    "  session.flash('hello', 'info')\n" +
    "  return c.text(String(session.get('n') ?? 0))\n" +
    '})\n' +
    'export default app\n',
  'fastify-app.ts':
    "import Fastify from 'fastify'\n" +
    "import { tesseraSessions } from 'tessera-session/adapters/fastify'\n" +
    SECRET_LINE +
    'const app = Fastify()\n' +
    'await app.register(tesseraSessions, { secret })\n' +
    "app.get('/', async (request) => {\n" +
    "  request.session.set('seen', true)\n" +
    "  return { seen: request.session.get('seen') }\n" +
    '})\n',
  'node-app.ts':
    "import { createServer } from 'node:http'\n" +
    "import { withSessions } from 'tessera-session/adapters/node'\n" +
    "import { ConfigError } from 'tessera-session/errors'\n" +
    SECRET_LINE +
    'const handler = withSessions({ secret }, (req, res) => {\n' +
    "  req.session.set('at', Date.now())\n" +
    "  res.end('ok')\n" +
    '})\n' +
    'createServer(handler).listen(0)\n' +
    'export const isConfigError = (e: unknown): boolean => e instanceof ConfigError\n',
}

try {
  console.log(`test:package in ${work}`)
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root))[0]
  const tarball = join(work, packed.filename)

  check('the package is named tessera-session and its bin is tessera-session', () => {
    if (packed.name !== 'tessera-session') throw new Error(`name is ${packed.name}`)
    if (pkg.bin?.['tessera-session'] !== './dist/cli/main.js')
      throw new Error('bin tessera-session missing')
    const files = new Set(packed.files.map((f) => f.path))
    for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'SECURITY.md', 'dist/cli/main.js']) {
      if (!files.has(f)) throw new Error(`${f} is not in the tarball`)
    }
  })
  check('publint --strict finds nothing', () => {
    run(join(root, 'node_modules/.bin/publint'), ['--strict', tarball], root)
  })
  check('attw (ESM-only profile) finds no problem', () => {
    run(join(root, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only'], root)
  })

  const app = join(work, 'app')
  mkdirSync(join(app, 'src'), { recursive: true })
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'app', private: true, type: 'module' }),
  )
  const devVersion = (name) => `${name}@${pkg.devDependencies[name]}`
  const installStarted = performance.now()
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      // @opentelemetry/api: the optional peer of tessera-session/otel, imported below with every subpath.
      ...['express', 'hono', 'fastify', 'fastify-plugin', 'typescript'].map(devVersion),
      devVersion('@opentelemetry/api'),
      // next and react: tessera-session/next's declarations import next/headers and next/server.
      ...['next', 'react', 'react-dom'].map(devVersion),
      ...['@types/express', '@types/express-session', '@types/node', '@types/react'].map(
        devVersion,
      ),
    ],
    app,
  )
  console.log(`  installed in ${((performance.now() - installStarted) / 1000).toFixed(1)} s`)

  // The README's TypeScript blocks that are whole programs (they start with an import), verbatim.
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((code) => code.startsWith('import '))
  if (blocks.length === 0) throw new Error('README.md has no TypeScript example to compile')
  blocks.forEach((code, i) => writeFileSync(join(app, 'src', `readme-${i + 1}.ts`), code))
  for (const [name, code] of Object.entries(CONSUMERS)) writeFileSync(join(app, 'src', name), code)
  // Larger consumer apps, one per subpath that has no adapter app above.
  const appsDir = join(root, 'test/types/packaged/apps')
  const apps = readdirSync(appsDir).filter((file) => file.endsWith('.ts'))
  for (const file of apps) copyFileSync(join(appsDir, file), join(app, 'src', file))

  for (const [module, moduleResolution] of [
    ['nodenext', 'nodenext'],
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ]) {
    check(
      `README examples, four adapter apps and ${apps.join(', ')} compile (${moduleResolution}, strict, skipLibCheck false)`,
      () => {
        const config = {
          compilerOptions: {
            strict: true,
            skipLibCheck: false,
            noEmit: true,
            target: 'es2022',
            module,
            moduleResolution,
            types: ['node'],
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
          },
          include: ['src'],
        }
        writeFileSync(join(app, `tsconfig.${moduleResolution}.json`), JSON.stringify(config))
        run(join(app, 'node_modules/.bin/tsc'), ['-p', `tsconfig.${moduleResolution}.json`], app)
      },
    )
  }

  // Typed session data declared once (an augmented interface), in every adapter; and a project that
  // also has express-session's types, as during a migration. Each is its own program, because an
  // augmentation is global to the program that sees it.
  mkdirSync(join(app, 'types'), { recursive: true })
  for (const [file, what] of [
    [
      'augmented.test-d.ts',
      'SessionData declared once types every adapter; wrong keys and values fail',
    ],
    [
      'migration.test-d.ts',
      'with @types/express-session installed too, strict compiles (no TS2320)',
    ],
  ]) {
    copyFileSync(join(root, 'test/types/packaged', file), join(app, 'types', file))
    check(what, () => {
      const config = {
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          types: ['node'],
        },
        files: [`types/${file}`],
      }
      writeFileSync(join(app, `tsconfig.${file}.json`), JSON.stringify(config))
      run(join(app, 'node_modules/.bin/tsc'), ['-p', `tsconfig.${file}.json`], app)
    })
  }

  // tessera-session/next against the installed next and react, in each resolution. Its own
  // program with skipLibCheck on, as create-next-app sets it: Next 16.5's declarations do not
  // compile with it off (they need @types/react-dom, URLPattern and sharp's types). The file's
  // Equals checks and @ts-expect-error lines fail if tessera's declarations lost next's types.
  copyFileSync(join(root, 'test/types/packaged/next.test-d.ts'), join(app, 'types/next.test-d.ts'))
  for (const [module, moduleResolution] of [
    ['nodenext', 'nodenext'],
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ]) {
    check(
      `a Next.js app (action, route handler, page, proxy) compiles (${moduleResolution}, strict)`,
      () => {
        const config = {
          compilerOptions: {
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            target: 'es2022',
            module,
            moduleResolution,
            types: ['node'],
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
          },
          files: ['types/next.test-d.ts'],
        }
        writeFileSync(join(app, `tsconfig.next.${moduleResolution}.json`), JSON.stringify(config))
        run(
          join(app, 'node_modules/.bin/tsc'),
          ['-p', `tsconfig.next.${moduleResolution}.json`],
          app,
        )
      },
    )
  }

  check('an ESM program imports every subpath of the installed package', () => {
    const imports = Object.keys(pkg.exports)
      .filter((k) => k !== './package.json')
      .map((k) => (k === '.' ? 'tessera-session' : `tessera-session${k.slice(1)}`))
    writeFileSync(
      join(app, 'imports.mjs'),
      `${imports.map((s, i) => `import * as m${i} from '${s}'`).join('\n')}\n` +
        `for (const m of [${imports.map((_, i) => `m${i}`).join(', ')}]) if (Object.keys(m).length === 0) throw new Error('empty module')\n` +
        `console.log('ok')\n`,
    )
    if (run('node', ['imports.mjs'], app).trim() !== 'ok') throw new Error('no ok')
  })
  check('CommonJS require() loads the package (require of ESM)', () => {
    const out = run(
      'node',
      ['-e', "const t = require('tessera-session'); console.log(typeof t.createSessionManager)"],
      app,
    )
    if (out.trim() !== 'function') throw new Error(`require gave ${out}`)
  })
  check('a misspelled option fails at start-up with a suggestion', () => {
    writeFileSync(
      join(app, 'typo.mjs'),
      "import { sessions } from 'tessera-session/adapters/express'\n" +
        'try {\n' +
        "  sessions({ secret: 'p9Hq1fS3kWm8ZrT2vXy6LbN4cJd0QeAu7GiO5sVwRtY', idleTimout: 600 })\n" +
        "  console.log('accepted')\n" +
        '} catch (err) {\n' +
        '  console.log(`${err.name}: ${err.message}`)\n' +
        '}\n',
    )
    const out = run('node', ['typo.mjs'], app)
    if (!out.startsWith('ConfigError:') || !out.includes('Did you mean "idleTimeout"?')) {
      throw new Error(`a misspelled option gave: ${out}`)
    }
  })
  check('npx tessera-session --help runs the packed CLI', () => {
    const out = run('npx', ['--no-install', 'tessera-session', '--help'], app)
    if (!out.includes('Usage: tessera-session')) throw new Error(out)
    const secret = run('npx', ['--no-install', 'tessera-session', 'secret'], app).trim()
    if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) throw new Error(`secret printed ${secret}`)
  })
  console.log(`test:package: ${passed} passed, 0 failed`)
} finally {
  if (!process.env.KEEP_PACKAGE_TEST) rmSync(work, { recursive: true, force: true })
}
