import { createServer } from 'node:http'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { sessions, withSessions } from '../../src/adapters/node/index.js'
import { ConfigError, createSessionManager } from '../../src/index.js'
import { listen } from '../helpers/listen.js'
import { SECRET_A } from '../helpers/secrets.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

describe('Express and node:http: sessions(manager, adapterOptions), as in Hono', () => {
  it('gives the address from clientIp to the session when the app shares a prepared manager', async () => {
    const manager = createSessionManager({ secret: SECRET_A })
    const app = express()
    app.use(sessions(manager, { clientIp: (req) => String(req.headers['x-client']) }))
    app.get('/', (req, res) => res.send(req.session.client.ip ?? 'none'))
    const server = await listen(createServer(app))
    closers.push(server.close)
    const res = await fetch(server.url, { headers: { 'x-client': '192.0.2.9' } })
    expect(await res.text()).toBe('192.0.2.9')
  })

  it('takes clientIp among the session options too, and in withSessions()', async () => {
    const server = await listen(
      createServer(
        withSessions({ secret: SECRET_A, clientIp: () => '198.51.100.4' }, (req, res) => {
          res.end(req.session.client.ip ?? 'none')
        }),
      ),
    )
    closers.push(server.close)
    expect(await (await fetch(server.url)).text()).toBe('198.51.100.4')
  })

  it('checks the adapter options like the session options', () => {
    const manager = createSessionManager({ secret: SECRET_A })
    expect(() => sessions(manager, { clientIP: () => 'x' } as never)).toThrow(ConfigError)
    expect(() => sessions(manager, { clientIP: () => 'x' } as never)).toThrow(
      /Did you mean "clientIp"\?/,
    )
  })
})
