/**
 * The demo's one stylesheet, read once at start-up from `demo/public/style.css`. The file is
 * not compiled, so it is found next to this module (running from source, e.g. in tests) or in
 * the source tree beside `build/` (running `npm start`). Pages link it with a content hash, so
 * it can be cached for a year and a changed file is fetched at once.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const CANDIDATES = ['./public/style.css', '../../demo/public/style.css']

/** The stylesheet and the URL pages link it by. */
export interface Stylesheet {
  readonly body: string
  /** `/static/style.css?v=<hash>` */
  readonly url: string
  /** Strong ETag of the body. */
  readonly etag: string
}

/** The path the stylesheet is served under. */
export const STYLESHEET_PATH = '/static/style.css'

/** Read the stylesheet. Throws at start-up when it cannot be found. */
export function loadStylesheet(): Stylesheet {
  const path = CANDIDATES.map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) =>
    existsSync(p),
  )
  if (path === undefined) {
    throw new Error(`demo/public/style.css not found (looked in: ${CANDIDATES.join(', ')})`)
  }
  const body = readFileSync(path, 'utf8')
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12)
  return { body, url: `${STYLESHEET_PATH}?v=${hash}`, etag: `"${hash}"` }
}
