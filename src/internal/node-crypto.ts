/**
 * The crypto seam: the one file of `core/`, `codec/`, `auth/`, `crypto/`, `internal/` and
 * `flash/` that imports the runtime's native crypto (`node:crypto`, `node:os`, `node:module`).
 * Everything else calls these names, typed here as the subset tessera uses, so a runtime without
 * `node:` modules replaces this file and nothing else (docs/decisions.md §36;
 * test/unit/portability.test.ts holds the rule).
 *
 * Each binding is node's own function, not a wrapper: a call through the seam is the call it
 * replaces, with nothing allocated or added on the hot paths (HMAC tags, SHA-256, the AEAD,
 * random fill; docs/decisions.md §30).
 *
 * @module
 */
import * as crypto from 'node:crypto'
import { createRequire } from 'node:module'
import * as os from 'node:os'

/** The digests tessera asks for (itsdangerous's `digest_method` choices among them). */
export type DigestAlgorithm = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'

/** The part of node's `Hash` and `Hmac` objects tessera calls. */
export interface Digester {
  update(data: string | Uint8Array): Digester
  update(data: string, inputEncoding: 'utf8' | 'latin1'): Digester
  digest(): Buffer
  digest(encoding: 'base64url' | 'hex'): string
}

/** A hash of `algorithm`, fed with `update` and read once with `digest`. */
export const createHash: (algorithm: DigestAlgorithm) => Digester = crypto.createHash

/** An HMAC (RFC 2104) of `algorithm` under `key`. */
export const createHmac: (algorithm: DigestAlgorithm, key: Uint8Array) => Digester =
  crypto.createHmac

/**
 * node's one-shot `crypto.hash` (Node ≥ 20.12, Deno), or `undefined` where the runtime has none:
 * SHA-256 without a Hash object, half the cost of `createHash` (docs/decisions.md §30).
 */
export const hashOnce:
  ((algorithm: 'sha256', data: Uint8Array, output: 'buffer') => Buffer) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined

/** Constant-time equality of two byte arrays of the same length (throws on different lengths). */
export const timingSafeEqual: (a: Uint8Array, b: Uint8Array) => boolean = crypto.timingSafeEqual

/** Fills `buffer` with bytes from the operating system's CSPRNG and returns it. */
export const randomFillSync: <T extends Uint8Array>(buffer: T) => T = crypto.randomFillSync

/** HKDF (RFC 5869) with SHA-256: `length` bytes of output keying material. */
export const hkdfSync: (
  digest: 'sha256',
  ikm: Uint8Array,
  salt: Uint8Array,
  info: string,
  length: number,
) => ArrayBuffer = crypto.hkdfSync

/** The AEAD cipher tessera's `node:crypto` implementation uses (RFC 8439). */
export type AeadAlgorithm = 'chacha20-poly1305'

/** The part of node's `CipherChaCha20Poly1305` tessera calls. */
export interface AeadCipher {
  setAAD(data: Uint8Array, options: { plaintextLength: number }): unknown
  update(data: Uint8Array): Buffer
  final(): Buffer
  getAuthTag(): Buffer
}

/** The part of node's `DecipherChaCha20Poly1305` tessera calls. */
export interface AeadDecipher {
  setAuthTag(tag: Uint8Array): unknown
  setAAD(data: Uint8Array, options: { plaintextLength: number }): unknown
  update(data: Uint8Array): Buffer
  final(): Buffer
}

/** An AEAD encryption under `key` and `nonce`, with a tag of `authTagLength` bytes. */
export const createCipheriv: (
  algorithm: AeadAlgorithm,
  key: Uint8Array,
  nonce: Uint8Array,
  options: { authTagLength: number },
) => AeadCipher = crypto.createCipheriv

/** An AEAD decryption under `key` and `nonce`, with a tag of `authTagLength` bytes. */
export const createDecipheriv: (
  algorithm: AeadAlgorithm,
  key: Uint8Array,
  nonce: Uint8Array,
  options: { authTagLength: number },
) => AeadDecipher = crypto.createDecipheriv

/**
 * How many tasks can run in parallel here (`os.availableParallelism`), for the password-hash
 * limiter's default; 1 where the runtime cannot tell.
 */
export function availableParallelism(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : 1
}

/**
 * The optional `sodium-native` package, or `undefined` where it is not installed or cannot load
 * (workerd; Deno without `--allow-ffi`). Its shape is checked by the caller
 * (`internal/sodium.ts`), and what it computes by known answers before use.
 */
export function loadSodiumNative(): unknown {
  try {
    // Inside the try: on workerd `import.meta.url` is not a file URL and createRequire throws.
    return createRequire(import.meta.url)('sodium-native') as unknown
  } catch {
    return undefined
  }
}
