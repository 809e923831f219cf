/**
 * What a sealer derives from its keys and bindings: the associated-data bytes, the per-message
 * HKDF key (ST-05), and the keys of seals it made or authenticated lately. Per sealer instance.
 */
import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { SealBinding } from './seal.js';

/** Wire-format version: part of every seal, of its AAD and of its HKDF info. */
export const VERSION = 'v1';

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
     * HKDF-SHA256 with a fresh salt per message (ST-05): only the inputs are reused. Still one
     * derivation per seal, by design: ST-05 (and T34, 100,000 seals never repeat a salt) make every
     * seal its own key, so AES-GCM's random-IV collision bound applies to one message per key. A key
     * shared by a bounded batch would be format-compatible (the salt travels in the seal) but is a
     * change of that documented property, not an optimisation to make silently.
     */
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
