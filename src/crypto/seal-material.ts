/**
 * What a sealer derives from its keys and bindings: the associated-data bytes, the HKDF message
 * keys (ST-05) with the batch of seals the current one may still make, and the keys of seals it
 * made or authenticated lately. Per sealer instance.
 */
import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { SealBinding } from './seal.js';
import { encodeBase64url } from './seal-codec.js';

/** Wire-format version: part of every seal, of its AAD and of its HKDF info. */
export const VERSION = 'v1';

/** Bytes of the random salt a batch key is derived from, and of each seal's IV. */
export const SALT_BYTES = 16;
export const IV_BYTES = 12;

function field(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

// Length-prefixed so no two (name, purpose, context) triples share an encoding.
function aad(keyId: string, binding: SealBinding): Buffer {
  return Buffer.concat([
    field(`satchel-seal-${VERSION}`),
    field(keyId),
    field(binding.name),
    field(binding.purpose),
    field(binding.context ?? ''),
  ]);
}

// Bindings come from configuration and key ids from the ring, so a few entries cover every
// request; the bound only guards against an app that invents bindings per request.
const CACHE_LIMIT = 64;

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, (value = make()));
  }
  return value;
}

/**
 * Seals one derived key makes before the next seal draws a new salt (ST-05). Every seal still has
 * its own random 96-bit IV; for q seals under one key the chance that two IVs repeat is below
 * q²/2^97, 2^-65 here, where NIST SP 800-38D asks for 2^-32 at most. A derivation per seal cost
 * as much as the AES-GCM work itself on every request that seals.
 */
export const SEALS_PER_KEY = 65_536;
/**
 * Longest a message key keeps sealing, so cookies sealed far apart in time do not share a salt
 * (the salt is visible in every cookie; sharing it only tells that two seals came from one batch).
 */
export const KEY_LIFETIME_MS = 600_000;

/** The key the next seals of one ring key and purpose use, and how many more it may make. */
export interface SealingKey {
  readonly ringKey: Buffer;
  readonly saltText: string;
  readonly key: Buffer;
  left: number;
  readonly startedAt: number;
}

// Message keys of seals made or opened lately. A returning visitor presents the same seal (the
// same salt) until it changes, and HKDF was the largest single cost of opening one.
const MESSAGE_KEY_LIMIT = 4096;

