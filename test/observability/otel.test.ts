import { afterEach, describe, expect, it } from 'vitest'
import { stateOf } from '../../src/core/session.js'
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { createSessionManager, type SessionStore } from '../../src/index.js'
import { instrument, instrumentStore, otelHooks } from '../../src/otel/index.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { cookieJar, request } from '../helpers/jar.js'
import { fakeClock, MINUTE } from '../helpers/clock.js'
import { SECRET_A } from '../helpers/secrets.js'

function telemetry() {
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  })
  const meterProvider = new MeterProvider({ readers: [reader] })
  const spanExporter = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  })
  const metrics = async (): Promise<Map<string, MetricData>> => {
    await reader.forceFlush()
    const all = new Map<string, MetricData>()
    const last = metricExporter.getMetrics().at(-1)
    for (const scope of last?.scopeMetrics ?? []) {
      for (const metric of scope.metrics) all.set(metric.descriptor.name, metric)
    }
    return all
  }
  const shutdown = async () => {
    await meterProvider.shutdown()
    await tracerProvider.shutdown()
  }
  return { meterProvider, tracerProvider, spanExporter, metrics, shutdown }
}

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

/** Every attribute value of every metric point and span, as strings. */
function attributeValues(metrics: Map<string, MetricData>, spans: { attributes: object }[]) {
  const values: string[] = []
  for (const metric of metrics.values()) {
    for (const point of metric.dataPoints)
      values.push(...Object.values(point.attributes).map(String))
  }
  for (const span of spans) values.push(...Object.values(span.attributes).map(String))
  return values
}

describe('OpenTelemetry: session events and cookie sizes', () => {
  it('counts tessera.session.events by tessera.event and tessera.reason', async () => {
    const t = telemetry()
    cleanup = t.shutdown
    const clock = fakeClock()
    const manager = createSessionManager({
      secret: SECRET_A,
      now: clock,
      hooks: otelHooks({ meterProvider: t.meterProvider }),
    })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('n', 1))
    await request(manager, jar, (h) => h.session.set('n', 2))
    await request(manager, cookieJar(), (h) => h.session.get('n'), {
      cookieHeader: 'session=v1.short',
    })
    const metrics = await t.metrics()
    const events = metrics.get('tessera.session.events')
    expect(events?.descriptor.unit).toBe('{event}')
    const points = (events?.dataPoints ?? []).map((p) => ({ ...p.attributes, value: p.value }))
    expect(points).toContainEqual({
      'tessera.event': 'created',
      'tessera.mode': 'cookie',
      value: 1,
    })
    expect(points).toContainEqual({ 'tessera.event': 'saved', 'tessera.mode': 'cookie', value: 1 })
    expect(points).toContainEqual({
      'tessera.event': 'refused',
      'tessera.mode': 'cookie',
      'tessera.reason': 'malformed',
      value: 1,
    })
  })

  it('records tessera.cookie.size in bytes for every sealed cookie written', async () => {
    const t = telemetry()
    cleanup = t.shutdown
    const manager = createSessionManager({
      secret: SECRET_A,
      hooks: otelHooks({ meterProvider: t.meterProvider }),
    })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('note', 'x'.repeat(300)))
    const size = [...jar.cookies.values()][0]?.length ?? 0
    const histogram = (await t.metrics()).get('tessera.cookie.size')
    expect(histogram?.descriptor.unit).toBe('By')
    const point = histogram?.dataPoints[0]
    expect(point?.attributes).toEqual({ 'tessera.event': 'created' })
    expect(point?.value).toMatchObject({ count: 1, sum: size })
  })

  it('still calls the app listener that instrument() was given', async () => {
    const t = telemetry()
    cleanup = t.shutdown
    const seen: string[] = []
    const options = instrument(
      { secret: SECRET_A, hooks: { onEvent: (e) => seen.push(e.type) } },
      { meterProvider: t.meterProvider },
    )
    const manager = createSessionManager(options)
    await request(manager, cookieJar(), (h) => h.session.set('n', 1))
    expect(seen).toEqual(['created'])
    const events = (await t.metrics()).get('tessera.session.events')
    expect(events?.dataPoints).toHaveLength(1)
  })
})

