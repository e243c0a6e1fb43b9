/**
 * The load check (src/core/load-check.ts): what the sign-in layer asks of every sealed session as
 * it is loaded. Two checks on one manager (two login managers over the same sessions) run one
 * after the other: a session either refuses is refused, and both retire a destroyed one, in order.
 */
import { describe, expect, it } from 'vitest'
import {
  attachLoadCheck,
  withLoadChecks,
  type LoadCheck,
  type LoadChecks,
} from '../../../src/core/load-check.js'
import { SessionState } from '../../../src/core/session-state.js'
import { createSessionManager } from '../../../src/index.js'
import { cookieJar, request } from '../../helpers/jar.js'
import { fakeClock } from '../../helpers/clock.js'
import { SECRET_A } from '../../helpers/secrets.js'

type Answer = boolean | 'later-true' | 'later-false'

/** A check that answers `answer` and writes what it was asked into `log`. */
function check(name: string, answer: Answer, log: string[], retireLater = false): LoadCheck {
  return {
    refuses() {
      log.push(`${name}.refuses`)
      if (answer === 'later-true' || answer === 'later-false') {
        return Promise.resolve().then(() => {
          log.push(`${name}.answered`)
          return answer === 'later-true'
        })
      }
      return answer
    },
    retire() {
      log.push(`${name}.retire`)
      if (!retireLater) return undefined
      return Promise.resolve().then(() => {
        log.push(`${name}.retired`)
      })
    },
  }
}

function slot(): { manager: object; checks: LoadChecks } {
  const checks: LoadChecks = { check: undefined }
  return { manager: withLoadChecks({}, checks), checks }
}

describe('attachLoadCheck', () => {
  it('attaches the first check as it is', () => {
    const { manager, checks } = slot()
    const first = check('a', false, [])
    attachLoadCheck(manager, first)
    expect(checks.check).toBe(first)
  })

  it('leaves an object without a load-check slot alone', () => {
    const manager = {}
    attachLoadCheck(manager, check('a', true, []))
    expect(Object.getOwnPropertySymbols(manager)).toEqual([])
    expect(Object.keys(manager)).toEqual([])
  })

  it('keeps the slot off the manager’s enumerable keys', () => {
    const { manager } = slot()
    expect(Object.keys(manager)).toEqual([])
  })

  const cases: [Answer, Answer, boolean, string[]][] = [
    [true, false, true, ['a.refuses']],
    [false, false, false, ['a.refuses', 'b.refuses']],
    [false, true, true, ['a.refuses', 'b.refuses']],
    [false, 'later-true', true, ['a.refuses', 'b.refuses', 'b.answered']],
    ['later-true', false, true, ['a.refuses', 'a.answered']],
    ['later-false', false, false, ['a.refuses', 'a.answered', 'b.refuses']],
    ['later-false', true, true, ['a.refuses', 'a.answered', 'b.refuses']],
    ['later-false', 'later-false', false, ['a.refuses', 'a.answered', 'b.refuses', 'b.answered']],
  ]
  for (const [a, b, refused, asked] of cases) {
    it(`two checks answering ${String(a)} and ${String(b)} ${refused ? 'refuse' : 'keep'} the session, asking only what they must`, async () => {
      const { manager, checks } = slot()
      const log: string[] = []
      attachLoadCheck(manager, check('a', a, log))
      attachLoadCheck(manager, check('b', b, log))
      const answer = checks.check!.refuses(new SessionState())
      // A check that answers at once keeps the answer synchronous: no promise to wait for.
      expect(typeof answer === 'boolean').toBe(
        a !== 'later-true' && a !== 'later-false' && typeof b === 'boolean',
      )
      expect(await answer).toBe(refused)
      expect(log).toEqual(asked)
    })
  }

  for (const [aLater, bLater] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    it(`two checks retire a destroyed session in order (first ${aLater ? 'waits' : 'at once'}, second ${bLater ? 'waits' : 'at once'})`, async () => {
      const { manager, checks } = slot()
      const log: string[] = []
      attachLoadCheck(manager, check('a', false, log, aLater))
      attachLoadCheck(manager, check('b', false, log, bLater))
      const done = checks.check!.retire(new SessionState())
      expect(done === undefined).toBe(!aLater && !bLater)
      await done
      expect(log).toEqual([
        'a.retire',
        ...(aLater ? ['a.retired'] : []),
        'b.retire',
        ...(bLater ? ['b.retired'] : []),
      ])
    })
  }

  it('three checks run in the order they were attached', async () => {
    const { manager, checks } = slot()
    const log: string[] = []
    for (const name of ['a', 'b', 'c']) attachLoadCheck(manager, check(name, false, log, true))
    expect(await checks.check!.refuses(new SessionState())).toBe(false)
    await checks.check!.retire(new SessionState())
    expect(log).toEqual([
      'a.refuses',
      'b.refuses',
      'c.refuses',
      'a.retire',
      'a.retired',
      'b.retire',
      'b.retired',
      'c.retire',
      'c.retired',
    ])
  })
})

describe('two load checks on a session manager', () => {
  const setup = (second: Answer) => {
    const clock = fakeClock()
    const sessions = createSessionManager<{ n?: number }>({ secret: SECRET_A, now: clock })
    const log: string[] = []
    attachLoadCheck(sessions, check('a', false, log, true))
    attachLoadCheck(sessions, check('b', second, log, true))
    return { sessions, log }
  }

  it('a session the second check refuses loads empty, and its cookie is deleted', async () => {
    const { sessions, log } = setup(false)
    const jar = cookieJar()
    await request(sessions, jar, (h) => {
      h.session.set('n', 1)
    })
    const refusing = setup('later-true')
    // The same secret: the cookie opens on the second manager, whose second check refuses it.
    const { value, result } = await request(refusing.sessions, jar, (h) => h.session.get('n'))
    expect(value).toBeUndefined()
    expect(refusing.log).toEqual(['a.refuses', 'b.refuses', 'b.answered'])
    expect(result.cookies.join('\n')).toMatch(/Max-Age=0/)
    expect(jar.cookies.size).toBe(0)
    expect(log).toEqual([])
  })

  it('a destroyed session is retired by both checks before the response', async () => {
    const { sessions, log } = setup(false)
    const jar = cookieJar()
    await request(sessions, jar, (h) => {
      h.session.set('n', 1)
    })
    log.length = 0
    await request(sessions, jar, (h) => h.session.destroy())
    expect(log).toEqual([
      'a.refuses',
      'b.refuses',
      'a.retire',
      'a.retired',
      'b.retire',
      'b.retired',
    ])
    expect(jar.cookies.size).toBe(0)
  })
})
