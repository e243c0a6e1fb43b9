import { Readable } from 'node:stream'
import Fastify from 'fastify'
import { tesseraSessions } from '../../src/adapters/fastify/index.js'
import { lateWrite, routes, STREAM_PATH } from './routes.js'
import { describeAdapter } from './suite.js'
import { describe, expect, it } from 'vitest'
import { createSessionManager } from '../../src/index.js'
import { SECRET_A } from '../helpers/secrets.js'

describeAdapter('fastify', async (options) => {
  const app = Fastify()
  await app.register(tesseraSessions, options)
  app.get(STREAM_PATH, (request, reply) => {
    request.session.set('streamed', true)
    async function* body() {
      yield 'first;'
      await new Promise((resolve) => setImmediate(resolve))
      yield lateWrite(request.session)
    }
    return reply.type('text/plain').send(Readable.from(body()))
  })
  for (const [path, route] of Object.entries(routes)) {
    app.get(path, (request, reply) => {
      const out = route(request.session)
      switch (out.kind) {
        case 'text':
          if (out.cookie !== undefined) void reply.header('set-cookie', out.cookie)
          return reply
            .code(out.status ?? 200)
            .type('text/plain')
            .send(out.body)
        case 'json':
          return reply.send(out.body)
        case 'redirect':
          return reply.redirect(out.location, 303)
      }
    })
  }
  app.setErrorHandler((_err, _request, reply) =>
    reply.code(500).type('text/plain').send('Something went wrong'),
  )
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url, close: () => app.close() }
})

describe('fastify plugin options', () => {
  it('takes a session manager as it is, or as { manager }, and uses that manager', async () => {
    const manager = createSessionManager({ secret: SECRET_A, cookie: { name: 'given' } })
    for (const options of [manager, { manager }]) {
      const app = Fastify()
      await app.register(tesseraSessions, options)
      app.get('/', (request) => {
        request.session.set('n', 1)
        return 'ok'
      })
      const reply = await app.inject({ method: 'GET', url: '/', headers: { host: 'localhost' } })
      expect(reply.statusCode).toBe(200)
      expect(String(reply.headers['set-cookie'])).toMatch(/^given=v1\./)
      await app.close()
    }
  })
})
