/**
 * Form building blocks: a labelled field with its hint and error tied to it by
 * `aria-describedby`, the hidden CSRF input, and the form-level error box.
 *
 * @module
 */
import type { Child } from 'hono/jsx'

/** A labelled input. Errors and hints are announced with the field. */
export function Field(props: {
  name: string
  label: string
  type?: 'text' | 'password'
  value?: string
  autocomplete: string
  hint?: string
  error?: string | undefined
  required?: boolean
  minlength?: number
  maxlength?: number
  autofocus?: boolean
}) {
  const id = `field-${props.name}`
  const described = [
    props.hint === undefined ? undefined : `${id}-hint`,
    props.error === undefined ? undefined : `${id}-error`,
  ].filter((x) => x !== undefined)
  return (
    <div class={props.error === undefined ? 'field' : 'field field-invalid'}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        {...(props.value === undefined ? {} : { value: props.value })}
        autocomplete={props.autocomplete}
        {...(props.type === 'password' ? {} : { autocapitalize: 'none' as const })}
        {...(props.required === false ? {} : { required: true })}
        {...(props.minlength === undefined ? {} : { minlength: props.minlength })}
        {...(props.maxlength === undefined ? {} : { maxlength: props.maxlength })}
        {...(props.autofocus === true ? { autofocus: true } : {})}
        {...(described.length === 0 ? {} : { 'aria-describedby': described.join(' ') })}
        {...(props.error === undefined ? {} : { 'aria-invalid': 'true' })}
      />
      {props.hint === undefined ? null : (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error === undefined ? null : (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  )
}

/** The hidden CSRF field every form carries (always named `csrf_token`). */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="csrf_token" value={props.token} />
}

/** A message about the whole form, read out when the page loads. */
export function FormError(props: { message: string | undefined }) {
  if (props.message === undefined) return null
  return (
    <div class="form-error" role="alert">
      {props.message}
    </div>
  )
}

/** A card with a heading, for the narrow single-form pages. */
export function Card(props: { title: string; lead?: Child; children?: Child }) {
  return (
    <section class="card" aria-labelledby="card-title">
      <h1 id="card-title">{props.title}</h1>
      {props.lead === undefined ? null : <p class="lead">{props.lead}</p>}
      {props.children}
    </section>
  )
}
