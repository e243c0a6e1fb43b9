/**
 * The custom store shown in docs/stores.md ("Writing your own store"), kept here so the example
 * provably passes the conformance suite. Keep the two copies the same.
 */
import type { SessionInfo, SessionRecord, SessionStore } from '../../src/stores/memory/index.js'
import { describeStore } from './suite.js'

export function myStore(now = Date.now): SessionStore {
  const rows = new Map<string, string>() // key -> the record as JSON: copies in and out, no aliasing
  const load = (key: string): SessionRecord | undefined => {
    const text = rows.get(key)
    const row = text === undefined ? undefined : (JSON.parse(text) as SessionRecord)
    return row !== undefined && row.expiresAt > now() ? row : undefined // CL-28: check on every read
  }
  const save = (key: string, row: SessionRecord, expiresAt = row.expiresAt) =>
    void rows.set(
      key,
      JSON.stringify({ ...row, expiresAt: Math.min(expiresAt, row.absoluteExpiresAt) }),
    )
  const list = (userId: string): SessionInfo[] =>
    [...rows.keys()]
      .flatMap((key) => {
        const row = load(key)
        if (row?.userId !== userId) return []
        const { data: _data, userId: _user, ...info } = row
        return [{ key, ...info }]
      })
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt)
  return {
    name: 'mine',
    get: load,
    create: (key, record) => save(key, record),
    update(key, patch, expiresAt) {
      const row = load(key)
      if (row === undefined) return // gone or expired: never bring it back (CL-77)
      const data = new Map(patch.clear === true ? [] : Object.entries(row.data))
      for (const name of patch.delete ?? []) data.delete(name)
      for (const [name, value] of Object.entries(patch.set ?? {})) data.set(name, value)
      for (const [name, by] of Object.entries(patch.increment ?? {})) {
        const current = data.get(name) // atomic here: nothing else runs between get and set
        data.set(name, (typeof current === 'number' ? current : 0) + by)
      }
      row.data = Object.fromEntries(data)
      if (patch.userId !== undefined) row.userId = patch.userId
      if (patch.lastSeenAt !== undefined) row.lastSeenAt = patch.lastSeenAt
      save(key, row, expiresAt)
    },
    touch(key, expiresAt, lastSeenAt) {
      const row = load(key)
      if (row !== undefined)
        save(key, { ...row, lastSeenAt: lastSeenAt ?? row.lastSeenAt }, expiresAt)
    },
    destroy: (key) => void rows.delete(key),
    listByUser: list,
    destroyByUser(userId, exceptKey) {
      const doomed = list(userId).filter(({ key }) => key !== exceptKey)
      for (const { key } of doomed) rows.delete(key)
      return doomed.length
    },
    purgeExpired() {
      const dead = [...rows.keys()].filter((key) => load(key) === undefined)
      for (const key of dead) rows.delete(key)
      return dead.length
    },
    close() {},
  }
}

describeStore('mine', (clock) => myStore(clock.now))
