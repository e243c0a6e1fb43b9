/**
 * Flash messages with categories, as in Flask: `flash()` now, shown once on a later request.
 * They live in the session (key `_flashes`), so they survive a redirect and work the same with
 * sealed cookies and server-side sessions. At most 10 are kept (the oldest is dropped) and each
 * is at most 512 bytes (CL-34). Render them escaped: `renderFlashes` does.
 *
 * ```ts
 * import { flash, getFlashes } from 'tessera-session/flash'
 * flash(req.session, 'Saved!', 'success')
 * for (const { category, message } of getFlashes(req.session)) …
 * ```
 *
 * @module
 */
import type { FlashMessage, Session } from '../core/session.js'

/** Add a flash message (same as `session.flash`). */
export function flash<D extends object>(
  session: Session<D>,
  message: string,
  category = 'message',
): void {
  session.flash(message, category)
}

/** Take the flash messages, optionally only some categories (same as `session.flashes`). */
export function getFlashes<D extends object>(
  session: Session<D>,
  options?: { categories?: readonly string[] },
): FlashMessage[] {
  return session.flashes(options)
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/**
 * Take the flash messages and render them as
 * `<div class="flash flash-<category>" role="alert">…</div>`, escaped.
 */
export function renderFlashes<D extends object>(session: Session<D>): string {
  return session
    .flashes()
    .map(
      ({ category, message }) =>
        `<div class="flash flash-${escapeHtml(category)}" role="alert">${escapeHtml(message)}</div>`,
    )
    .join('')
}

export type { FlashMessage }
