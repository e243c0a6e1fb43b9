// Run by `npm run test:mutation` before Stryker. Stryker 9.6.1 activates a *static* mutant (one
// whose code runs when its module loads: a module-level regex, table or constant) only after the
// test files have imported the module when per-test coverage gives it a test filter, so every
// static mutant survives whatever the tests check (stryker-js issue #6144, fix proposed in pull
// request #6145, not released for Node 20). This applies that one-line fix to the installed
// planner: static mutants are then activated before the test environment loads, as they are
// without a test filter. Idempotent; it leaves a Stryker whose planner already has the fix (or
// has changed) alone and says so.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const core = dirname(require.resolve('@stryker-mutator/core/package.json'))
const file = join(core, 'dist/src/mutants/mutant-test-planner.js')
const BUGGY = "mutantActivation: testFilter ? 'runtime' : 'static',"
const FIXED = "mutantActivation: canHotSwap ? 'runtime' : 'static',"

const source = readFileSync(file, 'utf8')
if (source.includes(FIXED)) {
  console.log('stryker-static-activation: the planner already activates static mutants early.')
} else if (source.includes(BUGGY) && source.includes('const canHotSwap =')) {
  writeFileSync(file, source.replace(BUGGY, FIXED))
  console.log(`stryker-static-activation: patched ${file} (stryker-js #6144).`)
} else {
  console.log('stryker-static-activation: planner not recognised; left as it is.')
}
