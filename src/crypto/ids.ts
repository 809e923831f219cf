import { createHash, createHmac } from 'node:crypto';
import { pooledRandom } from './random.js';

/** Random bytes in a satchel session id: 256 bits (SID-01). */
export const ID_BYTES = 32;

// 32 bytes in unpadded base64url are 43 characters; the last one carries 2 unused bits that
// must be zero, so only 16 of the 64 letters can end a canonical id (SID-06).
const ID_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

const draw = pooledRandom();

/** A fresh session id: 32 CSPRNG bytes, base64url (43 characters), no data in it (SID-01/02). */
export function generateId(): string {
  return draw(ID_BYTES).toString('base64url');
}

/** True only for the exact syntax {@link generateId} produces, checked before any store call (SID-06). */
export function isCanonicalId(id: string): boolean {
  return ID_PATTERN.test(id);
}

// express-session's uid-safe ids: 24 random bytes, base64url, 32 characters (no unused bits).
const EXPRESS_SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Syntax of ids issued by express-session (`uid(24)`), accepted while migrating its users
 * (`legacyUnhashedKeys`): 192 random bits, still above SID-01's 128.
 */
export function isExpressSessionId(id: string): boolean {
  return EXPRESS_SESSION_ID_PATTERN.test(id);
}

/** The store key of an id: SHA-256 hex, so a store dump cannot be replayed as cookies (SID-05). */
export function hashStoreKey(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * A keyed hash of an id for events and logs (DET-02): correlates one session across events
 * without exposing the id. 32 hex characters (128 bits) are plenty for correlation.
 */
export function eventHash(eventKey: Buffer, value: string): string {
  return createHmac('sha256', eventKey).update(value).digest('hex').slice(0, 32);
}
