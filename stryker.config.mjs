// Mutation testing (npm run test:mutation; docs/testing.md). Incremental: the results are kept in
// .tmp/stryker/incremental.json, so a rerun tests only mutants in changed code or whose tests
// changed. Run one folder with `npm run test:mutation -- --mutate 'src/crypto/**/*.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.mjs' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.stryker.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/core/**/*.ts',
    'src/codec/**/*.ts',
    'src/crypto/**/*.ts',
    'src/auth/**/*.ts',
    'src/stores/**/*.ts',
    // Generated data (scripts/gen-common-passwords.py --check), not logic.
    '!src/crypto/common-passwords.ts',
    // Tested by the Redis/PostgreSQL store tests and test/unit/auth/{revocation,throttle}-stores,
    // which start servers at load (excluded in vitest.stryker.config.mjs): left to `npm test`.
    '!src/stores/{redis,postgres}/**/*.ts',
    '!src/stores/sqlite/{revocations,throttle}.ts',
    '!src/stores/kit/revocation-tables.ts',
  ],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: '.tmp/stryker/incremental.json',
  tempDirName: '.tmp/stryker-sandbox',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '.tmp/stryker/report.html' },
  jsonReporter: { fileName: '.tmp/stryker/report.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  thresholds: { high: 85, low: 70, break: null },
}
