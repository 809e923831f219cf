/**
 * How satchel types `ctx.session` on Koa. Koa's `DefaultContext` answers `any` for every unknown
 * property, so without this `ctx.session` would type-check whatever the app does with it.
 * Satchel extends `BaseContext` (which every Koa context type extends) with the fields of the
 * mode the app declares once in {@link KoaSessionMode}: `session()`'s unless it says otherwise.
 */
import type { Flash } from '../../flash/flash.js';
import type { SessionData } from '../../types.js';
import type { Session } from '../../lifecycle/stored/session.js';
import type { CookieSession } from '../../lifecycle/sealed/session.js';
import type { CookieSessionRequestOptions } from '../../lifecycle/sealed/request.js';

/**
 * `ctx.session` of `session()`: the session object plus the app's {@link SessionData} keys
 * (optional until set), declared through the subpath the app imports:
 * `declare module 'satchel/koa' { interface SessionData { userId: string } }`.
 */
export type KoaRequestSession = Session & Partial<SessionData>;

/**
 * Which fields satchel declares on Koa's context: `session()`'s unless the app declares a `mode`
 * here, once, for the whole program (`'session'`, `'cookie'` or `'none'`):
 *
 * @example
 * // An app that uses cookieSession(): ctx.session is a CookieSession, ctx.sessionOptions typed.
 * declare module 'satchel/koa' { interface KoaSessionMode { mode: 'cookie' } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface KoaSessionMode {}

/** The fields `session()` puts on the context. */
export interface KoaStoreSessionContext {
  /** The session of this request. Never undefined after the middleware ran. */
  get session(): KoaRequestSession;
  /** Assign `null` to end the session (the `unset` option decides what happens to the stored one). */
  set session(value: KoaRequestSession | null);
  /** Flash messages after `app.use(flash())` (connect-flash's `req.flash`, on the context). */
  flash: Flash;
}

/** The fields `cookieSession()` puts on the context. */
export interface KoaCookieSessionContext {
  /** The session of this request: your {@link SessionData} keys plus the non-enumerable API. */
  get session(): CookieSession;
  /** `null` logs out (the response clears the cookie); an object starts a new session with that data. */
  set session(value: (Partial<SessionData> & Record<string, unknown>) | null);
  /** Cookie settings for this response only; changes never reach other requests. */
  sessionOptions: CookieSessionRequestOptions;
  /** Flash messages after `app.use(flash())` (connect-flash's `req.flash`, on the context). */
  flash: Flash;
}

/** The mode the app declared in {@link KoaSessionMode}, `'session'` when it declared none. */
export type DeclaredKoaSessionMode = KoaSessionMode extends { mode: infer M } ? M : 'session';

/** What satchel adds to Koa's `BaseContext` for the declared mode. */
export type SatchelContextFields = DeclaredKoaSessionMode extends 'none'
  ? object
  : DeclaredKoaSessionMode extends 'cookie'
    ? KoaCookieSessionContext
    : DeclaredKoaSessionMode extends 'session'
      ? KoaStoreSessionContext
      : { session: "satchel: KoaSessionMode's mode must be 'session', 'cookie' or 'none'" };

declare module 'koa' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface BaseContext extends SatchelContextFields {}
}
