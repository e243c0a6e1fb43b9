/**
 * Optional OpenTelemetry for the demo. With `OTEL_CONSOLE=1` the session metrics
 * (`tessera.session.events`, `tessera.cookie.size`, `tessera.store.duration`) and the store spans
 * are printed to stdout by the SDK's console exporters, metrics every
 * `OTEL_METRIC_EXPORT_INTERVAL` ms (default 60 000). Without it nothing is loaded: the demo runs
 * with no OpenTelemetry package at all (docs/demo.md, docs/observability.md).
 *
 * @module
 */
import type { SessionOptions } from 'tessera-session'

/** What `server.ts` passes on to `createApp`, and how to flush it at shutdown. */
export interface Telemetry {
  readonly instrument: (options: SessionOptions) => SessionOptions
  /** Export what is pending and stop. Never throws. */
  shutdown(): Promise<void>
}

/** Start the console exporters when `OTEL_CONSOLE=1`; `undefined` otherwise. */
export async function startTelemetry(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Telemetry | undefined> {
  if (env.OTEL_CONSOLE !== '1' && env.OTEL_CONSOLE !== 'true') return undefined
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL ?? '60000')
  const [api, sdkMetrics, sdkTrace, otel] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/sdk-trace-base'),
    import('tessera-session/otel'),
  ])
  const meterProvider = new sdkMetrics.MeterProvider({
    readers: [
      new sdkMetrics.PeriodicExportingMetricReader({
        exporter: new sdkMetrics.ConsoleMetricExporter(),
        exportIntervalMillis: Number.isFinite(interval) && interval >= 1000 ? interval : 60_000,
      }),
    ],
  })
  const tracerProvider = new sdkTrace.BasicTracerProvider({
    spanProcessors: [new sdkTrace.BatchSpanProcessor(new sdkTrace.ConsoleSpanExporter())],
  })
  api.metrics.setGlobalMeterProvider(meterProvider)
  api.trace.setGlobalTracerProvider(tracerProvider)
  return {
    instrument: (options) => otel.instrument(options, { meterProvider, tracerProvider }),
    async shutdown() {
      await Promise.allSettled([meterProvider.shutdown(), tracerProvider.shutdown()])
    },
  }
}
