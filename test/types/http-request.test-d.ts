// Type tests for the one request shape: compiled by `tsc` (npm run typecheck), never run. Each
// `@ts-expect-error` must fail to compile, or tsc reports the directive as unused.
import { sessions as honoSessions } from '../../src/adapters/hono/index.js'
import { sessions as expressSessions, withSessions } from '../../src/adapters/node/index.js'
import type { CsrfRequest, GuardRequest } from '../../src/auth/index.js'
import { loginRefusal, wantsHtml } from '../../src/auth/guards.js'
import { createSessionManager, type HttpRequest, type RequestInfo } from '../../src/index.js'

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const assert = <T extends true>(): T => true as T

declare const request: HttpRequest
const manager = createSessionManager({ secret: 'x'.repeat(32) })

// The deprecated names are the one shape (or the part of it the guards read).
assert<Equals<CsrfRequest, HttpRequest>>()
assert<Equals<GuardRequest, Pick<HttpRequest, 'method' | 'path' | 'query' | 'header'>>>()

// Every adapter's request is what the session takes; a hand-built RequestInfo still is too.
const info: RequestInfo = request
manager.begin(info)
manager.begin({ cookieHeader: undefined, encrypted: false, host: 'localhost' })
// @ts-expect-error — the guards need method, path, query and header(), not the session's part
wantsHtml(info)
loginRefusal(request, '/login')

// sessions(managerOrOptions, adapterOptions?) the same way in Express, node:http and Hono.
expressSessions(manager, { clientIp: (req) => req.socket.remoteAddress })
withSessions(manager, () => undefined, { clientIp: () => undefined })
honoSessions(manager, { clientIp: () => undefined })
// @ts-expect-error — a misspelt adapter option
expressSessions(manager, { clientIP: () => undefined })
