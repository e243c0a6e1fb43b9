// The test files Stryker runs against each mutant (npm run test:mutation, docs/testing.md): the
// fast, self-contained ones. Left out: e2e, interop, cli, the Redis/PostgreSQL store tests and the
// revocation/throttle store tests (each starts servers or processes at load), the SQLite crash test
// (kill -9) and the package test (it imports the built dist/).
import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/adapters/**/*.test.ts',
      'test/stores/memory.test.ts',
      'test/stores/sqlite.test.ts',
      'test/stores/custom.test.ts',
      'test/stores/kv-revocations.test.ts',
      'test/stores/entries.test.ts',
    ],
    exclude: [
      ...configDefaults.exclude,
      'test/unit/package.test.ts',
      'test/stores/revocations.test.ts',
      'test/stores/throttle.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
