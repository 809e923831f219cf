/**
 * Sealing of session values at rest (the `encryption` option of `session()`): AES-256-GCM under a
 * key derived for this purpose only, each value bound to its store key and field, so a sealed
 * value copied to another session or another field does not open. User ids become keyed hashes,
 * one per ring key, so per-user listing survives a key rotation and a dump names nobody.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { pooledRandom } from './random.js';
import { createSealKeyRing, type SealKeysInput } from './seal-keyring.js';

/** The one key of the object a sealed data value becomes: `{ "$sealed": "v1.<kid>.<iv>.<ct>" }`. */
export const SEALED_FIELD = '$sealed';
/** The prefix of a sealed text column (the user agent). */
const TEXT_PREFIX = '$sealed:';
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A value sealed at rest, as it sits in a record's data. */
export interface SealedValue {
  [SEALED_FIELD]: string;
}

/** What opening found: the value, and whether it was sealed by an older key (re-seal when written). */
export interface Opened {
  value: unknown;
  stale: boolean;
}

export interface AtRestCipher {
  /** Seals one top-level value of the session stored under `storeKey`. */
  sealValue(storeKey: string, field: string, value: unknown): SealedValue;
  /** Opens a value `sealValue` made for the same store key and field; null when it does not open. */
  openValue(storeKey: string, field: string, sealed: SealedValue): Opened | null;
  sealText(storeKey: string, field: string, text: string): string;
  /** The text, or null when it does not open; a text that was never sealed comes back as it is. */
  openText(storeKey: string, field: string, text: string): string | null;
  /** The keyed hashes a user id is stored under, newest key first: the first is written, all are searched. */
  userHashes(userId: string): string[];
}

/** A data value satchel sealed: an object with exactly the one `$sealed` string. */
export function isSealedValue(value: unknown): value is SealedValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === SEALED_FIELD && typeof (value as SealedValue)[SEALED_FIELD] === 'string';
}

export function isSealedText(text: string): boolean {
  return text.startsWith(TEXT_PREFIX);
}

function derive(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `satchel/${purpose}/${VERSION}`, 32));
}

// Every part length-prefixed, so no two (store key, field) pairs share an AAD.
function aad(keyId: string, storeKey: string, field: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId.length}:${keyId}.${storeKey.length}:${storeKey}.${field.length}:${field}`, 'utf8');
}

/** Keys in the format and under the strength rules of `cookieSession()`'s `keys`. */
export function createAtRestCipher(keys: SealKeysInput, primary?: string): AtRestCipher {
  const ring = createSealKeyRing(keys, primary);
  // A randomBytes call per value cost about as much as sealing it; the IV is encoded before the next draw.
  const random = pooledRandom();
  const valueKeys = new Map<string, Buffer>();
  const userKeys = new Map<string, Buffer>();
  for (const id of ring.ids) {
    const key = ring.get(id)!;
    valueKeys.set(id, derive(key, 'at-rest'));
    userKeys.set(id, derive(key, 'user-index'));
  }

  function seal(storeKey: string, field: string, plaintext: string): string {
    const id = ring.primaryId;
    const iv = random(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', valueKeys.get(id)!, iv);
    cipher.setAAD(aad(id, storeKey, field));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  function open(storeKey: string, field: string, sealed: string): { plaintext: string; stale: boolean } | null {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) return null;
    const [, id, ivText, bodyText] = parts as [string, string, string, string];
    const key = valueKeys.get(id);
    if (key === undefined) return null;
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad(id, storeKey, field));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      return { plaintext, stale: id !== ring.primaryId };
    } catch {
      return null;
    }
  }

  return {
    sealValue: (storeKey, field, value) => ({ [SEALED_FIELD]: seal(storeKey, field, JSON.stringify(value)) }),
    openValue(storeKey, field, sealed) {
      const opened = open(storeKey, field, sealed[SEALED_FIELD]);
      if (opened === null) return null;
      try {
        return { value: JSON.parse(opened.plaintext) as unknown, stale: opened.stale };
      } catch {
        return null;
      }
    },
    sealText: (storeKey, field, text) => TEXT_PREFIX + seal(storeKey, field, text),
    openText(storeKey, field, text) {
      if (!isSealedText(text)) return text;
      return open(storeKey, field, text.slice(TEXT_PREFIX.length))?.plaintext ?? null;
    },
    userHashes: (userId) => ring.ids.map((id) => `u1.${id}.${createHmac('sha256', userKeys.get(id)!).update(userId, 'utf8').digest('base64url')}`),
  };
}
