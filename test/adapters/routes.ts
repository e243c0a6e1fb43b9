/**
 * The behaviours every adapter is tested with, written once against the Session API. Each
 * adapter test maps these onto its framework's idiom.
 */
import { randomBytes } from 'node:crypto'
import type { Session } from '../../src/index.js'

export type Outcome =
  | {
      kind: 'text'
      status?: number
      body: string
      /** the route's own Set-Cookie */ cookie?: string
    }
  | { kind: 'json'; body: unknown }
  | { kind: 'redirect'; location: string }

export const routes: Record<string, (s: Session) => Outcome> = {
  '/count': (s) => {
    const n = Number(s.get('count') ?? 0) + 1
    s.set('count', n)
    return { kind: 'text', body: String(n) }
  },
  '/read': (s) => ({
    kind: 'text',
    body: JSON.stringify(s.get('name') ?? 'anon').replace(/"/g, ''),
  }),
  '/login': (s) => {
    s.set('name', 'alice')
    return { kind: 'text', body: 'ok' }
  },
  '/theme': (s) => {
    s.set('name', 'alice')
    return { kind: 'text', body: 'ok', cookie: 'theme=dark; Path=/' }
  },
  '/flash': (s) => {
    s.flash('Saved!', 'success')
    return { kind: 'redirect', location: '/show' }
  },
  '/show': (s) => ({ kind: 'json', body: s.flashes() }),
  '/clear': (s) => {
    s.clear()
    return { kind: 'text', body: 'cleared' }
  },
  '/destroy': (s) => {
    s.destroy()
    return { kind: 'text', body: 'destroyed' }
  },
  '/permanent': (s) => {
    s.permanent = true
    return { kind: 'text', body: 'ok' }
  },
  '/static': () => ({ kind: 'text', body: 'static' }),
  '/throw': (s) => {
    s.set('before', 'throw')
    throw new Error('boom')
  },
  '/big': (s) => {
    s.set('blob', randomBytes(3500).toString('base64'))
    return { kind: 'text', body: 'big' }
  },
}

/** Streamed route: sets a value, sends a first chunk, then tries a late write. */
export const STREAM_PATH = '/stream'

/** Report of a late write attempt: the error code, or 'no-error'. */
export function lateWrite(s: Session): string {
  try {
    s.set('late', 1)
    return 'no-error'
  } catch (err) {
    return (err as { code?: string }).code ?? 'unknown'
  }
}
