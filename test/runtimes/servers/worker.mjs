/**
 * The suite's app (`adapter`: `fetch` or `hono`) as a module Worker for workerd, plus the control route. The
 * configuration comes as JSON in the TESSERA_TEST_CONFIG text binding; the app is built on the
 * first request (a Worker's global scope may not start timers) and kept for the isolate's life.
 */
import { sessionOptions, withControl } from './common.mjs'
import { fetchApp } from './fetch-app.mjs'
import { honoApp } from './hono-app.mjs'

let app

export default {
  async fetch(request, env, ctx) {
    const config = JSON.parse(env.TESSERA_TEST_CONFIG)
    app ??= sessionOptions(config).then(({ options, state }) =>
      withControl(config.adapter === 'hono' ? honoApp(options).fetch : fetchApp(options), state),
    )
    return (await app)(request, env, ctx)
  },
}
