import type { SessionData } from '../../types.js';
import type { Flash, FlashReader } from '../../flash/flash.js';
import type { CookieSession } from '../../lifecycle/sealed/session.js';
import type { CookieSessionRequestOptions } from '../../lifecycle/sealed/request.js';
import type { Session } from '../../lifecycle/stored/session.js';

/** `request.session` under `session()`: the session object plus the app's {@link SessionData} keys. */
export type FastifyRequestSession = Session & Partial<SessionData>;

/**
 * Which fields satchel declares on Fastify's `FastifyRequest`: `session()`'s unless the app
 * declares a `mode` here, once for the program (`'session'`, `'cookie'` or `'none'`):
 *
 * @example
 * declare module 'satchel/fastify' { interface FastifySessionMode { mode: 'cookie' } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface FastifySessionMode {}

/** The fields `session()` puts on the request. */
export interface FastifyStoredSessionRequest {
  /** The session of this request (set by the plugin's onRequest hook). */
  get session(): FastifyRequestSession;
  /** Assign `null` to end the session, as on Express (the `unset` option decides what happens to the stored one). */
  set session(value: FastifyRequestSession | null);
  /** Flash messages after `app.register(flash())`: connect-flash's `req.flash`, on the request. */
  flash: Flash;
}

/** The fields `cookieSession()` puts on the request. */
export interface FastifyCookieSessionRequest {
  get session(): CookieSession;
  /** `null` logs out (the reply clears the cookie); an object starts a new session with that data. */
  set session(value: (Partial<SessionData> & Record<string, unknown>) | null);
  /** Cookie settings for this reply only. */
  readonly sessionOptions: CookieSessionRequestOptions;
  /** Flash messages after `app.register(flash())`: connect-flash's `req.flash`, on the request. */
  flash: Flash;
}

type DeclaredMode = FastifySessionMode extends { mode: infer M } ? M : 'session';

/** What satchel adds to `FastifyRequest` for the declared mode. */
export type SatchelFastifyFields = DeclaredMode extends 'none'
  ? object
  : DeclaredMode extends 'cookie'
    ? FastifyCookieSessionRequest
    : DeclaredMode extends 'session'
      ? FastifyStoredSessionRequest
      : { session: "satchel/fastify: FastifySessionMode's mode must be 'session', 'cookie' or 'none'" };

/** What satchel's `flash()` adds to `FastifyReply`: @fastify/flash's reading `reply.flash(type?)`. */
export type SatchelFastifyReplyFields = DeclaredMode extends 'none' ? object : { flash: FlashReader };

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface FastifyRequest extends SatchelFastifyFields {}
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface FastifyReply extends SatchelFastifyReplyFields {}
}
