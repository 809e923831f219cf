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
  return isStrictBase64url(text) ? Buffer.from(text, 'base64url') : null;
}

/** Whether {@link decodeBase64urlStrict} would decode `text`, without decoding it. */
export function isStrictBase64url(text: string): boolean {
  if (typeof text !== 'string' || text.length % 4 === 1 || !BASE64URL.test(text)) return false;
  // Past the alphabet and length checks, the only other spelling of the same bytes differs in the
  // unused low bits of the last character (4 bits after 2 leftover characters, 2 after 3): checking
  // those is the same test as re-encoding and comparing, without the second string.
  const tail = text.length % 4;
  if (tail !== 0) {
    const code = text.charCodeAt(text.length - 1);
    const sextet = code >= 97 ? code - 71 : code >= 65 ? code - 65 : code >= 48 ? code + 4 : code === 45 ? 62 : 63;
    if ((sextet & (tail === 2 ? 0x0f : 0x03)) !== 0) return false;
  }
  return true;
}
