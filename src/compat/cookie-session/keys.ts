import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Anything that signs and verifies like a `Keygrip` instance. cookie-session accepts such an
 * object as `keys`, so the drop-in does too.
 */
export interface KeygripLike {
  /** Signs `data` with the current (first) key. */
  sign(data: string): string;
  /** Index of the key that produced `digest` for `data`, or -1. */
  index(data: string, digest: string): number;
}

/** A key as `crypto.createHmac` takes it. */
export type SigningKey = string | Buffer;

function hmacSha1(data: string, key: SigningKey): string {
  // keygrip's defaults: HMAC-SHA1, base64 turned url-safe with the padding dropped.
  return createHmac('sha1', key).update(data).digest('base64url');
}

function sameDigest(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A keygrip-compatible signer over a key list: signs with `keys[0]`, verifies against all of
 * them (rotation), byte-for-byte the values keygrip 1.1 produces with its default algorithm.
 *
 * @example
 * const signer = createKeySigner(['new', 'old']);
 * signer.sign('session=eyJ9'); // base64url HMAC-SHA1, no padding
 */
export function createKeySigner(keys: readonly SigningKey[]): KeygripLike {
  if (keys.length === 0) throw new Error('Keys must be provided.');
  const list = [...keys];
  return {
    sign: (data) => hmacSha1(data, list[0]),
    index(data, digest) {
      for (let i = 0; i < list.length; i++) {
        if (sameDigest(digest, hmacSha1(data, list[i]))) return i;
      }
      return -1;
    },
  };
}

/** Turns cookie-session's `keys` option (array or Keygrip-like object) into a signer. */
export function toSigner(keys: readonly SigningKey[] | KeygripLike): KeygripLike {
  return Array.isArray(keys) ? createKeySigner(keys) : (keys as KeygripLike);
}
