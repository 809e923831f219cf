/**
 * `cookieSession()` of `satchel/hono`: sealed cookie sessions as Hono middleware.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { SealedRequest, type CookieSessionRequestOptions } from '../../lifecycle/sealed/request.js';
import type { CookieSessionOptions } from '../../lifecycle/sealed/options.js';
import type { CookieSession } from '../../lifecycle/sealed/session.js';
import { claimSession } from '../common/owner.js';
import { sealedSessions, type SealedEventsApi } from '../common/sealed.js';
import { openSealed } from '../common/web.js';
import { commitOnto } from './commit.js';

/** Options of the Hono {@link cookieSession}: satchel's `cookieSession()` options, and how HTTPS is known. */
export interface HonoCookieSessionOptions extends CookieSessionOptions<Request> {
  /** `true`: the first `X-Forwarded-Proto: https` counts as HTTPS (a TLS proxy in front); otherwise only an `https:` URL. */
  proxy?: boolean;
}

/** The Hono `Env` of an app using {@link cookieSession}: `new Hono<CookieSessionEnv>()`. */
export interface CookieSessionEnv {
  Variables: {
    /** The session: your `SessionData` keys plus the non-enumerable API. Null after `destroy()`. */
    session: CookieSession;
    /** Cookie settings for this response only. */
    sessionOptions: CookieSessionRequestOptions;
  };
}

/** The middleware `cookieSession()` returns, with its events API. */
export interface HonoCookieSessionMiddleware extends MiddlewareHandler<CookieSessionEnv>, SealedEventsApi<HonoCookieSessionMiddleware> {}

const { regenerate, destroy } = SealedRequest.prototype;

/**
 * Keeps `c.get('session')` on the live session. Hono keeps variables in a map, with no getter to
 * read through as Express's `req.session` does, so the two calls that replace the session
 * (`regenerate()`, `destroy()`, both reached through the session's own methods) also set it.
 */
function follow(state: SealedRequest, c: Context<CookieSessionEnv>): void {
  state.regenerate = () => {
    regenerate.call(state);
    c.set('session', state.session!);
  };
  state.destroy = () => {
    destroy.call(state);
    c.set('session', null as unknown as CookieSession);
  };
}

/**
 * Sealed cookie sessions for Hono: the data lives in the user's cookie, encrypted and
 * authenticated, with the same options and defaults as satchel's Express `cookieSession()`.
 *
 * Log out with `await c.get('session').destroy()` (the response clears the cookie; afterwards
 * `c.get('session')` is null); `c.set('session', { … })` starts a new session with that data.
 * Logout is client-side only unless you pass `revoke`. The seal is made when the handler has
 * returned its Response: write the session before returning (a stream callback's later writes
 * do not reach the cookie).
 *
 * @example
 * import { Hono } from 'hono';
 * import { cookieSession, type CookieSessionEnv } from 'satchel/hono';
 * const app = new Hono<CookieSessionEnv>();
 * app.use(cookieSession({ keys: [process.env.SESSION_KEY!] }));
 * app.post('/login', async (c) => {
 *   await c.get('session').regenerate();
 *   c.get('session').userId = 'u1';
 *   return c.body(null, 204);
 * });
 */
export function cookieSession(options: HonoCookieSessionOptions): HonoCookieSessionMiddleware {
  const { proxy, ...sealed } = options;
  const kit = sealedSessions<Request>(sealed);

  const middleware: MiddlewareHandler<CookieSessionEnv> = async function cookieSession(c, next) {
    const request = c.req.raw;
    const conflict = claimSession(request, 'cookie');
    if (conflict) throw conflict;
    // A second cookieSession() on the same request (mounted globally and on a route) leaves the first in charge.
    if (c.get('sessionOptions')) {
      await next();
      return;
    }
    const state = await openSealed(kit, unit, request, proxy);
    follow(state, c);
    c.set('session', state.session!);
    c.set('sessionOptions', state.options);
    await next();
    // What the app set (`c.set('session', null | {…})`) is the session it meant.
    await commitOnto(c, state, () => {
      const value: unknown = c.get('session');
      if (value !== state.session) state.session = value;
    });
  };
  const unit = kit.manage(middleware) as HonoCookieSessionMiddleware;
  return unit;
}
