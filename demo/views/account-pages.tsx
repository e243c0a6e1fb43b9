/**
 * The signed-in pages: home (with the small dashboard), active sessions and account.
 *
 * @module
 */
import { Card, CsrfField, Field, FormError } from './form.js'
import { Layout, type ViewContext } from './layout.js'

/** One row of the sessions table. */
export interface SessionRow {
  readonly handle: string
  readonly device: string
  readonly ip: string | null
  readonly createdAt: number
  readonly lastSeenAt: number
  readonly current: boolean
}

/** `GET /` for a visitor. */
export function AnonymousHome(props: { view: ViewContext }) {
  return (
    <Layout view={props.view} title="Home">
      <section class="hero">
        <h1>Sessions and sign-in, done properly.</h1>
        <p class="status">You are not logged in</p>
        <p class="lead">
          This demo runs on tessera: server-side sessions, argon2id passwords, CSRF protection,
          login throttling and a list of your active sessions you can revoke.
        </p>
        <p class="actions">
          <a class="button button-primary" href="/signup">
            Create an account
          </a>
          <a class="button" href="/login">
            Log in
          </a>
        </p>
      </section>
    </Layout>
  )
}

/** `GET /` for a signed-in user: who, since when, last login, how many sessions. */
export function Dashboard(props: {
  view: ViewContext
  username: string
  memberSince: number
  previousLogin: number | null
  activeSessions: number
}) {
  return (
    <Layout view={props.view} title="Dashboard">
      <h1 class="status">{`Logged in as ${props.username}`}</h1>
      <dl class="stats">
        <div class="stat">
          <dt>Member since</dt>
          <dd>
            <Time at={props.memberSince} />
          </dd>
        </div>
        <div class="stat">
          <dt>Last login</dt>
          <dd>
            {props.previousLogin === null ? (
              'None before this one'
            ) : (
              <Time at={props.previousLogin} />
            )}
          </dd>
        </div>
        <div class="stat">
          <dt>Active sessions</dt>
          <dd>
            <a href="/sessions">{String(props.activeSessions)}</a>
          </dd>
        </div>
      </dl>
      <p class="aside">
        Signed in somewhere you don’t recognise? <a href="/sessions">Review your sessions</a>.
      </p>
    </Layout>
  )
}

/**
 * `GET /sessions`: the user's sessions, the current one marked, each revocable. With sealed-cookie
 * sessions (`sealed`) only this one is known; the others can still all be logged out.
 */
export function SessionsPage(props: {
  view: ViewContext
  sessions: readonly SessionRow[]
  sealed: boolean
}) {
  const others = props.sessions.filter((s) => !s.current).length
  return (
    <Layout view={props.view} title="Active sessions">
      <h1>Active sessions</h1>
      {props.sealed ? (
        <p class="lead">
          Your sessions live in sealed cookies, so only this browser is listed. “Log out all other
          sessions” ends every other one, wherever it is, on its next request.
        </p>
      ) : (
        <p class="lead">
          Every browser signed in to your account. Revoke any you don’t recognise: it is logged out
          on its next request.
        </p>
      )}
      <div class="table-wrap">
        <table class="sessions">
          <caption class="visually-hidden">Your active sessions</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">IP address</th>
              <th scope="col">Created</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr class={s.current ? 'current' : undefined}>
                <th scope="row">
                  {s.device}
                  {s.current ? <span class="badge">This device</span> : null}
                </th>
                <td>{s.ip ?? '—'}</td>
                <td>
                  <Time at={s.createdAt} />
                </td>
                <td>
                  <Time at={s.lastSeenAt} />
                </td>
                <td>
                  <form method="post" action={`/sessions/${encodeURIComponent(s.handle)}/revoke`}>
                    <CsrfField token={props.view.csrf} />
                    <button type="submit" class="button button-small">
                      {s.current ? 'Log out' : 'Revoke'}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/sessions/revoke-others" class="actions">
        <CsrfField token={props.view.csrf} />
        <button type="submit" class="button button-danger" disabled={!props.sealed && others === 0}>
          Log out all other sessions
        </button>
      </form>
    </Layout>
  )
}

/** Errors of the password form, by field. */
export interface PasswordErrors {
  form?: string
  current?: string
  next?: string
}

/** `GET /account`, and a failed `POST /account/password`. */
export function AccountPage(props: {
  view: ViewContext
  username: string
  memberSince: number
  errors?: PasswordErrors
}) {
  const errors = props.errors ?? {}
  return (
    <Layout view={props.view} title="Account">
      <h1>Account</h1>
      <dl class="stats">
        <div class="stat">
          <dt>Username</dt>
          <dd>{props.username}</dd>
        </div>
        <div class="stat">
          <dt>Member since</dt>
          <dd>
            <Time at={props.memberSince} />
          </dd>
        </div>
      </dl>
      <Card title="Change password" lead="Changing it logs out every other session.">
        <FormError message={errors.form} />
        <form method="post" action="/account/password" class="stack" novalidate>
          <CsrfField token={props.view.csrf} />
          <input type="hidden" name="username" value={props.username} autocomplete="username" />
          <Field
            name="current_password"
            label="Current password"
            type="password"
            autocomplete="current-password"
            error={errors.current}
          />
          <Field
            name="new_password"
            label="New password"
            type="password"
            autocomplete="new-password"
            hint="At least 8 characters."
            error={errors.next}
            minlength={8}
          />
          <button type="submit" class="button button-primary">
            Change password
          </button>
        </form>
      </Card>
    </Layout>
  )
}

/** A UTC time, machine-readable in `datetime`. */
export function Time(props: { at: number }) {
  const iso = new Date(props.at).toISOString()
  return <time datetime={iso}>{`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}</time>
}
