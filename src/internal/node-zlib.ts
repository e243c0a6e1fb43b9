/**
 * The compression seam: the one file of `core/`, `codec/`, `auth/`, `crypto/`, `internal/` and
 * `flash/` that imports `node:zlib`. The sealed cookie compresses with raw DEFLATE (RFC 1951),
 * Flask's format with zlib (RFC 1950, itsdangerous), and the key ring measures how well a
 * secret compresses; all of them call these names, typed as the subset tessera uses, so a runtime
 * without `node:` modules replaces this file and nothing else (docs/decisions.md §36).
 *
 * The bindings are node's own synchronous functions, not wrappers: nothing is added per cookie.
 *
 * @module
 */
import * as zlib from 'node:zlib'

/** The options tessera passes: a compression level, or a bound on what inflating may produce. */
export interface CompressionOptions {
  /** zlib's level, 0–9. @default 6 (zlib's `Z_DEFAULT_COMPRESSION`) */
  readonly level?: number
  /** Inflating fails (throws) once the output would pass this many bytes. */
  readonly maxOutputLength?: number
}

/** One synchronous compression or decompression step. Throws on a corrupt input stream. */
export type Compress = (data: string | Uint8Array, options?: CompressionOptions) => Buffer

/** Raw DEFLATE (RFC 1951), no header: the sealed cookie's compressed payload. */
export const deflateRawSync: Compress = zlib.deflateRawSync

/** Inverse of {@link deflateRawSync}. */
export const inflateRawSync: Compress = zlib.inflateRawSync

/** zlib-wrapped DEFLATE (RFC 1950), as Python's `zlib.compress` writes: Flask's compressed payload. */
export const deflateSync: Compress = zlib.deflateSync

/** Inverse of {@link deflateSync}. */
export const inflateSync: Compress = zlib.inflateSync
