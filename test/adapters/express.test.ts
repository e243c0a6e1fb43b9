import { createServer } from 'node:http'
import express, { type ErrorRequestHandler } from 'express'
import { sessions } from '../../src/adapters/node/index.js'
import { listen } from '../helpers/listen.js'
import { lateWrite, routes, STREAM_PATH } from './routes.js'
import { describeAdapter } from './suite.js'

describeAdapter('express', (options) => {
  const app = express()
  app.use(sessions(options))
  app.get(STREAM_PATH, (req, res) => {
    req.session.set('streamed', true)
    res.write('first;')
    setImmediate(() => res.end(lateWrite(req.session)))
  })
  for (const [path, route] of Object.entries(routes)) {
    app.get(path, (req, res) => {
      const out = route(req.session)
      switch (out.kind) {
        case 'text':
          if (out.cookie !== undefined) res.append('set-cookie', out.cookie)
          res
            .status(out.status ?? 200)
            .type('text/plain')
            .send(out.body)
          return
        case 'json':
          res.json(out.body)
          return
        case 'redirect':
          res.redirect(303, out.location)
          return
      }
    })
  }
  const onError: ErrorRequestHandler = (_err, _req, res, _next) => {
    res.status(500).type('text/plain').send('Something went wrong')
  }
  app.use(onError)
  return listen(createServer(app))
})
