/**
 * Signing secrets of `session()`: the one validation both a static `secret` and every result of
 * a per-tenant `secret` function go through, and the event key derived from the first secret.
 */
import { hkdfSync } from 'node:crypto';
import { KEYGEN_ADVICE, MIN_SECRET_LENGTH, secretWeakness, weakSecretMessage } from '../../crypto/secret-strength.js';
import type { SigningSecret } from '../../crypto/signer.js';
import { SessionOptionsError } from '../../errors.js';

export function validateSecrets(secret: unknown, allowWeak: boolean): SigningSecret[] {
  const list = Array.isArray(secret) ? secret : [secret];
  if (secret === undefined || secret === null || list.length === 0) {
    throw new SessionOptionsError(`secret is required: at least ${MIN_SECRET_LENGTH} random characters; ${KEYGEN_ADVICE}`);
  }
  return list.map((item, index) => {
    const where = Array.isArray(secret) ? `secret[${index}]` : 'secret';
    if (!Buffer.isBuffer(item) && typeof item !== 'string') throw new SessionOptionsError(`${where} must be a string or Buffer`);
    // Even the weak-secret escape hatch keeps an empty secret out: it signs nothing.
    const reason = allowWeak ? (item.length === 0 ? 'is empty' : null) : secretWeakness(item);
    if (reason !== null) throw new SessionOptionsError(weakSecretMessage(where, reason));
    return item;
  });
}

/** Key for the keyed id hashes in events: derived, never the signing secret itself (KR-04). */
export function deriveEventKey(secret: SigningSecret): Buffer {
  const master = Buffer.isBuffer(secret) ? secret : Buffer.from(secret);
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'satchel event id hash v1', 32));
}
