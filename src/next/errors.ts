/**
 * The error of a session change that Next.js cannot save where it was made.
 *
 * @module
 */

import { TesseraError } from '../errors.js'

/**
 * The session was changed where Next.js cannot set cookies — a Server Component (page, layout)
 * or anything it renders. Change the session in a Server Action or a Route Handler (or in
 * `proxy.ts`) instead. Switch on `code`, never on the message.
 */
export class SessionReadOnlyError extends TesseraError {
  constructor(options?: { cause?: unknown }) {
    super(
      'ERR_SESSION_READ_ONLY',
      'The session was changed during a Server Component render, where Next.js cannot set ' +
        'cookies. Change the session in a Server Action or a Route Handler (or proxy.ts).',
      options,
    )
  }
}
