// Type tests: compiled by `tsc` (npm run typecheck), never run. Each `@ts-expect-error` must fail
// to compile, or tsc reports the directive as unused.
import type { Context } from 'hono'
import type { IncomingMessage } from 'node:http'
import {
  Session,
  type CommitOutcome,
  type CommitResult,
  type DeepReadonly,
  type SessionHandle,
} from '../../src/index.js'
import { SessionState } from '../../src/core/session-state.js'
import '../../src/adapters/hono/index.js'
import '../../src/adapters/node/index.js'

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const assert = <T extends true>(): T => true as T

type Data = { username: string; visits: number; cart: { items: string[] } }
const session = new Session<Data>(new SessionState())

assert<Equals<ReturnType<typeof session.get<'username'>>, string | undefined>>()
assert<
  Equals<ReturnType<typeof session.get<'cart'>>, DeepReadonly<{ items: string[] }> | undefined>
>()

session.set('visits', 1)
// @ts-expect-error a number key holds numbers
session.set('visits', 'one')
// @ts-expect-error unknown keys are refused
session.set('nope', 1)
// @ts-expect-error values from get are read-only, nested too
session.get('cart')?.items.push('x')

session.update('visits', (n) => (n ?? 0) + 1)

// Adapters type the session on their request objects.
declare const c: Context
assert<Equals<ReturnType<typeof c.get<'session'>>, Session>>()
declare const req: IncomingMessage
assert<Equals<typeof req.session, Session>>()

// A handle is the session, load() and commit(): the state behind the session is not on it, and
// commit() has the one outcome type, a result or its promise.
declare const handle: SessionHandle<Data>
// @ts-expect-error the handle does not expose the session's state
void handle.state
assert<Equals<ReturnType<typeof handle.commit>, CommitOutcome>>()
assert<Equals<CommitOutcome, CommitResult | Promise<CommitResult>>>()
