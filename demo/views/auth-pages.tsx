/**
 * Sign-up, log-in, log-out and "confirm your password" pages. A failed form comes back with what
 * was typed (never a password) and a clear message.
 *
 * @module
 */
import { Card, CsrfField, Field, FormError } from './form.js'
import { Layout, type ViewContext } from './layout.js'

const USERNAME_HINT = '3–32 characters: lower-case letters, digits, dots, dashes and underscores.'

/** Errors of the sign-up form, by field. */
export interface SignupErrors {
  form?: string
  username?: string
  password?: string
}

/** `GET /signup`, and a failed `POST /signup`. */
export function SignupPage(props: { view: ViewContext; username?: string; errors?: SignupErrors }) {
  const errors = props.errors ?? {}
  return (
    <Layout view={props.view} title="Sign up">
      <Card title="Create your account" lead="It takes ten seconds. No email needed.">
        <FormError message={errors.form} />
        <form method="post" action="/signup" class="stack" novalidate>
          <CsrfField token={props.view.csrf} />
          <Field
            name="username"
            label="Username"
            autocomplete="username"
            value={props.username ?? ''}
            hint={USERNAME_HINT}
            error={errors.username}
            minlength={3}
            maxlength={32}
            autofocus={props.username === undefined || errors.username !== undefined}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="new-password"
            hint="At least 8 characters. A few unrelated words make a strong password."
            error={errors.password}
            minlength={8}
            autofocus={props.username !== undefined && errors.username === undefined}
          />
          <button type="submit" class="button button-primary">
            Create account
          </button>
        </form>
        <p class="aside">
          Already have an account? <a href="/login">Log in</a>
        </p>
      </Card>
    </Layout>
  )
}

/** `GET /login`, and a failed (401) or throttled (429) `POST /login`. */
export function LoginPage(props: {
  view: ViewContext
  next: string | undefined
  username?: string
  remember?: boolean
  error?: string
}) {
  const action =
    props.next === undefined ? '/login' : `/login?next=${encodeURIComponent(props.next)}`
  return (
    <Layout view={props.view} title="Log in">
      <Card title="Log in" lead="Welcome back.">
        <FormError message={props.error} />
        <form method="post" action={action} class="stack" novalidate>
          <CsrfField token={props.view.csrf} />
          <Field
            name="username"
            label="Username"
            autocomplete="username"
            value={props.username ?? ''}
            maxlength={64}
            autofocus={props.username === undefined}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            autofocus={props.username !== undefined}
          />
          <div class="checkbox">
            <input
              id="field-remember"
              type="checkbox"
              name="remember"
              value="on"
              checked={props.remember === true}
            />
            <label for="field-remember">Remember me for 14 days</label>
          </div>
          <button type="submit" class="button button-primary">
            Log in
          </button>
        </form>
        <p class="aside">
          New here? <a href="/signup">Create an account</a>
        </p>
      </Card>
    </Layout>
  )
}

/** `GET /logout`: the confirmation form (logging out is a POST, CL-24). */
export function LogoutPage(props: { view: ViewContext }) {
  return (
    <Layout view={props.view} title="Log out">
      <Card title="Log out?" lead={`You are logged in as ${props.view.username ?? ''}.`}>
        <form method="post" action="/logout" class="actions">
          <CsrfField token={props.view.csrf} />
          <button type="submit" class="button button-primary">
            Log out
          </button>
          <a class="button" href="/">
            Stay logged in
          </a>
        </form>
      </Card>
    </Layout>
  )
}

/** The fresh-login guard's page: enter the password again before a sensitive action. */
export function ConfirmPasswordPage(props: { view: ViewContext; next: string; error?: string }) {
  return (
    <Layout view={props.view} title="Confirm your password">
      <Card
        title="Confirm your password"
        lead="You are about to change security settings. Please enter your password again to continue."
      >
        <FormError message={props.error} />
        <form
          method="post"
          action={`/account/confirm?next=${encodeURIComponent(props.next)}`}
          class="stack"
          novalidate
        >
          <CsrfField token={props.view.csrf} />
          <input
            type="hidden"
            name="username"
            value={props.view.username ?? ''}
            autocomplete="username"
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            autofocus
          />
          <button type="submit" class="button button-primary">
            Confirm
          </button>
        </form>
      </Card>
    </Layout>
  )
}
