/**
 * Per-route activity, the same switch in both modes: whether a request counts as the user's
 * activity. `'passive'` reads the session without extending its idle deadline or re-issuing its
 * cookie (polling, health checks); `'rolling'` re-issues the cookie and extends the deadline for
 * this response as the `rolling` option does for all; `'active'` is the configured behaviour.
 */
import { SessionError, SessionOptionsError } from '../errors.js';

export type SessionActivity = 'active' | 'passive' | 'rolling';

/** The middleware option: the activity of each request, `undefined` for `'active'`. */
export type ActivityOption<Req> = (req: Req) => SessionActivity | undefined;

function known(value: unknown): value is SessionActivity {
  return value === 'active' || value === 'passive' || value === 'rolling';
}

/** Validates the `activity` option at construction: a function, or nothing. */
export function resolveActivityOption<Req>(value: unknown): ActivityOption<Req> | null {
  if (value === undefined) return null;
  if (typeof value !== 'function') {
    throw new SessionOptionsError(`activity must be a function (req) => 'active' | 'passive' | 'rolling' | undefined, got ${JSON.stringify(value) ?? typeof value}`);
  }
  return value as ActivityOption<Req>;
}

/**
 * The activity one request asked for, checked: a value nobody can act on is the app's bug, and
 * failing the request says so where silently treating it as 'active' would not. `undefined`
 * (the option function's "no opinion") is 'active'.
 */
export function checkActivity(value: unknown, where: string): SessionActivity {
  if (value === undefined) return 'active';
  if (!known(value)) throw new SessionError('ERR_SESSION_VALUE', `${where} must be 'active', 'passive' or 'rolling', got ${JSON.stringify(value) ?? typeof value}`);
  return value;
}
