import { createHmac, timingSafeEqual } from 'node:crypto';

/** A secret accepted for signing: anything `crypto.createHmac` takes as a key. */
export type SigningSecret = string | Buffer;

/** Outcome of a successful {@link unsign}: the value and which secret verified it. */
export interface Unsigned {
  value: string;
  /** Index in the secrets array; above 0 means "re-sign with the first secret" (KR-02). */
  index: number;
}

function mac(value: string, secret: SigningSecret): string {
  return createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '');
}

/**
 * Signs `value` as `<value>.<base64 HMAC-SHA256 without '='>`, byte-compatible with
 * cookie-signature (what express-session writes after its `s:` prefix).
 *
 * @example
 * sign('abc', secret) // 'abc.<43 chars>'
 */
export function sign(value: string, secret: SigningSecret): string {
  return `${value}.${mac(value, secret)}`;
}

/**
 * Verifies a signed value against every secret in order. The comparison is constant-time and
 * guarded by an equal-length check, so trailing garbage never verifies (SID-07, cookie-signature #40).
 *
 * @returns the value and the index of the secret that matched, or `null`.
 */
export function unsign(signed: string, secrets: readonly SigningSecret[]): Unsigned | null {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed);
  for (let index = 0; index < secrets.length; index++) {
    const expected = Buffer.from(sign(value, secrets[index]!));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { value, index };
  }
  return null;
}
