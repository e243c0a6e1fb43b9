/**
 * The framework-free session manager: `begin(request)` gives a lazy handle, the handler uses
 * `handle.session`, and `commit()` returns the Set-Cookie values. Two backends share the
 * same `Session`: sealed cookies (default) and server-side sessions (with a `store`).
 *
 * ```ts
 * import { createSessionManager } from 'tessera-session'
 * const manager = createSessionManager({ secret: process.env.TESSERA_SECRET! })
 * const handle = manager.begin({ cookieHeader: req.headers.cookie, encrypted: false, host: 'localhost' })
 * handle.session.set('visits', 1)
 * const { cookies, vary } = await handle.commit()
 * ```
 *
 * @module
 */
import { createKeyRing, type KeyRing, type Secret } from '../codec/keyring.js'
import { createSealedCodec } from '../codec/sealed-codec.js'
import type { SessionCodec } from '../codec/session-codec.js'
import { createFlaskSessionCodec } from '../codec/flask/session-codec.js'
import { createIdSigner, type IdSigner } from '../crypto/id-signer.js'
import { ConfigError } from '../errors.js'
import { toSafeJson } from '../internal/json.js'
import type { MaybePromise } from '../stores/store.js'
import { defineCookie, MAX_SET_COOKIE_BYTES, type CookieSpec } from './cookie.js'
import { beginCookieSession } from './cookie-session.js'
import { isLoopbackHost, type CommitResult, type RequestInfo } from './http.js'
import { withLoadChecks, type LoadChecks } from './load-check.js'
import { resolveOptions, type ResolvedOptions, type SessionOptions } from './options.js'
import type { AppSessionData, Session } from './session.js'
import { beginStoreSession } from './store-session.js'

/**
 * What `commit()` answers: the commit result at once when nothing had to wait (an untouched or
 * read-only session, a sealed cookie, a synchronous store), else its promise. Await it either
 * way; adapters that can go on without a turn of the event loop check for a promise first
 * (docs/decisions.md §30).
 */
export type CommitOutcome = MaybePromise<CommitResult>

/**
 * One request's session: use `session`, then `commit()` before the headers go out. The state
 * behind the session is not part of the handle: the library reaches it through the session.
 */
export interface SessionHandle<Data extends object = AppSessionData> {
  readonly session: Session<Data>
  /**
   * Server-side sessions: fetch the record when the request carries a well-formed cookie (call it
   * before the handler). Cookie sessions open lazily and return `undefined`.
   */
  load(): Promise<void> | undefined
  /** Decide and perform what the response needs; synchronous for cookie sessions. */
  commit(): CommitOutcome
}

/** A configured session manager (options resolved and checked once). */
export interface SessionManager<Data extends object = AppSessionData> {
  readonly mode: 'cookie' | 'store'
  readonly options: ResolvedOptions
  readonly keyRing: KeyRing
  /** The cookie (name and attributes) used for a request with these properties. */
  cookieFor(request: Pick<RequestInfo, 'encrypted' | 'host'>): CookieSpec
  begin(request: RequestInfo): SessionHandle<Data>
}

/** A cookie variant with the codec bound to its name. */
export interface CookieVariant {
  readonly spec: CookieSpec
  /** The cookie format: its codec, lifetime rule and value validator, chosen once here. */
  readonly codec: SessionCodec
  readonly signer: IdSigner
  /** `name.0`, `name.1`, … when sessions may span cookies (`cookie.maxChunks` > 1), else empty. */
  readonly chunks: readonly CookieSpec[]
}

/**
 * Create a session manager. Throws `ConfigError` at once for a missing or weak secret, a
 * contradictory cookie setting or a bad `schema`/`migrate`. With a `schema`, `Data` is its output
 * type: `createSessionManager({ secret, schema })` is a `SessionManager<InferSessionData<typeof
 * schema>>`.
 */
