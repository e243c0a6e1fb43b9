import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  hashText,
  revocationHandle,
  sessionHash,
  signIns,
  type SignInRecord,
} from '../../../src/auth/sign-in.js'
import { flaskLoginIdentifier } from '../../../src/codec/flask/session-data.js'
import { readReserved, SessionState } from '../../../src/core/session.js'
import { fakeClock, HOUR, MINUTE } from '../../helpers/clock.js'

const clock = fakeClock()
const T0 = clock()
const RECORD: SignInRecord = { at: T0 - MINUTE, v: T0 - HOUR, sid: 'handle-of-this-login' }

/** A loaded session holding `data`, created at `createdAt`. */
function stateWith(data: Record<string, unknown>, createdAt = T0 - HOUR): SessionState {
  const state = new SessionState()
  state.replace(data, { createdAt, lastSeenAt: createdAt, permanent: false, until: undefined })
  return state
}

const tessera = signIns('tessera', clock)
const flask = signIns('flask', clock)

describe('signIns().read', () => {
  it('reads the user and the login record', () => {
    const state = stateWith({ _user_id: '1', _auth: { ...RECORD, cv: '3', ua: 'hash' } })
    expect(tessera.read(state)).toEqual({
      userId: '1',
      auth: { ...RECORD, cv: '3', ua: 'hash' },
    })
  })

  it('with tessera’s format, a session with a user id but no record is nobody signed in', () => {
    expect(tessera.read(stateWith({ _user_id: '1' }))).toBeUndefined()
  })

  it('with Flask’s format, a user id alone is a Flask-Login sign-in: no handle, stamped at the session’s creation', () => {
    const state = stateWith({ _user_id: '1' }, T0 - 5 * MINUTE)
    expect(flask.read(state)).toEqual({
      userId: '1',
      auth: { at: T0 - 5 * MINUTE, v: T0 - 5 * MINUTE, sid: '' },
    })
  })

  it('reads nobody from an anonymous session', () => {
    expect(tessera.read(stateWith({ cart: ['book'] }))).toBeUndefined()
    expect(flask.read(stateWith({ cart: ['book'] }))).toBeUndefined()
  })

  it('CL-69 refuses an empty or non-string user id, even with a valid record', () => {
    for (const format of [tessera, flask]) {
      expect(format.read(stateWith({ _user_id: '', _auth: RECORD }))).toBeUndefined()
      expect(format.read(stateWith({ _user_id: 1, _auth: RECORD }))).toBeUndefined()
    }
  })

  it('CL-69 refuses a record that is not an object', () => {
    for (const auth of [null, 'record', 5, true, [T0, T0, 'sid']]) {
      expect(tessera.read(stateWith({ _user_id: '1', _auth: auth }))).toBeUndefined()
      expect(flask.read(stateWith({ _user_id: '1', _auth: auth }))).toBeUndefined()
    }
  })

  it.each([
    ['at', 'yesterday'],
    ['at', -1],
    ['at', Number.NaN],
    ['at', Number.POSITIVE_INFINITY],
    ['at', undefined],
    ['v', 'yesterday'],
    ['v', -1],
    ['v', Number.NaN],
    ['v', Number.POSITIVE_INFINITY],
    ['v', undefined],
    ['sid', 7],
    ['sid', undefined],
    ['cv', 3],
    ['cv', null],
  ])('CL-69 refuses a record whose %s is %s', (field, value) => {
    const state = stateWith({ _user_id: '1', _auth: { ...RECORD, [field]: value } })
    expect(tessera.read(state)).toBeUndefined()
  })

  it('accepts times of zero', () => {
    const state = stateWith({ _user_id: '1', _auth: { at: 0, v: 0, sid: 'h' } })
    expect(tessera.read(state)).toEqual({ userId: '1', auth: { at: 0, v: 0, sid: 'h' } })
  })

  it('accepts a login stamped up to a minute ahead of the clock, and refuses one a millisecond further', () => {
    const ahead = (at: number) => stateWith({ _user_id: '1', _auth: { ...RECORD, at } })
    expect(tessera.read(ahead(T0 + 60_000))?.auth.at).toBe(T0 + 60_000)
    expect(tessera.read(ahead(T0 + 60_001))).toBeUndefined()
  })
})

