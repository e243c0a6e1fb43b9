import { createServer, type IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { sessionOf, withSessions } from '../../src/adapters/node/index.js'
import { listen } from '../helpers/listen.js'
import { Browser } from '../helpers/http.js'
import { SECRET_A } from '../helpers/secrets.js'

describe('sessionOf(req)', () => {
  it('is the same session as req.session, for apps whose req.session type belongs to another library', async () => {
    const app = await listen(
      createServer(
        withSessions({ secret: SECRET_A }, (req, res) => {
          const session = sessionOf(req)
          session.set('visits', Number(session.get('visits') ?? 0) + 1)
          res.end(String(session === req.session) + ' ' + String(req.session.get('visits')))
        }),
      ),
    )
    try {
      const browser = new Browser(app.url)
      expect((await browser.fetch('/')).body).toBe('true 1')
      expect((await browser.fetch('/')).body).toBe('true 2')
    } finally {
      await app.close()
    }
  })

  it('says which middleware is missing', () => {
    expect(() => sessionOf({} as IncomingMessage)).toThrow(/needs the sessions\(\) middleware/)
  })
})
