/**
 * Typed reads of `req.session` and `req.sessionOptions` that do not depend on the global
 * `Express.Request` declaration: for apps that declared `SessionMode { mode: 'none' }` (another
 * package types `req.session`), and for apps that mount both `session()` and `cookieSession()`,
 * where one global type cannot describe every route.
 */
import { isCookieSession, type CookieSession } from '../../lifecycle/sealed/session.js';
import type { CookieSessionRequestOptions } from '../../lifecycle/sealed/request.js';
import type { RequestSession } from './augment.js';
import { Session } from '../../lifecycle/stored/session.js';
import { SessionOptionsError } from '../../errors.js';

// Fields read by property name, never through Express.Request, whose type the app chose.
type Carrier = { session?: unknown; sessionOptions?: unknown };

/**
 * `req.session` of `session()`. Throws a `SessionOptionsError` (`ERR_SESSION_OPTIONS`) when the request has no live `session()`
 * session: the middleware did not run on it, `cookieSession()` or the express-session drop-in
 * owns it, or the app ended it with `req.session = null`.
 *
 * @example
 * await sessionOf(req).login(user.id);
 */
export function sessionOf(req: object): RequestSession {
  const session = (req as Carrier).session;
  if (session instanceof Session) return session as RequestSession;
  throw new SessionOptionsError('sessionOf(req): this request has no live session() session (is the middleware mounted on this path?)');
}

/**
 * `req.session` of `cookieSession()`. Throws a `SessionOptionsError` (`ERR_SESSION_OPTIONS`) when the request has no live cookie
 * session: the middleware did not run on it, `session()` or a drop-in owns it, or the app ended
 * it with `req.session = null`.
 */
export function cookieSessionOf(req: object): CookieSession {
  const session = (req as Carrier).session;
  if (isCookieSession(session)) return session;
  throw new SessionOptionsError('cookieSessionOf(req): this request has no live cookieSession() session (is the middleware mounted on this path?)');
}

/** `req.sessionOptions` of `cookieSession()`; a `SessionOptionsError` when the middleware did not run on the request. */
export function cookieSessionOptionsOf(req: object): CookieSessionRequestOptions {
  const options = (req as Carrier).sessionOptions;
  if (typeof options === 'object' && options !== null) return options as CookieSessionRequestOptions;
  throw new SessionOptionsError('cookieSessionOptionsOf(req): this request has no req.sessionOptions (is cookieSession() mounted on this path?)');
}
