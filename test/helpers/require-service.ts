/**
 * The one policy for tests that need an outside program (Redis, PostgreSQL, Chromium, Flask):
 * when it is missing, skip with a visible message — except under CI=true, where a missing
 * service is a failure, never a silent skip.
 */
import { existsSync } from 'node:fs'

export const inCI: boolean = process.env.CI === 'true' || process.env.CI === '1'

/**
 * Returns true when every path exists. Otherwise prints why the tests are skipped and returns
 * false, or throws under CI.
 */
export function requireBinaries(service: string, paths: readonly string[]): boolean {
  const missing = paths.filter((p) => !existsSync(p))
  if (missing.length === 0) return true
  const message = `${service} is not installed (missing ${missing.join(', ')})`
  if (inCI) throw new Error(`${message}: CI=true needs it (see .ci/run).`)
  console.warn(`\n[skip] ${message}: its tests are skipped. Install it to run them.\n`)
  return false
}
