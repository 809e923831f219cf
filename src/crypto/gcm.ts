/**
 * AES-256-GCM with a full 16-byte tag, as every satchel seal uses it (cookie seals and values at
 * rest): the ciphertext and tag travel as one buffer, the tag last.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const TAG_BYTES = 16;

/** `plaintext` (text, encoded as it is encrypted) sealed under `key` and `iv`, bound to `aad`: ciphertext ‖ tag. */
export function gcmSeal(key: Buffer, iv: Buffer, aad: Buffer, plaintext: string): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
}

/** The text `gcmSeal` sealed; throws when `body` (ciphertext ‖ tag, at least the tag long) does not authenticate. */
export function gcmOpen(key: Buffer, iv: Buffer, aad: Buffer, body: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  const head = decipher.update(body.subarray(0, body.length - TAG_BYTES));
  // GCM's final() checks the tag and adds no bytes: no concatenation (nor a StringDecoder) needed.
  const tail = decipher.final();
  return (tail.length === 0 ? head : Buffer.concat([head, tail])).toString('utf8');
}
