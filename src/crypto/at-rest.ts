/**
 * Sealing of session values at rest (the `encryption` option of `session()`): AES-256-GCM, each
 * value bound to its store key and field, so a sealed value copied to another session or another
 * field does not open. User ids become keyed hashes, one per ring key, so per-user listing
 * survives a key rotation and a dump names nobody.
 *
 * v2 (written): `v2.<kid>.<salt>.<iv>.<ciphertext‖tag>`. The key is the sealer's batch key
 * (seal-material.ts, the one place that bounds how much one derived key seals): HKDF of the ring
 * key and a random salt carried in the value, at most 65,536 seals and 10 minutes per salt, each
 * seal with its own random IV — the bound NIST SP 800-38D sets for random IVs holds however long
 * a key stays in the ring. v1 (read only): one HKDF key per ring key for every value ever sealed
 * under it; its values still open, are re-sealed as v2 when written, and count as stale for
 * `resealSessions`.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { TAG_BYTES, gcmOpen, gcmSeal } from './gcm.js';
import { pooledRandom } from './random.js';
import { createSealKeyRing, type SealKeysInput } from './seal-keyring.js';
import { IV_BYTES, SALT_BYTES, createMaterialCache } from './seal-material.js';
import { base64urlLength, decodeBase64urlStrict, encodeBase64url, isStrictBase64url } from './seal-codec.js';

/** The one key of the object a sealed data value becomes: `{ "$sealed": "v2.<kid>.<salt>.<iv>.<ct>" }`. */
export const SEALED_FIELD = '$sealed';
/** The prefix of a sealed text column (the user agent). */
const TEXT_PREFIX = '$sealed:';
const VERSION = 'v2';
const V1 = 'v1';
// The batch keys' purpose; the AAD's own prefix keeps these seals apart from any cookie seal.
const PURPOSE = 'at-rest';
const SALT_CHARS = base64urlLength(SALT_BYTES);
const IV_CHARS = base64urlLength(IV_BYTES);

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

// The user-index key, and v1's one value key per ring key: HKDF without salt, one label each.
function derive(key: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), label, 32));
}

// Every part length-prefixed, so no two (key id, store key, field) triples share an AAD; the
// version leads, so a v1 value can never be read as a v2 one or the other way round.
function aad(version: string, keyId: string, storeKey: string, field: string): Buffer {
  return Buffer.from(`${version}.${keyId.length}:${keyId}.${storeKey.length}:${storeKey}.${field.length}:${field}`, 'utf8');
}

/** Keys in the format and under the strength rules of `cookieSession()`'s `keys`. */
export function createAtRestCipher(keys: SealKeysInput, primary?: string): AtRestCipher {
  const ring = createSealKeyRing(keys, primary);
  // A randomBytes call per value cost about as much as sealing it; the IV is encoded before the next draw.
  const random = pooledRandom();
  const material = createMaterialCache();
  const v1Keys = new Map<string, Buffer>();
  const userKeys = new Map<string, Buffer>();
  for (const id of ring.ids) userKeys.set(id, derive(ring.get(id)!, 'satchel/user-index/v1'));

  function seal(storeKey: string, field: string, plaintext: string): string {
    const id = ring.primaryId;
    const { batch, iv } = material.draw(ring.get(id)!, PURPOSE, Date.now(), random);
    const body = gcmSeal(batch.key, iv, aad(VERSION, id, storeKey, field), plaintext);
    return `${VERSION}.${id}.${batch.saltText}.${encodeBase64url(iv)}.${encodeBase64url(body)}`;
  }

  function open(storeKey: string, field: string, sealed: string): { plaintext: string; stale: boolean } | null {
    const parts = sealed.split('.');
    if (parts[0] === V1 && parts.length === 4) return openV1(storeKey, field, parts as [string, string, string, string]);
    if (parts[0] !== VERSION || parts.length !== 5) return null;
    const [, id, saltText, ivText, bodyText] = parts as [string, string, string, string, string];
    const ringKey = ring.get(id);
    // Spelling before crypto: a forged salt never reaches HKDF.
    if (ringKey === undefined || saltText.length !== SALT_CHARS || ivText.length !== IV_CHARS || !isStrictBase64url(saltText)) return null;
    const iv = decodeBase64urlStrict(ivText);
    const body = decodeBase64urlStrict(bodyText);
    if (iv === null || body === null || body.length < TAG_BYTES) return null;
    try {
      const plaintext = material.openWith(ringKey, saltText, PURPOSE, (key) => gcmOpen(key, iv, aad(VERSION, id, storeKey, field), body));
      return { plaintext, stale: id !== ring.primaryId };
    } catch {
      return null;
    }
  }

  function openV1(storeKey: string, field: string, [, id, ivText, bodyText]: [string, string, string, string]): { plaintext: string; stale: boolean } | null {
    const ringKey = ring.get(id);
    if (ringKey === undefined) return null;
    let key = v1Keys.get(id);
    if (key === undefined) v1Keys.set(id, (key = derive(ringKey, `satchel/at-rest/${V1}`)));
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return null;
    try {
      // Always stale: a v1 value is re-sealed as v2 by the next write or resealSessions.
      return { plaintext: gcmOpen(key, iv, aad(V1, id, storeKey, field), body), stale: true };
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
