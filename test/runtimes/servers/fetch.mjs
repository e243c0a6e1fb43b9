/** The suite's fetch-adapter app served by `Bun.serve` or `Deno.serve`, plus the control route. */
import { sessionOptions, withControl } from './common.mjs'
import { fetchApp } from './fetch-app.mjs'
import { postgres } from './postgres.mjs'
import { redis } from './redis.mjs'
import { readConfig, serve } from './serve.mjs'

const { options, state } = await sessionOptions(readConfig(), { redis, postgres })
serve(withControl(fetchApp(options), state))
