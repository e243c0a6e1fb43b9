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
export async function withTimeout<T>(
  label: string,
  timeoutMs: number,
  op: () => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(`The ${label} did not answer in ${timeoutMs} ms.`)),
      timeoutMs,
    )
    // Node's timers keep the process alive unless unref'd; other runtimes hand back a number.
    ;(timer as { unref?: () => void }).unref?.()
  })
  try {
    return await Promise.race([op(), timeout])
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw err
    throw new StoreUnavailableError(`The ${label} failed.`, { cause: err })
  } finally {
    clearTimeout(timer)
  }
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
