/**
 * How every store turns a backend's trouble into one error: a call that fails, or (for network
 * stores) does not settle within `timeoutMs`, becomes `StoreUnavailableError` (CL-73), so the
 * adapters answer 503 and a hung backend fails a request fast instead of holding it.
 *
 * Not a public entry point: the stores import it. No `node:` module, so the Workers KV store
 * runs it too.
 *
 * @module
 */
import { StoreUnavailableError, TesseraError } from '../../errors.js'

/**
 * Run `op`, turning its errors and a time-out into `StoreUnavailableError`. `label` names the
 * store in the message (`'redis session store'`, `'Redis revocation store'`); the driver's error
 * is kept as `cause`, never echoed.
 */
export function withTimeout<T>(label: string, timeoutMs: number, op: () => Promise<T>): Promise<T> {
  // One promise and one timer per call, settled by whichever comes first: no Promise.race, no
  // async frame (this wraps every network store call, so it is on each request's path).
  return new Promise<T>((resolve, reject) => {
    // A promise settles once: whichever of the timer and the call comes second changes nothing.
    const timer = setTimeout(() => {
      reject(new StoreUnavailableError(`The ${label} did not answer in ${timeoutMs} ms.`))
    }, timeoutMs)
    // Node's timers keep the process alive unless unref'd; other runtimes hand back a number.
    ;(timer as { unref?: () => void }).unref?.()
    const fail = (err: unknown): void => {
      clearTimeout(timer)
      reject(
        err instanceof StoreUnavailableError
          ? err
          : new StoreUnavailableError(`The ${label} failed.`, { cause: err }),
      )
    }
    let pending: Promise<T>
    try {
      pending = op()
    } catch (err) {
      fail(err)
      return
    }
    Promise.resolve(pending).then((value) => {
      clearTimeout(timer)
      resolve(value)
    }, fail)
  })
}

/**
 * Run a synchronous driver call (better-sqlite3): a driver error (`SQLITE_BUSY`, a closed
 * database) becomes `StoreUnavailableError`, so a request fails closed; tessera's own errors pass
 * through. The driver's code names the outage in logs, never its message.
 */
export function guardSync<T>(label: string, op: () => T): T {
  try {
    return op()
  } catch (err) {
    if (err instanceof TesseraError) throw err
    const code = (err as { code?: unknown } | null)?.code
    const named = typeof code === 'string' && /^SQLITE_[A-Z_]+$/.test(code) ? ` (${code})` : ''
    throw new StoreUnavailableError(`The ${label} failed${named}.`, { cause: err })
  }
}
