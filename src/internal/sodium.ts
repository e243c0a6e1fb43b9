/**
 * libsodium through the optional `sodium-native` package, loaded once, where it loads (Node, Bun;
 * Deno with `--allow-ffi`; never on workerd). Callers fall back to node:crypto or plain JavaScript
 * when it is `undefined`, and check what they use against a known answer first.
 *
 * @module
 */
import { loadSodiumNative } from './node-crypto.js'

/** The part of sodium-native's API tessera calls. */
export interface Sodium {
  crypto_aead_chacha20poly1305_ietf_encrypt(
    c: Uint8Array,
    m: Uint8Array,
    ad: Uint8Array | null,
    nsec: null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number
  crypto_aead_chacha20poly1305_ietf_decrypt(
    m: Uint8Array,
    nsec: null,
    c: Uint8Array,
    ad: Uint8Array | null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number
  crypto_hash_sha256(out: Uint8Array, input: Uint8Array): void
}

/** sodium-native, or `undefined` where it does not load. */
export const sodium: Sodium | undefined = loadSodiumNative() as Sodium | undefined
