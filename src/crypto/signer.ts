import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A secret accepted for signing: anything `crypto.createHmac` takes as a key. */
export type SigningSecret = string | Buffer;

/** Outcome of a successful unsign: the value and which secret verified it. */
export interface Unsigned {
  value: string;
  /** Index in the secrets array; above 0 means "re-sign with the first secret" (KR-02). */
  index: number;
}

/**
 * Signs and verifies `<value>.<base64 HMAC-SHA256 without '='>` with one fixed list of secrets:
 * byte-compatible with cookie-signature, what express-session writes after its `s:` prefix.
 */
export interface CookieSigner {
  /** Signs with the first secret. */
  sign(value: string): string;
  /** The value and the index of the secret that verified it, or `null`. */
  unsign(signed: string): Unsigned | null;
}

// The only spelling of a 32-byte MAC in unpadded base64: 43 characters, the last one carrying
// two zero bits. Anything else cannot equal the expected text, so it is refused before any HMAC.
const MAC_TEXT = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]$/;

function importKey(secret: SigningSecret): KeyObject | SigningSecret {
  try {
    return createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret);
  } catch {
    // createSecretKey refuses an empty key; createHmac takes it, so keep the raw secret.
    return secret;
  }
}

/**
 * The one signer of the session id cookie, for the engine and the express-session drop-in.
 * Each secret is imported once as a KeyObject and only the 43 MAC characters are compared
 * (constant-time, after a canonical-spelling check), so a request costs one HMAC per secret
 * tried and trailing garbage never verifies (SID-07, cookie-signature #40).
 *
 * @example
 * createCookieSigner([secret]).sign('abc') // 'abc.<43 chars>'
 */
export function createCookieSigner(secrets: readonly SigningSecret[]): CookieSigner {
  const keys = secrets.map(importKey);
  // A 32-byte MAC is 44 base64 characters ending in one '='; the text form is the first 43.
  const mac = (value: string, key: KeyObject | SigningSecret) => createHmac('sha256', key).update(value).digest('base64').slice(0, 43);
  return {
    sign: (value) => `${value}.${mac(value, keys[0]!)}`,
    unsign(signed) {
      const dot = signed.lastIndexOf('.');
      if (dot <= 0) return null;
      const text = signed.slice(dot + 1);
      // ASCII only past this check, so the latin1 bytes below are exactly the characters.
      if (!MAC_TEXT.test(text)) return null;
      const given = Buffer.from(text, 'latin1');
      const value = signed.slice(0, dot);
      for (let index = 0; index < keys.length; index++) {
        if (timingSafeEqual(Buffer.from(mac(value, keys[index]!), 'latin1'), given)) return { value, index };
      }
      return null;
    },
  };
}
