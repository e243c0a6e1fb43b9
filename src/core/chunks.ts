/**
 * Chunked session cookies (`cookie.maxChunks` > 1): a sealed value longer than one cookie holds is
 * cut into `name.0`, `name.1`, … Chunk 0 starts with the count (`3.v1.…`); the pieces, joined in
 * order, are the one sealed value, so dropping, reordering, replaying or altering any chunk breaks
 * the seal and the request has no session. A session that fits one cookie is written as `name`,
 * unchunked. Whatever the request carried that the new answer does not use is deleted.
 * Format: docs/format.md, "Chunked cookies".
 *
 * @module
 */
import { CookieTooLargeError } from '../errors.js'
import { deleteCookie, hasCookie, MAX_SET_COOKIE_BYTES, readCookie, setCookie } from './cookie.js'
import type { CookieSpec } from './cookie.js'

/** What the request carried under the chunk names. */
export interface ChunkedValue {
  /** The joined value, when chunk 0 names a count and every chunk up to it is there once. */
  readonly value: string | undefined
  /** The chunk indexes the request named at all: candidates for deletion. */
  readonly present: readonly number[]
}

const COUNT = /^([2-9])\./

/** Read a chunked session value (the cookies of `chunks`, in order) from a Cookie header. */
export function readChunked(
  header: string | undefined,
  chunks: readonly CookieSpec[],
): ChunkedValue {
  const present: number[] = []
  if (header === undefined) return { value: undefined, present }
  for (let i = 0; i < chunks.length; i++) {
    if (hasCookie(header, (chunks[i] as CookieSpec).name)) present.push(i)
  }
  if (present[0] !== 0) return { value: undefined, present }
  const first = readCookie(header, (chunks[0] as CookieSpec).name)
  const count = first === undefined ? null : COUNT.exec(first)
  if (first === undefined || count === null) return { value: undefined, present }
  const n = Number(count[1])
  if (n > chunks.length) return { value: undefined, present }
  let value = first.slice(count[0].length)
  for (let i = 1; i < n; i++) {
    const piece = readCookie(header, (chunks[i] as CookieSpec).name)
    if (piece === undefined) return { value: undefined, present }
    value += piece
  }
  return { value, present }
}

/**
 * The Set-Cookie values for `value` over as few chunks as it needs (at least 2), each within the
 * 4096-byte limit.
 *
 * @throws CookieTooLargeError when even every chunk is not enough.
 */
export function writeChunked(
  value: string,
  chunks: readonly CookieSpec[],
  maxAge: number | undefined,
  now: number,
): string[] {
  // Room for the value in each chunk: the limit minus the name, attributes and expiry.
  const room = chunks.map(
    (spec) => MAX_SET_COOKIE_BYTES - Buffer.byteLength(setCookie(spec, '', maxAge, now)),
  )
  for (let n = 2; n <= chunks.length; n++) {
    const prefix = `${n}.`
    let capacity = -prefix.length
    for (let i = 0; i < n; i++) capacity += room[i] as number
    if (value.length > capacity) continue
    const cookies: string[] = []
    let at = 0
    for (let i = 0; i < n; i++) {
      const take = (room[i] as number) - (i === 0 ? prefix.length : 0)
      const piece = value.slice(at, at + take)
      at += piece.length
      cookies.push(
        setCookie(chunks[i] as CookieSpec, i === 0 ? prefix + piece : piece, maxAge, now),
      )
    }
    return cookies
  }
  const total = value.length + chunks.length * 120
  throw new CookieTooLargeError(total, chunks.length * MAX_SET_COOKIE_BYTES, chunks.length)
}

/** Deletions for the chunk cookies the request named, from index `from` on. */
export function deleteChunks(
  chunks: readonly CookieSpec[],
  present: readonly number[],
  from = 0,
): string[] {
  return present.filter((i) => i >= from).map((i) => deleteCookie(chunks[i] as CookieSpec))
}
