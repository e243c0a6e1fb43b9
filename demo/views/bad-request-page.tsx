/**
 * The 400 page: the request body was not a form the app can read (a broken or truncated
 * multipart body, bad percent-encoding, a body that is not a form). Like the other error pages it
 * shows no detail of what went wrong (CL-80) and works without a session.
 *
 * @module
 */
import { Layout, type ViewContext } from './layout.js'

/** Title and text of the 400 page. */
export const BAD_REQUEST_TEXT = {
  title: 'Bad request',
  message:
    'What your browser sent could not be read as a form. Go back, reload the page and try again.',
} as const

/** The 400 page, in the same frame as the other error pages. */
export function BadRequestPage(props: { view: ViewContext }) {
  const { title, message } = BAD_REQUEST_TEXT
  return (
    <Layout view={props.view} title={title}>
      <section class="card error-card" aria-labelledby="error-title">
        <p class="error-code">Error 400</p>
        <h1 id="error-title">{title}</h1>
        <p class="lead">{message}</p>
        <p class="actions">
          <a class="button button-primary" href="/">
            Go to the home page
          </a>
        </p>
      </section>
    </Layout>
  )
}