/** Per-sealer caches of what is the same for every message: AAD bytes, HKDF info, key objects. */
export function createMaterialCache() {
  const aads = new Map<string, Buffer>();
  const infos = new Map<string, Buffer>();
  // hkdfSync turns a raw key into a KeyObject on every call; importing each ring key once saves that.
  // Keyed by the ring's buffer, not its id, so a ring whose get() changes over time stays correct.
  const keys = new WeakMap<Buffer, KeyObject>();
  // ring key → purpose → salt text → message key: looked up without building a combined key string.
  const messageKeys = new WeakMap<Buffer, Map<string, Map<string, Buffer>>>();
  // The binding a request opens with is the one its response seals with: remembering the last one
  // answers both without building the cache id (a string as long as the AAD) on every call.
  let last: { keyId: string; name: string; purpose: string; context: string; aad: Buffer } | null = null;
  // purpose → the batch being sealed with; replaced when spent, too old, or the ring key changed.
  const sealing = new Map<string, SealingKey>();
  return {
    /** Only for ids the ring knows, so a forged key id never adds an entry. */
    aad(keyId: string, binding: SealBinding): Buffer {
      const context = binding.context ?? '';
      if (last !== null && last.keyId === keyId && last.name === binding.name && last.purpose === binding.purpose && last.context === context) {
        return last.aad;
      }
      // Length-prefixed like the AAD itself, so no two bindings share a cache entry.
      const id = `${keyId.length}:${keyId}${binding.name.length}:${binding.name}${binding.purpose.length}:${binding.purpose}${context}`;
      const bytes = remember(aads, id, () => aad(keyId, binding));
      last = { keyId, name: binding.name, purpose: binding.purpose, context, aad: bytes };
      return bytes;
    },
    /**
     * The key a seal at `now` uses, counted against its batch, or undefined when the caller must
     * draw a salt and {@link startBatch}: at most {@link SEALS_PER_KEY} seals and
     * {@link KEY_LIFETIME_MS} per key (a clock that went back also ends the batch).
     */
    sealingKey(ringKey: Buffer, purpose: string, now: number): SealingKey | undefined {
      const current = sealing.get(purpose);
      if (current === undefined || current.ringKey !== ringKey || current.left <= 0) return undefined;
      if (!(now >= current.startedAt && now - current.startedAt < KEY_LIFETIME_MS)) return undefined;
      current.left--;
      return current;
    },
    /**
     * The key and IV of the next seal under `ringKey` for `purpose` at `now`: the current batch's
     * key with a fresh IV, or a new batch from a fresh salt. `random` is called once (salt ‖ IV
     * when a batch starts: each call costs about as much as the AES-GCM work).
     */
    draw(ringKey: Buffer, purpose: string, now: number, random: (size: number) => Buffer): { batch: SealingKey; iv: Buffer } {
      const batch = this.sealingKey(ringKey, purpose, now);
      if (batch !== undefined) return { batch, iv: random(IV_BYTES) };
      const fresh = random(SALT_BYTES + IV_BYTES);
      return { batch: this.startBatch(ringKey, fresh.subarray(0, SALT_BYTES), purpose, now), iv: fresh.subarray(SALT_BYTES) };
    },
    /**
     * Runs `decrypt` with the message key of the seal's salt: remembered when this sealer made or
     * opened that salt lately, else derived, and kept only once `decrypt` returned (authenticated);
     * a `decrypt` that throws (a forged or damaged seal) leaves nothing behind.
     */
    openWith<T>(ringKey: Buffer, saltText: string, purpose: string, decrypt: (key: Buffer) => T): T {
      const known = this.knownKey(ringKey, saltText, purpose);
      if (known !== undefined) return decrypt(known);
      const key = this.messageKey(ringKey, Buffer.from(saltText, 'base64url'), purpose);
      const result = decrypt(key);
      this.keep(ringKey, saltText, purpose, key);
      return result;
    },
    /** Derives the key of a new batch from a fresh salt, counts its first seal, and remembers it for opening. */
    startBatch(ringKey: Buffer, salt: Buffer, purpose: string, now: number): SealingKey {
      const batch: SealingKey = { ringKey, saltText: encodeBase64url(salt), key: this.messageKey(ringKey, salt, purpose), left: SEALS_PER_KEY - 1, startedAt: now };
      if (!sealing.has(purpose) && sealing.size >= CACHE_LIMIT) sealing.clear();
      sealing.set(purpose, batch);
      // Every visitor sealed in this batch presents this salt next: none of them needs HKDF to open.
      this.keep(ringKey, batch.saltText, purpose, batch.key);
      return batch;
    },
    /** HKDF-SHA256(ring key, salt, "satchel/seal/v1/<purpose>"): only the inputs are reused. */
    messageKey(ringKey: Buffer, salt: Buffer, purpose: string): Buffer {
      let key = keys.get(ringKey);
      if (key === undefined) keys.set(ringKey, (key = createSecretKey(ringKey)));
      const info = remember(infos, purpose, () => Buffer.from(`satchel/seal/${VERSION}/${purpose}`, 'utf8'));
      return Buffer.from(hkdfSync('sha256', key, salt, info, 32));
    },
    /**
     * The message key of a seal this sealer made or opened lately, or undefined. Entries are only
     * added for seals we made or that authenticated, so forged salts never fill the cache.
     */
    knownKey(ringKey: Buffer, saltText: string, purpose: string): Buffer | undefined {
      return messageKeys.get(ringKey)?.get(purpose)?.get(saltText);
    },
    keep(ringKey: Buffer, saltText: string, purpose: string, key: Buffer): void {
      let purposes = messageKeys.get(ringKey);
      if (purposes === undefined) messageKeys.set(ringKey, (purposes = new Map()));
      let known = purposes.get(purpose);
      if (known === undefined) {
        // Purposes come from configuration; the bound only guards against one invented per call.
        if (purposes.size >= CACHE_LIMIT) purposes.clear();
        purposes.set(purpose, (known = new Map()));
      }
      // Oldest first out: a bounded cache whatever the traffic.
      if (known.size >= MESSAGE_KEY_LIMIT) known.delete(known.keys().next().value as string);
      known.set(saltText, key);
    },
  };
}
