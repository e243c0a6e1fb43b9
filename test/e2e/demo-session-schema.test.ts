/**
 * The demo's session schema (demo/session-data.ts) at work: a session written by the previous
 * schema version is migrated on load, and one whose data does not match is refused (the user
 * signs in again), never a 500.
 */
import { describe, expect, it } from 'vitest'
import type { SessionRecord, SessionStore } from 'tessera-session/stores/memory'
import { memoryStore } from 'tessera-session/stores/memory'
import { inProcessDemo } from './demo-inprocess.js'

const PASSWORD = 'amber-cinnamon-falcon'

/** A memory store whose reads can be rewritten, as if an older release had written them. */
function rewritableStore(): SessionStore & {
  rewrite?: (data: Record<string, unknown>) => Record<string, unknown>
} {
  const inner = memoryStore({ warnInProduction: false })
  const store: SessionStore & {
    rewrite?: (data: Record<string, unknown>) => Record<string, unknown>
  } = {
    ...inner,
    name: 'rewritable',
    get(key) {
      const found = inner.get(key)
      if (found === undefined || store.rewrite === undefined) return found
      const record: SessionRecord = { ...found, data: store.rewrite({ ...found.data }) }
      return record
    },
  }
  return store
}

const countOf = (body: string): string | undefined =>
  /<output id="count">(\d+)<\/output>/.exec(body)?.[1]

describe('demo: validated, versioned session data', () => {
  it('migrates a version-1 session (count → counter) and refuses one that fails the schema', async () => {
    const store = rewritableStore()
    const demo = await inProcessDemo({ sessionStore: store })
    try {
      const signup = await demo.post('/signup', '/signup', {
        username: 'schema_user',
        password: PASSWORD,
      })
      expect(signup.status).toBe(303)
      await demo.post('/counter', '/counter', {})
      expect(countOf((await demo.request('/counter')).body)).toBe('1')

      // As version 1 wrote it: the count under `count`, version stamp 1.
      store.rewrite = ({ counter, ...rest }) => ({ ...rest, count: Number(counter) + 40, _v: 1 })
      expect(countOf((await demo.request('/counter')).body)).toBe('41')

      // Data the schema refuses: a new, empty session — signed out, not a 500.
      store.rewrite = (data) => ({ ...data, counter: 'many', _v: 2 })
      const refused = await demo.request('/counter')
      expect(refused.status).toBe(303)
      expect(refused.location).toMatch(/^\/login/)
    } finally {
      demo.close()
    }
  })
})