describe('signIns() writes', () => {
  it('start records the user, fresh, the record and a new CSRF secret, and nothing else (tessera)', () => {
    const state = stateWith({ cart: ['book'] })
    state.client = { userAgent: 'Firefox/133.0', ip: '192.0.2.1' }
    tessera.start(state, '1', RECORD)
    expect([...state.map.keys()].sort()).toEqual(['_auth', '_csrf', '_fresh', '_user_id', 'cart'])
    expect(readReserved(state, '_user_id')).toBe('1')
    expect(readReserved(state, '_fresh')).toBe(true)
    expect(readReserved(state, '_auth')).toEqual(RECORD)
    expect(readReserved(state, '_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('start also writes Flask-Login’s session-protection identifier (flask)', () => {
    const state = stateWith({})
    state.client = { userAgent: 'Firefox/133.0', ip: '192.0.2.1' }
    flask.start(state, '1', RECORD)
    expect([...state.map.keys()].sort()).toEqual(['_auth', '_csrf', '_fresh', '_id', '_user_id'])
    expect(readReserved(state, '_id')).toBe(
      flaskLoginIdentifier({ remoteAddr: '192.0.2.1', userAgent: 'Firefox/133.0' }),
    )
    const anonymous = stateWith({})
    flask.start(anonymous, '1', RECORD)
    expect(readReserved(anonymous, '_id')).toBe(
      flaskLoginIdentifier({ remoteAddr: null, userAgent: null }),
    )
  })

  it('rememberUntil writes the remember-me cap under _until', () => {
    const state = stateWith({})
    tessera.rememberUntil(state, T0 + HOUR)
    expect([...state.map]).toEqual([['_until', T0 + HOUR]])
  })

  it('update replaces the record and keeps the user', () => {
    const state = stateWith({ _user_id: '1', _auth: RECORD, _fresh: true })
    tessera.update(state, { at: T0, v: T0, sid: 'other' })
    expect(tessera.read(state)).toEqual({ userId: '1', auth: { at: T0, v: T0, sid: 'other' } })
    expect(readReserved(state, '_fresh')).toBe(true)
  })

  it('refresh marks the login fresh and renews the CSRF secret', () => {
    const state = stateWith({ _user_id: '1', _auth: RECORD, _fresh: false, _csrf: 'old' })
    tessera.refresh(state)
    expect(tessera.isMarkedFresh(state)).toBe(true)
    expect(readReserved(state, '_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('renewCsrf renews the CSRF secret only', () => {
    const state = stateWith({ _user_id: '1', _auth: RECORD, _fresh: false, _csrf: 'old' })
    tessera.renewCsrf(state)
    expect(readReserved(state, '_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(readReserved(state, '_fresh')).toBe(false)
  })

  it('isMarkedFresh is true for _fresh: true only', () => {
    expect(tessera.isMarkedFresh(stateWith({ _fresh: true }))).toBe(true)
    for (const fresh of [false, 'true', 1, undefined]) {
      expect(tessera.isMarkedFresh(stateWith({ _fresh: fresh }))).toBe(false)
    }
  })

  it('clear removes every key a sign-in writes, in either format, and keeps the rest', () => {
    const state = stateWith({
      _user_id: '1',
      _fresh: true,
      _auth: RECORD,
      _until: T0 + HOUR,
      _csrf: 'secret',
      _id: 'identifier',
      cart: ['book'],
    })
    tessera.clear(state)
    expect([...state.map]).toEqual([['cart', ['book']]])
  })
})

describe('revocationHandle', () => {
  it('is the login’s own handle, or "flask" for a Flask-Login sign-in', () => {
    expect(revocationHandle(RECORD)).toBe('handle-of-this-login')
    expect(revocationHandle({ at: T0, v: T0, sid: '' })).toBe('flask')
  })
})

describe('hashText', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

  it('is the first 22 base64url characters of the SHA-256 of the text', () => {
    expect(hashText('Firefox/133.0')).toBe(sha256('Firefox/133.0').slice(0, 22))
    expect(hashText('Firefox/133.0')).toHaveLength(22)
  })

  it('hashes a missing text as the empty one', () => {
    expect(hashText(undefined)).toBe('47DEQpj8HBSa-_TImW-5JC')
    expect(hashText('')).toBe('47DEQpj8HBSa-_TImW-5JC')
  })
})

describe('sessionHash', () => {
  it('is 12 characters of the hashed login handle, whatever the store key', () => {
    const state = stateWith({ _user_id: '1', _auth: RECORD })
    expect(sessionHash(state)).toBe(hashText('handle-of-this-login').slice(0, 12))
    state.storeKey = 'the-store-key'
    expect(sessionHash(state)).toBe(hashText('handle-of-this-login').slice(0, 12))
    expect(sessionHash(state)).toHaveLength(12)
  })

  it('is the hashed store key for a session without a login handle', () => {
    for (const data of [{ _user_id: '1' }, { _user_id: '1', _auth: { ...RECORD, sid: '' } }, {}]) {
      const state = stateWith(data)
      state.storeKey = 'the-store-key'
      expect(sessionHash(state)).toBe(hashText('the-store-key').slice(0, 12))
    }
  })

  it('is undefined for a sealed session without a login handle', () => {
    expect(sessionHash(stateWith({ _user_id: '1' }))).toBeUndefined()
    expect(sessionHash(stateWith({ _user_id: '1', _auth: { ...RECORD, sid: '' } }))).toBeUndefined()
    expect(sessionHash(stateWith({}))).toBeUndefined()
  })
})
