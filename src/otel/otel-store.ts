/**
 * A session store wrapped for OpenTelemetry: a span per call (`tessera.store.get`, …) and its
 * latency in `tessera.store.duration`, by operation, backend and outcome. Keys, records and user
 * IDs never become attributes.
 *
 * @module
 */
import {
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  ValueType,
  type Histogram,
  type MeterProvider,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api'
import type { SessionStore } from '../stores/store.js'
import { SCOPE_NAME } from './otel-hooks.js'

/** Options of `instrumentStore`. */
export interface InstrumentStoreOptions {
  /** @default the API's global meter provider */
  meterProvider?: MeterProvider
  /** @default the API's global tracer provider */
  tracerProvider?: TracerProvider
}

/** The store calls that are measured (all of them but `close`). */
export const STORE_OPERATIONS = [
  'get',
  'create',
  'update',
  'touch',
  'destroy',
  'listByUser',
  'destroyByUser',
  'purgeExpired',
] as const

type Operation = (typeof STORE_OPERATIONS)[number]

/** Latency buckets in seconds: a local store answers in microseconds, a remote one in ms. */
const DURATION_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 2]

/**
 * Wrap a store so every call is traced and timed. The wrapper keeps the store's other members
 * (`getClient()`, …) and answers synchronously when the store does.
 *
 * ```ts
 * import { memoryStore } from 'tessera-session/stores/memory'
 * import { instrumentStore } from 'tessera-session/otel'
 * const store = instrumentStore(memoryStore())
 * ```
 */
export function instrumentStore<S extends SessionStore>(
  store: S,
  options: InstrumentStoreOptions = {},
): S {
  const meter = (options.meterProvider ?? metrics).getMeter(SCOPE_NAME)
  const tracer = (options.tracerProvider ?? trace).getTracer(SCOPE_NAME)
  const duration = meter.createHistogram('tessera.store.duration', {
    description: 'Duration of session store calls.',
    unit: 's',
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  })
  const backend = String(store.name)
  const wrapped: Record<string, unknown> = {}
  for (const operation of STORE_OPERATIONS) {
    const call = (store[operation] as (...args: unknown[]) => unknown).bind(store)
    wrapped[operation] = (...args: unknown[]): unknown => {
      const span = tracer.startSpan(`tessera.store.${operation}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'tessera.store.operation': operation, 'tessera.store.backend': backend },
      })
      const started = performance.now()
      const done = (outcome: 'ok' | 'error', err?: unknown): void => {
        finish(span, duration, operation, backend, outcome, started, err)
      }
      let result: unknown
      try {
        result = call(...args)
      } catch (err) {
        done('error', err)
        throw err
      }
      if (!(result instanceof Promise)) {
        done('ok')
        return result
      }
      return result.then(
        (value: unknown) => {
          done('ok')
          return value
        },
        (err: unknown) => {
          done('error', err)
          throw err
        },
      )
    }
  }
  // Own and prototype members the wrapper does not replace stay reachable, bound to the store.
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && Object.hasOwn(wrapped, property)) {
        return wrapped[property]
      }
      const value = Reflect.get(target, property) as unknown
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value
    },
  })
}

function finish(
  span: Span,
  duration: Histogram,
  operation: Operation,
  backend: string,
  outcome: 'ok' | 'error',
  started: number,
  err: unknown,
): void {
  duration.record((performance.now() - started) / 1000, {
    'tessera.store.operation': operation,
    'tessera.store.backend': backend,
    'tessera.store.outcome': outcome,
  })
  span.setAttribute('tessera.store.outcome', outcome)
  if (outcome === 'error') {
    // The error's class only: a driver's message can quote a key or a query.
    const type = err instanceof Error ? err.name : typeof err
    span.setAttribute('error.type', type)
    span.setStatus({ code: SpanStatusCode.ERROR, message: type })
  }
  span.end()
}
