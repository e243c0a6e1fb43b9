/**
 * OpenTelemetry for tessera sessions, through `@opentelemetry/api` (an optional peer
 * dependency: install it to use this subpath). `instrument(options)` adds both halves to session
 * options: lifecycle events as metrics (`otelHooks`) and a traced, timed store
 * (`instrumentStore`). Names, units and attributes: docs/observability.md.
 *
 * ```ts
 * import { createSessionManager } from 'tessera-session'
 * import { instrument } from 'tessera-session/otel'
 * const manager = createSessionManager(instrument({ secret: process.env.TESSERA_SECRET! }))
 * ```
 *
 * @module
 */
import type { MeterProvider, TracerProvider } from '@opentelemetry/api'
import type { SessionEvent } from '../core/hooks.js'
import type { SessionOptions } from '../core/options.js'
import { otelHooks } from './otel-hooks.js'
import { instrumentStore } from './otel-store.js'

export { otelHooks, attributesOf, SCOPE_NAME } from './otel-hooks.js'
export type { OtelHooksOptions } from './otel-hooks.js'
export { instrumentStore, STORE_OPERATIONS } from './otel-store.js'
export type { InstrumentStoreOptions } from './otel-store.js'

/** Options of `instrument`. */
export interface InstrumentOptions {
  /** @default the API's global meter provider */
  meterProvider?: MeterProvider
  /** @default the API's global tracer provider */
  tracerProvider?: TracerProvider
}

/**
 * Session options with OpenTelemetry added: the metrics hooks (after which the app's own
 * `hooks.onEvent`, if any, still runs) and, with a `store`, the store wrapped by
 * `instrumentStore`. The options given are not changed.
 */
export function instrument<O extends SessionOptions>(options: O, otel: InstrumentOptions = {}): O {
  const own = options.hooks
  const providers = otel.meterProvider === undefined ? {} : { meterProvider: otel.meterProvider }
  const onEvent: ((event: SessionEvent) => void) | undefined = own?.onEvent
  const hooks = {
    ...own,
    ...otelHooks({ ...providers, ...(onEvent === undefined ? {} : { onEvent }) }),
  }
  const store =
    options.store === undefined
      ? undefined
      : instrumentStore(options.store, {
          ...providers,
          ...(otel.tracerProvider === undefined ? {} : { tracerProvider: otel.tracerProvider }),
        })
  return { ...options, hooks, ...(store === undefined ? {} : { store }) }
}
