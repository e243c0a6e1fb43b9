/**
 * The key ring: ordered secrets (the first seals and signs, all of them open and verify), each
 * checked once at start-up, with per-purpose keys derived by HKDF-SHA256 (RFC 5869) so a value
 * minted for one purpose never verifies for another (CL-20, CL-21).
 *
 * @module
 */
import { ConfigError } from '../errors.js'
import { decodeBase64url, encodeBase64url } from '../internal/base64url.js'
import { createHash, hkdfSync } from '../internal/node-crypto.js'
import { deflateRawSync } from '../internal/node-zlib.js'

/** A secret: a string (e.g. from `npx tessera-session secret`) or raw key bytes. */
export type Secret = string | Uint8Array

/** What a key is used for; each purpose has its own derived key. */
export type KeyPurpose =
  'session' | 'session-id' | 'csrf' | 'login-csrf' | 'remember' | 'revocation'

/** A derived key with the id that names it inside cookies. */
export interface DerivedKey {
  readonly id: string
  readonly key: Buffer
}

/** Ordered keys for one purpose: `primary` seals and signs, every key in `all` opens and verifies. */
export interface PurposeKeys {
  readonly primary: DerivedKey
  readonly all: readonly DerivedKey[]
  byId(id: string): DerivedKey | undefined
}

/** Secrets resolved and validated once; purpose keys derived lazily and cached. */
export interface KeyRing {
  /** Number of secrets (1 + fallbacks). */
  readonly size: number
  keys(purpose: KeyPurpose): PurposeKeys
}

const MIN_SECRET_BYTES = 32
const HKDF_SALT = Buffer.from('tessera/hkdf/v1')
const HOW_TO =
  'Generate one with `npx tessera-session secret` and pass it through an environment variable ' +
  '(for example TESSERA_SECRET).'

/** Placeholders seen in tutorials and templates; refused whatever their length (CL-3). */
const PLACEHOLDERS = [
  'secret',
  'supersecret',
  'supersecretkey',
  'changeme',
  'change-me',
  'change_me',
  'changethis',
  'dev',
  'development',
  'test',
  'keyboard cat',
  'keyboardcat',
  'password',
  'mysecret',
  'your-secret-key',
  'yoursecretkey',
  'secretkey',
  'default',
  'example',
  'replace-me',
  'replaceme',
  'todo',
  'xxx',
]

/**
 * Build a key ring from one secret or a list (newest first).
 *
 * @throws ConfigError when a secret is missing, short, low in entropy or a known placeholder.
 */
export function createKeyRing(secret: Secret | readonly Secret[] | undefined): KeyRing {
  const list: readonly Secret[] =
    secret === undefined
      ? []
      : Array.isArray(secret)
        ? (secret as readonly Secret[])
        : [secret as Secret]
  if (list.length === 0) {
    throw new ConfigError(`A secret is required to sign and seal sessions. ${HOW_TO}`)
  }
  const material = list.map((s, index) => checkSecret(s, index))
  const cache = new Map<KeyPurpose, PurposeKeys>()
  return {
    size: material.length,
    keys(purpose) {
      let keys = cache.get(purpose)
      if (keys === undefined) {
        keys = derivePurposeKeys(material, purpose)
        cache.set(purpose, keys)
      }
      return keys
    },
  }
}

function derivePurposeKeys(material: readonly Buffer[], purpose: KeyPurpose): PurposeKeys {
  const all = material.map((ikm) => {
    const key = Buffer.from(hkdfSync('sha256', ikm, HKDF_SALT, `tessera ${purpose} key`, 32))
    const id = encodeBase64url(Buffer.from(hkdfSync('sha256', ikm, HKDF_SALT, 'tessera key id', 6)))
    return { id, key }
  })
  const byId = new Map(all.map((k) => [k.id, k]))
  const primary = all[0]
  if (primary === undefined) throw new ConfigError(`A secret is required. ${HOW_TO}`)
  return { primary, all, byId: (id) => byId.get(id) }
}

function checkSecret(secret: Secret, index: number): Buffer {
  const label = index === 0 ? 'The secret' : `Fallback secret #${index}`
  if (secret instanceof Uint8Array) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new ConfigError(
        `${label} has ${secret.length} bytes; at least 32 are needed. ${HOW_TO}`,
      )
    }
    return Buffer.from(secret)
  }
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new ConfigError(`${label} is empty. ${HOW_TO}`)
  }
  const lowered = secret.trim().toLowerCase()
  if (
    PLACEHOLDERS.some(
      (p) => lowered === p || lowered.replace(/[^a-z]/g, '') === p.replace(/[^a-z]/g, ''),
    )
  ) {
    throw new ConfigError(`${label} is a well-known placeholder. ${HOW_TO}`)
  }
  const decoded = decodeEncodedKey(secret)
  if (decoded !== undefined && decoded.length >= MIN_SECRET_BYTES) return decoded
  const bytes = Buffer.from(secret, 'utf8')
  if (
    bytes.length < MIN_SECRET_BYTES ||
    estimateEntropyBits(secret) < 128 ||
    isRepetitive(secret)
  ) {
    throw new ConfigError(
      `${label} is too short or too predictable: it needs at least 32 bytes of randomness. ${HOW_TO}`,
    )
  }
  return bytes
}

/** Hex (64+ chars) or base64/base64url (43+ chars) secrets are used as the bytes they encode. */
function decodeEncodedKey(secret: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64,}$/.test(secret) && secret.length % 2 === 0) {
    const bytes = Buffer.from(secret, 'hex')
    return distinctBytes(bytes) >= 12 ? bytes : undefined
  }
  const normalized = secret.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  if (normalized.length >= 43) {
    const bytes = decodeBase64url(normalized)
    if (bytes !== undefined && distinctBytes(bytes) >= 16) return bytes
  }
  return undefined
}

function distinctBytes(bytes: Buffer): number {
  return new Set(bytes).size
}

/** Shannon entropy of the characters times the length: a rough upper bound, enough to refuse `aaaa…`. */
function estimateEntropyBits(text: string): number {
  const counts = new Map<string, number>()
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  const n = [...text].length
  let perChar = 0
  for (const c of counts.values()) perChar -= (c / n) * Math.log2(c / n)
  return perChar * n
}

/** Repeated words (`changemechangeme…`) compress far below their length. */
function isRepetitive(text: string): boolean {
  const bytes = Buffer.from(text, 'utf8')
  return deflateRawSync(bytes).length < Math.min(bytes.length, 48) * 0.75
}

/** A short, non-reversible fingerprint of a secret for logs (never the secret itself). */
export function secretFingerprint(secret: Secret): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 8)
}
