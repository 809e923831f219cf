/**
 * Strict base64url for sealed values (ST-06). Node's decoder skips characters it does not
 * know, accepts padding and ignores the unused trailing bits, so several strings decode to the
 * same bytes; a seal must have exactly one spelling, so every decode is re-encoded and compared.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Length of the unpadded base64url text for `byteLength` bytes. */
export function base64urlLength(byteLength: number): number {
  return Math.ceil((byteLength * 4) / 3);
}

/**
 * Decodes canonical unpadded base64url, or returns null for anything else: padding, whitespace,
 * foreign characters, an impossible length or non-zero unused trailing bits.
 */
export function decodeBase64urlStrict(text: string): Buffer | null {
  if (typeof text !== 'string' || text.length % 4 === 1 || !BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}
