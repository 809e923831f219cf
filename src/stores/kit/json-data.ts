import type { JsonObject, SessionPatch } from '../../types.js';

/**
 * Writes own enumerable data properties. Plain assignment of `__proto__` would change the
 * object's prototype instead of storing the key, so keys from session data never use it.
 */
export function defineData(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Applies a patch's `set`/`unset` to session data in place: each set key replaces the stored
 * value whole, unset keys are removed, everything else stays (stores that read-modify-write).
 */
export function applyDataPatch(data: JsonObject, patch: Pick<SessionPatch, 'set' | 'unset'>): JsonObject {
  for (const key of patch.unset) delete data[key];
  for (const key of Object.keys(patch.set)) defineData(data, key, patch.set[key]);
  return data;
}

/** Parses stored session JSON; anything that is not a JSON object becomes an empty session. */
export function parseData(json: string): JsonObject {
  const value: unknown = JSON.parse(json);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}
