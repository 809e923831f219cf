/** The memory floor's store: a Map of store key → JSON and expiry, read synchronously. */
import type { FloorStore } from './stored.js';

export function mapStore(): FloorStore & { readonly size: number } {
  const map = new Map<string, { json: string; expires: number }>();
  return {
    get(key) {
      const entry = map.get(key);
      if (entry === undefined) return undefined;
      if (entry.expires > Date.now()) return entry.json;
      map.delete(key);
      return undefined;
    },
    set(key, json, ttlMs) {
      map.set(key, { json, expires: Date.now() + ttlMs });
    },
    get size() {
      return map.size;
    },
  };
}
