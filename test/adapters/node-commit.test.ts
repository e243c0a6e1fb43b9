/**
 * The node adapter's one commit hook (sealed cookies and stores alike): a commit that fails while
 * the response is being written answers 500 (503 for a store outage) instead of hanging, and the
 * calls a handler makes get their usual return values when the commit is synchronous.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { withSessions } from '../../src/adapters/node/index.js'
import { CookieTooLargeError } from '../../src/errors.js'
import { memoryStore } from '../../src/stores/memory/index.js'
import { send } from '../helpers/http.js'
import { listen } from '../helpers/listen.js'
import { SECRET_A } from '../helpers/secrets.js'

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

describe('node adapter commit hook', () => {
  it('answers a sealed session over the cookie limit with a 500, no Set-Cookie and a tessera:error event', async () => {
    const errors: unknown[] = []
    const app = await listen(
      createServer(
        withSessions({ secret: SECRET_A }, (req, res: ServerResponse) => {
          res.on('tessera:error', (err: unknown) => errors.push(err))
          req.session.set('blob', randomBytes(4000).toString('base64'))
          res.setHeader('set-cookie', 'app=1; Path=/')
          res.end('stored')
        }),
      ),
    )
    close = app.close
    const reply = await send(app.url)
    expect(reply.status).toBe(500)
    expect(reply.body).toBe('Internal Server Error\n')
    expect(reply.setCookies).toEqual([])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(CookieTooLargeError)
  })

  it('returns write() and end() results as node:http does when the commit is synchronous', async () => {
    const seen: { write?: unknown; end?: unknown } = {}
    const app = await listen(
      createServer(
        withSessions({ secret: SECRET_A }, (req, res) => {
          req.session.set('n', 1)
          seen.write = res.write('a')
          seen.end = res.end('b')
        }),
      ),
    )
    close = app.close
    const reply = await send(app.url)
    expect(reply.body).toBe('ab')
    expect(reply.setCookies).toHaveLength(1)
    expect(seen.write).toBe(true)
    expect(seen.end).toBeTypeOf('object')
  })

  it('holds the response of a store session until the record is written, then sends the cookie', async () => {
    const store = memoryStore()
    const app = await listen(
      createServer(
        withSessions({ secret: SECRET_A, store }, (req, res) => {
          req.session.set('n', 2)
          res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': 'app=2; Path=/' })
          res.end('ok')
        }),
      ),
    )
    close = app.close
    const reply = await send(app.url)
    expect(reply.status).toBe(200)
    expect(reply.setCookies.some((c) => c.startsWith('app=2'))).toBe(true)
    expect(reply.setCookies.some((c) => c.startsWith('session='))).toBe(true)
  })
})
