/**
 * `session()` of `satchel/hono`: store-backed sessions as Hono middleware, `c.get('session')`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { SessionData } from '../../types.js';
import type { Session } from '../../lifecycle/stored/session.js';
import type { SessionManagement } from '../../lifecycle/stored/management.js';
import type { SessionEdge } from '../../lifecycle/stored/request-lifecycle.js';
import type { SessionOptions } from '../common/options.js';
import { claimSession } from '../common/owner.js';
import { requestSlot, type RequestSlot } from '../common/request-slot.js';
import { storedSessions, type StoredSessions } from '../common/stored.js';
import { warnUntrustedForwardedHttps, webFacts, type WebFacts } from '../common/web.js';
import { commitOnto } from './commit.js';

/** Options of the Hono {@link session}: satchel's `session()` options; `cookie` and `genid` functions receive the `Request`. */
export type HonoSessionOptions = SessionOptions<Request>;

/** `c.get('session')`: the session object plus the app's {@link SessionData} keys. */
export type HonoSession = Session & Partial<SessionData>;

/**
 * The Hono `Env` of an app using {@link session}: `new Hono<SessionEnv>()` types
 * `c.get('session')` and `c.var.session` (intersect with your own: `Hono<MyEnv & SessionEnv>`).
 */
export interface SessionEnv {
  Variables: {
    /** The session of this request (after `regenerate()`/`destroy()`, the new one). */
    session: HonoSession;
  };
}

/** The middleware `session()` returns, with the store, events and per-user management on it. */
export interface HonoSessionMiddleware extends MiddlewareHandler<SessionEnv>, SessionManagement<HonoSessionMiddleware> {}

/** What the lifecycle reads of a request: its context (where `session` lives) and its facts. */
interface Held {
  context: Context<SessionEnv>;
  facts: WebFacts;
}

function honoEdge(kit: StoredSessions<Request>, held: RequestSlot<Request, Held>, unit: () => object): SessionEdge<Request> {
  return {
    session: (request) => held.get(request)?.context.get('session'),
    install(request, session) {
      held.get(request)!.context.set('session', session as HonoSession);
    },
    isLoopback: (request) => held.get(request)!.facts.loopback,
    plainHttp(request) {
      if (held.get(request)!.facts.untrustedForwardedHttps) warnUntrustedForwardedHttps(unit(), 'session()', kit.warn);
    },
  };
}

/**
 * Store-backed sessions for Hono, with the same options and secure defaults as satchel's Express
 * `session()`. The save completes after the handler and before the response leaves (redirects
 * and streamed bodies included); a failed save reaches `app.onError` with its typed error.
 *
 * HTTPS is read from the request URL; behind a TLS proxy, pass `proxy: true` to trust the first
 * `X-Forwarded-Proto`. `c.set('session', null)` ends the session as `req.session = null` does
 * in Express (`unset`); to log out, `await c.get('session').destroy()`.
 *
 * The commit runs when the handler has returned its Response, before Hono sends it: write the
 * session before returning. A `stream()`/`streamText()` callback runs on after that (its code up
 * to the first `await` still comes first); there, only an existing session can still be saved,
 * with `await c.get('session').save()`. Middleware registered before `session()` runs its
 * after-`next()` code on the committed response (the cookie is on `c.res`).
 *
 * @example
 * import { Hono } from 'hono';
 * import { session, type SessionEnv } from 'satchel/hono';
 * const sessions = session({ secret: process.env.SESSION_SECRET!, store });
 * const app = new Hono<SessionEnv>();
 * app.use(sessions);
 * app.post('/login', async (c) => {
 *   await c.get('session').login(user.id);
 *   return c.redirect('/');
 * });
 */
export function session(options: HonoSessionOptions): HonoSessionMiddleware {
  const held = requestSlot<Request, Held>('satchel.hono.session');
  let unit: HonoSessionMiddleware;
  const kit = storedSessions<Request>(options, (k) => honoEdge(k, held, () => unit));
  const { proxy } = kit.engine.options;

  const middleware: MiddlewareHandler<SessionEnv> = async function session(c, next) {
    const request = c.req.raw;
    const conflict = claimSession(request, 'server');
    if (conflict) throw conflict;
    // A second session() on the same request (mounted globally and on a route) leaves the first in charge.
    if (c.get('session')) {
      await next();
      return;
    }
    const facts = webFacts(request, proxy);
    held.set(request, { context: c, facts });
    const lifecycle = await kit.open(request, facts);
    await next();
    await commitOnto(c, lifecycle);
  };
  unit = kit.manage(middleware) as HonoSessionMiddleware;
  return unit;
}
