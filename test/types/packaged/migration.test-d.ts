// Type test against the packed package, compiled by `npm run test:package` in a fresh project that
// also installed @types/express-session: during a migration both are installed, and a strict
// project with skipLibCheck false must still compile (no TS2320 on Express's request).
import express from 'express'
import type { SessionData as ExpressSessionData } from 'express-session'
import { sessionOf, sessions } from 'tessera-session/adapters/express'
import { createSessionManager } from 'tessera-session'
import {
  connectRedisSource,
  mapPassport,
  withExpressSessionMigration,
} from 'tessera-session/migrate/express-session'

declare module 'tessera-session' {
  interface SessionData {
    username: string
  }
}
declare module 'express-session' {
  interface SessionData {
    legacyUser: string
  }
}

const app = express()
app.use(sessions({ secret: process.env.TESSERA_SECRET ?? '' }))
app.get('/', (req, res) => {
  // req.session keeps express-session's type while its types are installed ...
  const legacy: ExpressSessionData['legacyUser'] | undefined = req.session.legacyUser
  // ... and sessionOf(req) is tessera's session, typed by tessera's SessionData.
  const session = sessionOf(req)
  session.set('username', legacy ?? 'alice')
  // @ts-expect-error unknown keys are refused
  session.set('legacyUser', 'x')
  res.send(session.get('username') ?? '')
})

// The move itself: one wrapper around the manager, any adapter. A client is typed structurally.
const redisLike = { call: (_command: string, ..._args: string[]) => Promise.resolve<unknown>(null) }
const manager = createSessionManager({ secret: process.env.TESSERA_SECRET ?? '' })
app.use(
  sessions(
    withExpressSessionMigration(manager, {
      secret: ['new secret', 'old secret'],
      source: connectRedisSource(redisLike, { prefix: 'sess:' }),
      map: mapPassport,
    }),
  ),
)
// @ts-expect-error the old store is given as `source`, not as express-session's `store`
withExpressSessionMigration(manager, { secret: 's', store: {} })

export { app }
