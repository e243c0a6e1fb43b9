/** The suite's Hono app served by `Bun.serve` or `Deno.serve`, plus the control route. */
import { sessionOptions, withControl } from './common.mjs'
import { honoApp } from './hono-app.mjs'
import { postgres } from './postgres.mjs'
import { redis } from './redis.mjs'
import { readConfig, serve } from './serve.mjs'

const { options, state } = await sessionOptions(readConfig(), { redis, postgres })
serve(withControl(honoApp(options).fetch, state))
