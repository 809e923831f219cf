import type { JsonObject } from './types.js';

/**
 * Writes own enumerable data properties. Plain assignment of `__proto__` would change the
 * object's prototype instead of storing the key, so keys from session data never use it.
 * One leaf both the stores and the lifecycle use.
 */
export function defineData(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The session key of `csrf()`'s per-session secret (csurf's name). Here, not in csrf/, because
 * the lifecycle must know it too: `regenerate()` and `login()` never carry it into the new
 * session, whatever `keep` lists, so the tokens of the old session die with it.
 */
export const CSRF_SECRET_KEY = 'csrfSecret';
