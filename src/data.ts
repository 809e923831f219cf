import type { JsonObject } from './types.js';

/**
 * Writes an own enumerable data property. Plain assignment of `__proto__` would change the
 * object's prototype instead of storing the key, so that key is defined; every other key is
 * assigned (Object.prototype has no other setter), which keeps `target` a fast-mode object — a
 * defineProperty per key cost a quarter of a Redis record's decode and left the data in
 * dictionary mode. One leaf both the stores and the lifecycle use.
 */
export function defineData(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value as JsonObject[string];
}

/**
 * The session key of `csrf()`'s per-session secret (csurf's name). Here, not in csrf/, because
 * the lifecycle must know it too: `regenerate()` and `login()` never carry it into the new
 * session, whatever `keep` lists, so the tokens of the old session die with it.
 */
export const CSRF_SECRET_KEY = 'csrfSecret';
