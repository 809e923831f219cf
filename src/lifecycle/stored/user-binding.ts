import { SessionOptionsError } from '../../errors.js';

/**
 * Reads the user a session belongs to from its data. `undefined`: the data says nothing (a
 * user bound with `login()` stays bound); `null`: nobody is logged in; a string or number: that
 * user's id.
 */
export type UserIdFrom = (data: Record<string, unknown>) => string | number | null | undefined;

/**
 * Passport keeps the logged-in user at `req.session.passport.user` (whatever `serializeUser`
 * returned). Reading it here means `req.login()` binds the session to the user, so the per-user
 * operations ("your devices", "log out the others") work without a second id rotation.
 */
export function passportUser(data: Record<string, unknown>): string | number | null | undefined {
  const passport = data.passport;
  if (passport === undefined) return undefined;
  if (passport === null || typeof passport !== 'object') return null;
  const user = (passport as { user?: unknown }).user;
  if (typeof user === 'string' || typeof user === 'number') return user;
  // serializeUser may return an object: its `id` is the user's id.
  if (user !== null && typeof user === 'object') {
    const id = (user as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

/** The `userIdFrom` option, checked: the Passport reader by default, `false` to read nothing. */
export function resolveUserIdFrom(value: unknown): UserIdFrom | null {
  if (value === undefined) return passportUser;
  if (value === false) return null;
  if (typeof value === 'function') return value as UserIdFrom;
  throw new SessionOptionsError('userIdFrom must be a function (sessionData) => userId, or false');
}

/** A derived user id as the store keeps it: a non-empty string, null, or undefined for "no opinion". */
export function normalizeUserId(value: string | number | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return value.length > 0 ? value : null;
}
