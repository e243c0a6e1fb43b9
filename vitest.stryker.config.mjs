// The test files Stryker runs against each mutant (npm run test:mutation, docs/testing.md): the
// fast, self-contained ones. Left out: e2e, interop, cli, the Redis/PostgreSQL store tests (each
// starts servers at load; the memory and SQLite halves of the revocation, throttle and live
// revocation suites are in the *-local files), the SQLite crash test (kill -9) and the package
// test (it imports the built dist/), and the tests that reload modules (*.reload.test.ts): a test
// that reloads a module is the only test Stryker runs against a mutant of that module's top-level
// code, and it can never see one (stryker-js#6144), so without them such mutants count as static
// and are ignored (ignoreStatic) instead of as survivors.
import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/adapters/**/*.test.ts',
      'test/observability/**/*.test.ts',
      'test/stores/memory.test.ts',
      'test/stores/sqlite.test.ts',
      'test/stores/custom.test.ts',
      'test/stores/kv-revocations.test.ts',
      'test/stores/entries.test.ts',
      'test/stores/live-view.test.ts',
      'test/stores/revocations-local.test.ts',
      'test/stores/throttle-local.test.ts',
      'test/stores/live-revocations-local.test.ts',
    ],
    exclude: [...configDefaults.exclude, 'test/unit/package.test.ts', '**/*.reload.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