export function createSessionManager<Data extends object = AppSessionData>(
  options: SessionOptions<Data>,
): SessionManager<Data> {
  const resolved = resolveOptions(options)
  const keyRing = createKeyRing(resolved.keyRingInput)
  const { cookie } = resolved
  const variant = (secure: boolean): CookieVariant => {
    const prefix = !secure
      ? ''
      : cookie.prefix === 'host'
        ? '__Host-'
        : cookie.prefix === 'secure'
          ? '__Secure-'
          : ''
    const spec = defineCookie(prefix + cookie.name, {
      path: cookie.path,
      domain: cookie.domain,
      secure,
      httpOnly: cookie.httpOnly,
      sameSite: cookie.sameSite,
      partitioned: cookie.partitioned && secure,
    })
    // The one place the format is chosen: the codec brings its own rules, so nothing past this
    // line asks which format runs.
    const codec: SessionCodec =
      resolved.format === 'flask'
        ? createFlaskSessionCodec({
            secret: flaskSecrets(resolved.keyRingInput),
            maxAge: resolved.permanentLifetimeMs / 1000,
          })
        : {
            ...createSealedCodec({
              keys: keyRing.keys('session'),
              cookieName: spec.name,
              maxLength: cookie.maxChunks * MAX_SET_COOKIE_BYTES,
            }),
            lifetime: 'all',
            validate: toSafeJson,
          }
    const chunks =
      cookie.maxChunks > 1
        ? Array.from({ length: cookie.maxChunks }, (_, i) =>
            defineCookie(`${spec.name}.${i}`, spec.attributes),
          )
        : []
    return { spec, codec, signer: createIdSigner(keyRing.keys('session-id')), chunks }
  }
  const secureVariant = cookie.secure === false ? undefined : variant(true)
  const plainVariant =
    cookie.secure === true ? undefined : cookie.sameSite === 'none' ? undefined : variant(false)
  if (secureVariant === undefined && plainVariant === undefined) {
    throw new ConfigError('No usable cookie configuration.')
  }
  const production = process.env.NODE_ENV === 'production'
  // The last host asked about and its answer: an app serves one or two host names, and the
  // loopback test (a lower-case copy and a regex) was a measurable part of a sealed READ.
  let lastHost: string | undefined
  let lastIsLoopback = false
  const loopback = (host: string | undefined): boolean => {
    if (host !== lastHost) {
      lastIsLoopback = isLoopbackHost(host)
      lastHost = host
    }
    return lastIsLoopback
  }
  const pick = (request: Pick<RequestInfo, 'encrypted' | 'host'>): CookieVariant => {
    if (cookie.secure === true) return secureVariant as CookieVariant
    if (cookie.secure === false) return plainVariant as CookieVariant
    const plain = !request.encrypted && !production && loopback(request.host)
    return (plain ? plainVariant : secureVariant) ?? (secureVariant as CookieVariant)
  }

  const store = resolved.store
  // Filled by a login manager (sealed cookies: revocation on load, core/load-check.ts).
  const checks: LoadChecks = { check: undefined }
  return withLoadChecks(
    {
      mode: store === undefined ? 'cookie' : 'store',
      options: resolved,
      keyRing,
      cookieFor: (request) => pick(request).spec,
      // Chosen once; each backend takes the `schema` option (or none) from the options.
      begin:
        store === undefined
          ? (request) => beginCookieSession<Data>(pick(request), request, resolved, checks)
          : (request) => beginStoreSession<Data>(pick(request), request, resolved, store),
    },
    checks,
  )
}

/** Flask derives its own keys from the raw SECRET_KEY: pass the secrets through unchanged. */
function flaskSecrets(input: Secret | readonly Secret[]): (string | Uint8Array)[] {
  return (Array.isArray(input) ? [...(input as readonly Secret[])] : [input as Secret]).map((s) =>
    typeof s === 'string' ? s : Uint8Array.from(s),
  )
}
