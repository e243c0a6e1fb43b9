import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { sessions } from '../../src/adapters/hono/index.js'
import { ConfigError, createSessionManager, StoreUnavailableError } from '../../src/index.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { SECRET_A } from '../helpers/secrets.js'

/** A store whose every write fails as if the backend were down. */
function downStore() {
  const store = memoryStore()
  const down = () => Promise.reject(new StoreUnavailableError())
  return Object.assign(Object.create(store) as typeof store, { create: down, update: down })
}

describe('Hono: sessions(manager, adapterOptions)', () => {
  it('keeps the adapter options when the app shares a prepared manager', async () => {
    const manager = createSessionManager({ secret: SECRET_A, store: downStore() })
    const app = new Hono()
    app.use(
      sessions(manager, {
        clientIp: () => '192.0.2.9',
        onUnavailable: (c) => c.text('our own outage page', 503),
      }),
    )
    app.get('/', (c) => {
      c.get('session').set('ip', c.get('session').client.ip ?? '')
      return c.text('ok')
    })
    const res = await app.request('http://localhost/')
    expect(res.status).toBe(503)
    expect(await res.text()).toBe('our own outage page')
    expect(res.headers.get('retry-after')).not.toBeNull()
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('gives the resolved client address from clientIp to the session', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    const app = new Hono()
    app.use(sessions(manager, { clientIp: () => '192.0.2.9' }))
    app.get('/', (c) => c.text(c.get('session').client.ip ?? 'none'))
    expect(await (await app.request('http://localhost/')).text()).toBe('192.0.2.9')
  })

  it('checks the adapter options like the session options', () => {
    const manager = createSessionManager({ secret: SECRET_A })
    expect(() => sessions(manager, { clientIP: () => 'x' } as never)).toThrow(ConfigError)
    expect(() => sessions(manager, { clientIP: () => 'x' } as never)).toThrow(
      /Did you mean "clientIp"\?/,
    )
  })
})
