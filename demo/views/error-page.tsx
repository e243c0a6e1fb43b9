/**
 * The pages for things that went wrong: 403, 404, 413, 429, 500, 503. They never show a stack
 * trace or any detail of the error (CL-80); they work without a session (the 503 page is shown
 * exactly when the session store is down).
 *
 * @module
 */
import { Layout, type ViewContext } from './layout.js'

/** Title and text of each error page. */
export const ERROR_TEXT = {
  403: {
    title: 'Request refused',
    message:
      'This form could not be verified (it may have expired, or come from another site). Go back, reload the page and try again.',
  },
  404: { title: 'Page not found', message: 'There is nothing at this address.' },
  413: { title: 'Request too large', message: 'What you sent is larger than this site accepts.' },
  500: {
    title: 'Something went wrong',
    message: 'An unexpected error happened on our side. Please try again in a moment.',
  },
  503: {
    title: 'Temporarily unavailable',
    message: 'We cannot reach our session database right now. Please try again in a few seconds.',
  },
} as const

/** Status codes with an error page. */
export type ErrorStatus = keyof typeof ERROR_TEXT

/** An error page; `view` is a minimal one when the session can't be used. */
export function ErrorPage(props: { view: ViewContext; status: ErrorStatus }) {
  const { title, message } = ERROR_TEXT[props.status]
  return (
    <Layout view={props.view} title={title}>
      <section class="card error-card" aria-labelledby="error-title">
        <p class="error-code">{`Error ${props.status}`}</p>
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
