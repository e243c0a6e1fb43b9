// Mutation testing (npm run test:mutation; docs/testing.md). Incremental: the results are kept in
// .tmp/stryker/, so a rerun tests only mutants in changed code or whose tests changed.
//
// One folder at a time: `MUTATE=codec npm run test:mutation` (core, codec, crypto, auth, stores).
// That run type-checks only the folder and what it imports (stryker/tsconfig.<folder>.json; the
// whole of src/ made the checker, not the tests, the bottleneck here) and keeps its own
// incremental file and report, so the folders' runs do not overwrite each other.
const FOLDERS = ['core', 'codec', 'crypto', 'auth', 'stores']

const EXCLUDED = [
  // Generated data (scripts/gen-common-passwords.py --check), not logic.
  '!src/crypto/common-passwords.ts',
  // Tested by the Redis/PostgreSQL store tests, which start servers at load (excluded in
  // vitest.stryker.config.mjs): left to `npm test`.
  '!src/stores/{redis,postgres}/**/*.ts',
]

const folder = process.env.MUTATE
if (folder !== undefined && !FOLDERS.includes(folder)) {
  throw new Error(`MUTATE must be one of ${FOLDERS.join(', ')}; got ${JSON.stringify(folder)}`)
}
const name = folder ?? 'all'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.mjs' },
  checkers: ['typescript'],
  tsconfigFile: folder === undefined ? 'tsconfig.stryker.json' : `stryker/tsconfig.${folder}.json`,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    ...(folder === undefined ? FOLDERS : [folder]).map((f) => `src/${f}/**/*.ts`),
    ...EXCLUDED,
  ],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: `.tmp/stryker/${name}.incremental.json`,
  tempDirName: '.tmp/stryker-sandbox',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `.tmp/stryker/${name}.html` },
  jsonReporter: { fileName: `.tmp/stryker/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  thresholds: { high: 85, low: 70, break: null },
}
