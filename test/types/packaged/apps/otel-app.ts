// OpenTelemetry on a store-backed manager, as a user writes it against the packed package.
import { metrics, trace } from '@opentelemetry/api'
import { createSessionManager } from 'tessera-session'
import { instrument, instrumentStore, otelHooks } from 'tessera-session/otel'
import { memoryStore } from 'tessera-session/stores/memory'

const secret = process.env.TESSERA_SECRET ?? ''

// Both halves at once: metrics hooks and a traced store; the app's own hook still runs.
export const manager = createSessionManager(
  instrument(
    { secret, store: memoryStore(), hooks: { onEvent: (event) => void event.type } },
    { meterProvider: metrics.getMeterProvider(), tracerProvider: trace.getTracerProvider() },
  ),
)

// Or each half by hand.
export const byHand = createSessionManager({
  secret,
  store: instrumentStore(memoryStore()),
  hooks: otelHooks(),
})
