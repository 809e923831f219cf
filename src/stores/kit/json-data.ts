import type { JsonObject, SessionPatch } from '../../types.js';
import { defineData } from '../../data.js';

export { defineData };

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