describe('OpenTelemetry: store calls', () => {
  it('records a span and tessera.store.duration per store call, by operation and outcome', async () => {
    const t = telemetry()
    cleanup = t.shutdown
    const clock = fakeClock()
    const options = instrument(
      { secret: SECRET_A, now: clock, store: memoryStore({ now: clock }) },
      { meterProvider: t.meterProvider, tracerProvider: t.tracerProvider },
    )
    const manager = createSessionManager(options)
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('n', 1))
    clock.advance(5 * MINUTE)
    await request(manager, jar, (h) => h.session.get('n'))
    await request(manager, jar, (h) => h.session.set('n', 2))
    const spans = t.spanExporter.getFinishedSpans()
    expect(spans.map((s) => s.name)).toEqual([
      'tessera.store.create',
      'tessera.store.get',
      'tessera.store.touch',
      'tessera.store.get',
      'tessera.store.update',
    ])
    expect(spans[0]?.attributes).toEqual({
      'tessera.store.operation': 'create',
      'tessera.store.backend': 'memory',
      'tessera.store.outcome': 'ok',
    })
    const duration = (await t.metrics()).get('tessera.store.duration')
    expect(duration?.descriptor.unit).toBe('s')
    const get = duration?.dataPoints.find((p) => p.attributes['tessera.store.operation'] === 'get')
    expect(get?.attributes).toEqual({
      'tessera.store.operation': 'get',
      'tessera.store.backend': 'memory',
      'tessera.store.outcome': 'ok',
    })
    expect(get?.value).toMatchObject({ count: 2 })
  })

  it('marks a failing store call as an error without its message', async () => {
    const t = telemetry()
    cleanup = t.shutdown
    const failing: SessionStore = {
      ...memoryStore(),
      name: 'flaky',
      get: () => Promise.reject(new Error('connection to 10.0.0.7 refused for key abc')),
    }
    const store = instrumentStore(failing, {
      meterProvider: t.meterProvider,
      tracerProvider: t.tracerProvider,
    })
    await expect(store.get('abc')).rejects.toThrow('refused')
    const [span] = t.spanExporter.getFinishedSpans()
    expect(span?.status).toEqual({ code: 2, message: 'Error' })
    expect(span?.attributes['tessera.store.outcome']).toBe('error')
    expect(JSON.stringify(span?.attributes)).not.toContain('abc')
    const duration = (await t.metrics()).get('tessera.store.duration')
    expect(duration?.dataPoints[0]?.attributes['tessera.store.outcome']).toBe('error')
  })

  it('answers synchronously when the store does, and keeps the store’s other members', () => {
    const t = telemetry()
    cleanup = t.shutdown
    const inner = memoryStore()
    const store = instrumentStore(inner, { meterProvider: t.meterProvider })
    expect(store.get('missing')).toBeUndefined()
    expect(store.name).toBe('memory')
    expect(store.size).toBe(inner.size)
  })
})

describe('OpenTelemetry: nothing secret in attributes', () => {
  it('no attribute value equals the session ID, store key, cookie value or a data value', async () => {
    const t = telemetry()
    cleanup = t.shutdown
    const clock = fakeClock()
    const manager = createSessionManager(
      instrument(
        { secret: SECRET_A, now: clock, store: memoryStore({ now: clock }) },
        { meterProvider: t.meterProvider, tracerProvider: t.tracerProvider },
      ),
    )
    const jar = cookieJar()
    const secrets: string[] = ['hunter2-data', 'alice@example.test']
    await request(manager, jar, (h) => {
      h.session.set('password-hint', 'hunter2-data')
      h.session.set('email', 'alice@example.test')
    })
    let key: string | undefined
    await request(manager, jar, (h) => {
      key = stateOf(h.session).storeKey
      h.session.regenerate()
    })
    const cookieValue = [...jar.cookies.values()][0] ?? ''
    secrets.push(cookieValue, cookieValue.split('.')[0] ?? '', key ?? '')
    const values = attributeValues(await t.metrics(), t.spanExporter.getFinishedSpans())
    expect(values.length).toBeGreaterThan(10)
    for (const secret of secrets) {
      expect(secret).not.toBe('')
      expect(values).not.toContain(secret)
      expect(values.some((v) => v.includes(secret))).toBe(false)
    }
  })
})
