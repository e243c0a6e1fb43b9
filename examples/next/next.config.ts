import { join } from 'node:path'
import type { NextConfig } from 'next'

// tessera-session resolves through node_modules/tessera-session, a link to the repository (made
// by test/e2e/next-example.test.ts): the repository is the project root for Turbopack and tracing.
const root = join(__dirname, '..', '..')

const config: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
}

export default config
