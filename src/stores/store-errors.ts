/**
 * Timeout wrapper shared by the network stores: a call that does not settle in `timeoutMs`
 * becomes a `StoreUnavailableError` (CL-73), and so does any driver error.
 *
 * @module
 */
import { StoreUnavailableError } from '../errors.js'

/** Run `op`, turning errors and time-outs into `StoreUnavailableError`. */
export async function withTimeout<T>(
  storeName: string,
  timeoutMs: number,
  op: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StoreUnavailableError(
            `The ${storeName} session store did not answer in ${timeoutMs} ms.`,
          ),
        ),
      timeoutMs,
    )
    timer.unref()
  })
  try {
    return await Promise.race([op(), timeout])
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw err
    throw new StoreUnavailableError(`The ${storeName} session store failed.`, { cause: err })
  } finally {
    clearTimeout(timer)
  }
}
