import { createServer } from 'node:http'
import { listen } from '../helpers/listen.js'
import { withSessions } from '../../src/adapters/node/index.js'
import { lateWrite, routes, STREAM_PATH } from './routes.js'
import { describeAdapter } from './suite.js'

describeAdapter('node:http', (options) =>
  listen(
    createServer(
      withSessions(options, (req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname
        if (path === STREAM_PATH) {
          req.session.set('streamed', true)
          res.write('first;')
          res.end(lateWrite(req.session))
          return
        }
        const route = routes[path]
        if (route === undefined) {
          res.statusCode = 404
          res.end('not found')
          return
        }
        const out = route(req.session)
        switch (out.kind) {
          case 'text':
            res.statusCode = out.status ?? 200
            if (out.cookie !== undefined) res.setHeader('set-cookie', out.cookie)
            res.setHeader('content-type', 'text/plain')
            res.end(out.body)
            return
          case 'json':
            res.setHeader('content-type', 'application/json')
            res.end(JSON.stringify(out.body))
            return
          case 'redirect':
            res.writeHead(303, { location: out.location })
            res.end()
            return
        }
      }),
    ),
  ),
)
