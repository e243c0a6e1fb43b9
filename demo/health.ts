/**
 * `/healthz`: whether this process can serve sessions. The session store is probed with one read
 * of a key that never exists (bounded by `PROBE_TIMEOUT_MS`), so a load balancer takes the
 * process out while its store is unreachable: 503 `{ status: 'degraded' }` with the backend
 * marked `reachable: false`. Sealed-cookie sessions need no backend to be read. A SQLite file that
 * another process holds locked answered (`SQLITE_BUSY`): it counts as reachable, since the lock is
 * brief and shared by every process on that file, so taking this one out would not help.
 *
 * @module
 */
import type { SessionStore } from 'tessera-session'

/** Longest a probe may take before its backend counts as unreachable. */
export const PROBE_TIMEOUT_MS = 1000

/** A store key no session can have (real keys are 43-character SHA-256 digests). */
const PROBE_KEY = 'healthz-probe'

/** The JSON `/healthz` answers. */
export interface HealthReport {
  readonly status: 'ok' | 'degraded'
  readonly backends: {
    readonly sessions: { readonly backend: string; readonly reachable: boolean }
  }
}

/** Probe the session store (if any) and say whether sessions can be served. Never throws. */
export async function checkHealth(store: SessionStore | undefined): Promise<HealthReport> {
  if (store === undefined) {
    return { status: 'ok', backends: { sessions: { backend: 'cookie', reachable: true } } }
  }
  const reachable = await probe(() => store.get(PROBE_KEY))
  return {
    status: reachable ? 'ok' : 'degraded',
    backends: { sessions: { backend: store.name, reachable } },
  }
}

async function probe(call: () => unknown): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)
    timer.unref()
  })
  try {
    return await Promise.race([
      Promise.resolve()
        .then(call)
        .then(() => true),
      timeout,
    ])
  } catch (err) {
    return isBusy(err)
  } finally {
    clearTimeout(timer)
  }
}

/** A SQLite `SQLITE_BUSY`/`SQLITE_LOCKED` anywhere in the error's cause chain. */
function isBusy(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true
    e = e.cause
  }
  return false
}
