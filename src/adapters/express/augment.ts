import type { SessionData, SessionStore } from '../../types.js';
import type { CookieSession } from '../../lifecycle/sealed/session.js';
import type { CookieSessionRequestOptions } from '../../lifecycle/sealed/request.js';
import type { Session } from '../../lifecycle/stored/session.js';
import type { Flash } from '../../flash/flash.js';

/** `req.session`: the session object plus the app's {@link SessionData} keys (optional until set). */
export type RequestSession = Session & Partial<SessionData>;

/**
 * Which fields satchel declares on Express's `Request`: `session()`'s unless the app declares a
 * `mode` here, once, for the whole program (`'session'`, `'cookie'` or `'none'`):
 *
 * @example
 * // An app that uses cookieSession(): req.session is a CookieSession, req.sessionOptions typed.
 * declare module 'satchel' { interface SessionMode { mode: 'cookie' } }
 * // No Express.Request fields from satchel at all (another package, such as @types/express-session
 * // through connect-redis, declares req.session): read the session with sessionOf(req).
 * declare module 'satchel' { interface SessionMode { mode: 'none' } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface SessionMode {}

/** The fields `session()` puts on the request. */
export interface StoreSessionRequest {
  /** The session of this request. Never undefined after the middleware ran. */
  get session(): RequestSession;
  /** Assign `null` to end the session (the `unset` option decides what happens to the stored one). */
  set session(value: RequestSession | null);
  /** The id of `req.session` (never logged by satchel; treat it as a secret). */
  sessionID: string;
  /** The store `session()` uses. */
  sessionStore: SessionStore;
  /** Flash messages after `app.use(flash())` (connect-flash's `req.flash`). */
  flash: Flash;
}

/** The fields `cookieSession()` puts on the request. */
export interface CookieSessionRequest {
  /** The session of this request: your {@link SessionData} keys plus the non-enumerable API. */
  get session(): CookieSession;
  /** `null` logs out (the response clears the cookie); an object starts a new session with that data. */
  set session(value: (Partial<SessionData> & Record<string, unknown>) | null);
  /** Cookie settings for this response only; changes never reach other requests. */
  sessionOptions: CookieSessionRequestOptions;
  /** Flash messages after `app.use(flash())` (connect-flash's `req.flash`). */
  flash: Flash;
}

/** The mode the app declared in {@link SessionMode}, `'session'` when it declared none. */
export type DeclaredSessionMode = SessionMode extends { mode: infer M } ? M : 'session';

/**
 * What satchel adds to Express's `Request`, which extends it instead of declaring the properties
 * itself: `'none'` has to be able to add nothing at all, and a property declared in two places
 * (express-session's `session`, through connect-redis) fails with TS2717 and takes whichever type
 * the compiler met first, where a declared property simply overrides an inherited one.
 */
export type SatchelRequestFields = DeclaredSessionMode extends 'none'
  ? object
  : DeclaredSessionMode extends 'cookie'
    ? CookieSessionRequest
    : DeclaredSessionMode extends 'session'
      ? StoreSessionRequest
      : UnknownSessionMode;

/**
 * Fields for a `mode` satchel does not know (a typo, a union): falling back to `session()`'s would
 * hide the mistake, while this makes the first use of `req.session` fail with the fix in the message.
 */
export interface UnknownSessionMode {
  session: "satchel: SessionMode's mode must be 'session', 'cookie' or 'none'";
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface
    interface Request extends SatchelRequestFields {}
  }
}
