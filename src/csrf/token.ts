/**
 * Synchronizer tokens: one random secret per session (kept in the session under `csrfSecret`,
 * csurf's name), and tokens `salt-mac` where mac = HMAC-SHA256(secret, salt). A fresh salt per
 * token makes every rendering of a page differ (BREACH cannot recover a constant from compressed
 * responses), yet every token verifies against the one secret; without the secret, which never
 * leaves the server (or the sealed cookie), no token can be made.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { pooledRandom } from '../crypto/random.js';

export { CSRF_SECRET_KEY } from '../data.js';

const SECRET_BYTES = 18;
const SALT_BYTES = 6;
// Shapes a secret or token may have; anything else is refused before any MAC is computed.
const SECRET_SHAPE = /^[A-Za-z0-9_-]{24}$/;
const TOKEN_SHAPE = /^([A-Za-z0-9_-]{8})-([A-Za-z0-9_-]{43})$/;

const random = pooledRandom();

/** A new per-session secret (144 random bits, base64url). */
export function createSecret(): string {
  return random(SECRET_BYTES).toString('base64url');
}

/** Whether a value read from session data can serve as a secret (data may be old or tampered). */
export function isSecret(value: unknown): value is string {
  return typeof value === 'string' && SECRET_SHAPE.test(value);
}

function mac(secret: string, salt: string): Buffer {
  return createHmac('sha256', secret).update(salt).digest();
}

/** A token for `secret`, different at every call. */
export function createToken(secret: string): string {
  const salt = random(SALT_BYTES).toString('base64url');
  return `${salt}-${mac(secret, salt).toString('base64url')}`;
}

/** Whether `token` was made from `secret`; the MACs are compared in constant time. */
export function verifyToken(secret: string, token: string): boolean {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return false;
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = mac(secret, match[1]!);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
