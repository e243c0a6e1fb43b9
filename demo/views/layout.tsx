/**
 * The page frame: head, top bar with navigation, flash messages, main content, footer.
 * Everything is escaped by hono/jsx; there is no inline style or script (the CSP forbids both).
 *
 * @module
 */
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import type { FlashMessage } from 'tessera-session'

/** What every page needs besides its own content. */
export interface ViewContext {
  /** The signed-in user's name, or `undefined`. */
  readonly username: string | undefined
  /** Flash messages taken from the session for this page. */
  readonly flashes: readonly FlashMessage[]
  /** CSRF token for the forms on the page (the log-out button included). */
  readonly csrf: string
  /** URL of the stylesheet. */
  readonly stylesheet: string
  /** Path of the page, to mark the current navigation link. */
  readonly path: string
}

/** The whole HTML document. */
export function Layout(props: { view: ViewContext; title: string; children?: Child }) {
  const { view } = props
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <title>{`${props.title} · Tessera demo`}</title>
          <link rel="stylesheet" href={view.stylesheet} />
        </head>
        <body>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <header class="topbar">
            <div class="wrap topbar-inner">
              <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">
                  ▦
                </span>
                Tessera
              </a>
              <Nav view={view} />
            </div>
          </header>
          <main id="main" class="wrap">
            <Flashes flashes={view.flashes} />
            {props.children}
          </main>
          <footer class="wrap footer">
            <p>
              A demo of tessera: Flask-style sessions and sign-in for TypeScript. Works without
              JavaScript.
            </p>
          </footer>
        </body>
      </html>
    </>
  )
}

function Nav(props: { view: ViewContext }) {
  const { view } = props
  const link = (href: string, label: string) => (
    <li>
      <a href={href} {...(view.path === href ? { 'aria-current': 'page' } : {})}>
        {label}
      </a>
    </li>
  )
  if (view.username === undefined) {
    return (
      <nav aria-label="Main">
        <ul class="nav">
          {link('/login', 'Log in')}
          {link('/signup', 'Sign up')}
        </ul>
      </nav>
    )
  }
  return (
    <nav aria-label="Main">
      <ul class="nav">
        {link('/', 'Dashboard')}
        {link('/sessions', 'Sessions')}
        {link('/account', 'Account')}
        <li>
          <form method="post" action="/logout" class="inline-form">
            <input type="hidden" name="csrf_token" value={view.csrf} />
            <button type="submit" class="link-button">
              Log out
            </button>
          </form>
        </li>
      </ul>
    </nav>
  )
}

/** Flash messages in their fixed markup: `<div class="flash flash-<category>" role="alert">`. */
export function Flashes(props: { flashes: readonly FlashMessage[] }) {
  if (props.flashes.length === 0) return null
  return (
    <div class="flashes">
      {props.flashes.map(({ category, message }) => (
        <div class={`flash flash-${category}`} role="alert">
          {message}
        </div>
      ))}
    </div>
  )
}
