/**
 * Session lifecycle events as OpenTelemetry metrics: one counter, `tessera.session.events`, and a
 * histogram of sealed cookie sizes, `tessera.cookie.size`. Attributes say what happened and why,
 * never an ID, a cookie value or data (docs/observability.md).
 *
 * @module
 */
import { metrics, ValueType, type Attributes, type MeterProvider } from '@opentelemetry/api'
import type { SessionEvent, SessionHooks } from '../core/hooks.js'

/** The instrumentation scope name of every meter and tracer tessera creates. */
export const SCOPE_NAME = 'tessera-session'

/** Options of `otelHooks`. */
export interface OtelHooksOptions {
  /** Where the instruments come from. @default the API's global meter provider */
  meterProvider?: MeterProvider
  /** Another listener, called after the metrics are recorded. @default undefined */
  onEvent?: (event: SessionEvent) => void
}

/** Sealed cookies are at most 4096 bytes: buckets up to that limit, where the risk is. */
const COOKIE_BUCKETS = [128, 256, 512, 1024, 2048, 3072, 3584, 4096]

/**
 * Hooks that count every lifecycle event and record sealed cookie sizes. Pass them as the
 * session options' `hooks`.
 *
 * ```ts
 * import { createSessionManager } from 'tessera-session'
 * import { otelHooks } from 'tessera-session/otel'
 * const manager = createSessionManager({ secret: process.env.TESSERA_SECRET!, hooks: otelHooks() })
 * ```
 *
 * [!NOTE] Without a `meterProvider`, the instruments are taken from the global provider when
 * `otelHooks()` is called: register the SDK first.
 */
export function otelHooks(options: OtelHooksOptions = {}): SessionHooks {
  const meter = (options.meterProvider ?? metrics).getMeter(SCOPE_NAME)
  const events = meter.createCounter('tessera.session.events', {
    description: 'Session lifecycle events, by type and reason.',
    unit: '{event}',
    valueType: ValueType.INT,
  })
  const cookieSize = meter.createHistogram('tessera.cookie.size', {
    description: 'Size of the sealed session cookie values written.',
    unit: 'By',
    valueType: ValueType.INT,
    advice: { explicitBucketBoundaries: COOKIE_BUCKETS },
  })
  const next = options.onEvent
  return {
    onEvent(event) {
      const attributes = attributesOf(event)
      events.add(1, attributes)
      if ('size' in event && event.size !== undefined) {
        cookieSize.record(event.size, { 'tessera.event': event.type })
      }
      next?.(event)
    },
  }
}

/** The attributes of one event: enumerated values only. */
export function attributesOf(event: SessionEvent): Attributes {
  const attributes: Attributes = { 'tessera.event': event.type, 'tessera.mode': event.mode }
  switch (event.type) {
    case 'refused':
      attributes['tessera.reason'] = event.reason
      break
    case 'expired':
      attributes['tessera.reason'] = event.timeout
      break
    case 'rotated':
      attributes['tessera.reason'] = event.kind
      break
    case 'revoked':
      attributes['tessera.reason'] = event.scope
      break
    case 'refreshed':
      attributes['tessera.reason'] = event.cookie ? 'cookie' : 'deadline'
      break
    case 'created':
    case 'loaded':
    case 'migrated':
    case 'saved':
    case 'destroyed':
      break
  }
  return attributes
}
