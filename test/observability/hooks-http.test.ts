import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { sessions } from '../../src/adapters/hono/index.js'
import type { SessionEvent } from '../../src/index.js'
import { instrument } from '../../src/otel/index.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { SECRET_A } from '../helpers/secrets.js'

/** Hono over a real loopback server, sessions in a store, every event and store span collected. */
describe.each(['cookie', 'store'] as const)('lifecycle hooks over HTTP (Hono, %s)', (mode) => {
  const events: SessionEvent[] = []
  const spans = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  })
  let url = ''
  let close: () => Promise<void> = () => Promise.resolve()

  beforeAll(async () => {
    const app = new Hono()
    const base = { secret: SECRET_A, hooks: { onEvent: (e: SessionEvent) => events.push(e) } }
    app.use(
      sessions(
        mode === 'store'
          ? instrument({ ...base, store: memoryStore() }, { tracerProvider })
          : instrument(base, { tracerProvider }),
      ),
    )
    app.get('/set', (c) => {
      c.get('session').set('cart', 'three-apples')
      return c.text('ok')
    })
    app.get('/read', (c) => c.text(String(c.get('session').get('cart'))))
    app.get('/logout', (c) => {
      c.get('session').destroy()
      return c.text('bye')
    })
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  })
  afterAll(async () => {
    await close()
    await tracerProvider.shutdown()
  })

  const get = async (path: string, cookie?: string) => {
    const res = await fetch(url + path, {
      headers: cookie === undefined ? {} : { cookie },
      signal: AbortSignal.timeout(5000),
    })
    return { body: await res.text(), setCookie: res.headers.get('set-cookie') ?? '' }
  }

  it('reports created, loaded, destroyed and refused along a visit', async () => {
    events.length = 0
    const first = await get('/set')
    const cookie = first.setCookie.split(';')[0] ?? ''
    expect(cookie).toMatch(/^session=/)
    expect((await get('/read', cookie)).body).toBe('three-apples')
    await get('/logout', cookie)
    const tampered = cookie.slice(0, -3) + (cookie.endsWith('AAA') ? 'BBB' : 'AAA')
    await get('/read', tampered)
    const kinds = events.map((e) => e.type)
    expect(kinds).toEqual(['created', 'loaded', 'loaded', 'destroyed', 'refused'])
    expect(events.every((e) => e.mode === mode)).toBe(true)
    const text = JSON.stringify(events)
    expect(text).not.toContain('three-apples')
    expect(text).not.toContain(cookie.slice('session='.length))
  })

  it.runIf(mode === 'store')('traces each store call the visit made', () => {
    const names = spans.getFinishedSpans().map((s) => s.name)
    expect(names).toEqual([
      'tessera.store.create',
      'tessera.store.get',
      'tessera.store.get',
      'tessera.store.destroy',
    ])
  })
})
