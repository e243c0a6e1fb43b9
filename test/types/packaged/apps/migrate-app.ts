// Moving an Express app off express-session onto tessera against the packed package, with the
// old records read from connect-pg-simple's table through the app's pg-shaped pool.
import express from 'express'
import { createSessionManager } from 'tessera-session'
import { sessions } from 'tessera-session/adapters/express'
import {
  connectPgSimpleSource,
  mapPassport,
  withExpressSessionMigration,
} from 'tessera-session/migrate/express-session'

const pool = {
  query: (_text: string, _values?: unknown[]) => Promise.resolve({ rows: [] as unknown[] }),
}
const manager = createSessionManager({ secret: process.env.TESSERA_SECRET ?? '' })

export const app = express()
app.use(
  sessions(
    withExpressSessionMigration(manager, {
      secret: process.env.EXPRESS_SESSION_SECRET ?? '',
      source: connectPgSimpleSource(pool),
      map: mapPassport,
    }),
  ),
)
