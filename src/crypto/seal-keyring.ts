/**
 * The key ring behind sealed cookies: ids → 32+ random bytes, one primary that seals, every key
 * verifies (KR-01). Keys are checked at construction (ST-09) because a weak key is a silent,
 * permanent hole: nothing at request time could notice it.
 */
import { SessionOptionsError } from '../errors.js';
import { createHmac, randomBytes } from 'node:crypto';
import { KEYGEN_ADVICE, MIN_SECRET_LENGTH, bytesWeakness, textWeakness, weakSecretMessage } from './secret-strength.js';

/** A key: 32+ random bytes, as bytes or as hex / base64 / base64url text. */
export type SealKeyMaterial = string | Uint8Array;

/**
 * What `keys` accepts: an array (first key seals, ids derived from each key so reordering is
 * harmless) or a map `{ id → key }` with `primary` naming the sealing id.
 */
export type SealKeysInput = readonly SealKeyMaterial[] | Readonly<Record<string, SealKeyMaterial>>;

/** A validated key ring. Build it with {@link createSealKeyRing}. */
export interface SealKeyRing {
  /** Id of the key that seals. */
  readonly primaryId: string;
  /** Ids of every key, primary first. */
  readonly ids: readonly string[];
  /** The key bytes for an id, or undefined for an unknown id (never walks a prototype chain). */
  get(id: string): Buffer | undefined;
}

/** Thrown by {@link createSealKeyRing} with a message that says how to fix the key (`ERR_SESSION_OPTIONS`). */
export class SealKeyError extends SessionOptionsError {
  constructor(message: string) {
    super(message.includes('npx satchel keygen') ? message : `${message}: ${KEYGEN_ADVICE}`);
    this.name = 'SealKeyError';
  }
}

/** Key ids travel in the cookie, so they are short and cookie-safe. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const MIN_KEY_BYTES = MIN_SECRET_LENGTH;

/** A fresh random key as base64url text (32 bytes), the format `npx satchel keygen` prints. */
export function generateSealKey(): string {
  return randomBytes(MIN_KEY_BYTES).toString('base64url');
}

// Key text is judged twice: as typed (a phrase, a published example, a repeated pattern) and
// as the bytes it decodes to, which is what actually keys the seal.
function decodeKeyText(text: string, label: string): Buffer {
  const weak = textWeakness(text);
  if (weak !== null) throw new SealKeyError(weakSecretMessage(label, weak));
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 && text.length >= MIN_KEY_BYTES * 2) {
    return Buffer.from(text, 'hex');
  }
  const compact = text.replace(/=+$/, '');
  if (/^[A-Za-z0-9_-]+$/.test(compact) || /^[A-Za-z0-9+/]+$/.test(compact)) {
    const bytes = Buffer.from(compact.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url');
    if (bytes.length >= MIN_KEY_BYTES) return bytes;
  }
  throw new SealKeyError(
    `${label} must be at least ${MIN_KEY_BYTES} random bytes given as hex (${MIN_KEY_BYTES * 2}+ characters) ` +
      `or base64/base64url (43+ characters)`,
  );
}

function toKeyBytes(material: unknown, label: string): Buffer {
  let bytes: Buffer;
  if (typeof material === 'string') bytes = decodeKeyText(material, label);
  else if (material instanceof Uint8Array) bytes = Buffer.from(material);
  else throw new SealKeyError(`${label} must be a string or a Uint8Array`);
  const weak = bytesWeakness(bytes);
  if (weak !== null) throw new SealKeyError(weakSecretMessage(label, weak));
  return bytes;
}

/** Stable id for an array entry, so a rotated array still finds the key a cookie names. */
function fingerprint(key: Buffer): string {
  return 'k' + createHmac('sha256', key).update('satchel/key-id/v1').digest('base64url').slice(0, 10);
}

/**
 * Validates keys and builds a ring (ST-09, KR-01). Throws {@link SealKeyError} for a short,
 * repetitive or published key, a bad id, duplicates, or an unclear primary.
 *
 * @example
 * const ring = createSealKeyRing({ '2026-11': process.env.KEY_NEW!, '2026-05': process.env.KEY_OLD! }, '2026-11');
 */
export function createSealKeyRing(keys: SealKeysInput | SealKeyRing, primary?: string): SealKeyRing {
  if (isKeyRing(keys)) return keys;
  const map = new Map<string, Buffer>();
  let primaryId: string | undefined;
  if (Array.isArray(keys)) {
    if (keys.length === 0) throw new SealKeyError('keys is empty: give at least one key');
    keys.forEach((material, i) => {
      const bytes = toKeyBytes(material, `keys[${i}]`);
      const id = fingerprint(bytes);
      if (map.has(id)) throw new SealKeyError(`keys[${i}] repeats an earlier key`);
      map.set(id, bytes);
    });
    primaryId = map.keys().next().value as string;
    if (primary !== undefined) throw new SealKeyError('primary is only for a { id: key } map; with an array the first key seals');
  } else if (keys !== null && typeof keys === 'object') {
    for (const id of Object.keys(keys)) {
      if (!KEY_ID_PATTERN.test(id)) throw new SealKeyError(`key id "${id}" must match ${KEY_ID_PATTERN}`);
      map.set(id, toKeyBytes((keys as Record<string, unknown>)[id], `key "${id}"`));
    }
    if (map.size === 0) throw new SealKeyError('keys is empty: give at least one key');
    if (primary === undefined && map.size > 1) {
      throw new SealKeyError('with several keys, name the sealing one: primary: "<id>"');
    }
    primaryId = primary ?? (map.keys().next().value as string);
    if (!map.has(primaryId)) throw new SealKeyError(`primary "${primaryId}" is not one of the key ids`);
  } else {
    throw new SealKeyError('keys is required: an array of keys or a { id: key } map');
  }
  const pid = primaryId;
  const ids = [pid, ...[...map.keys()].filter((id) => id !== pid)];
  return Object.freeze({ primaryId: pid, ids: Object.freeze(ids), get: (id: string) => map.get(id) });
}

function isKeyRing(value: unknown): value is SealKeyRing {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SealKeyRing).get === 'function' &&
    typeof (value as SealKeyRing).primaryId === 'string'
  );
}
