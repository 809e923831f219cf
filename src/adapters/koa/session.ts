import type { Context, Next } from 'koa';
import type { SessionManagement } from '../../lifecycle/stored/management.js';
import type { RequestLifecycle, SessionEdge } from '../../lifecycle/stored/request-lifecycle.js';
import type { SessionOptions } from '../common/options.js';
import { storedSessions, type StoredSessions } from '../common/stored.js';
import { claimSessionIn } from '../common/owner.js';
import { OWNER } from './owner.js';
import { headerOf, isLoopback, isSecure, warnIfForwardedHttps, type RequestLike } from '../../http/secure.js';
import { aroundNext } from './commit.js';
import { KOA_PROXY_ADVICE } from './forwarded.js';

/**
 * Options of the Koa {@link session}: the same as on every edge, with Koa's `ctx` as what the
 * per-request `cookie` function and `genid` receive. `proxy` unset follows Koa's `app.proxy`
 * (`ctx.protocol`); `true` trusts `X-Forwarded-Proto` outright, `false` only a TLS socket.
 */
export type KoaSessionOptions = SessionOptions<Context>;

/** The Koa middleware `session()` returns, with events and per-user management on it. */
export interface KoaSessionMiddleware extends SessionManagement<KoaSessionMiddleware> {
  (ctx: Context, next: Next): Promise<void>;
}

type Carrier = { session?: unknown };

/** What the lifecycle asks of Koa: `ctx.session`, and the request facts Koa knows. */
function koaEdge(kit: StoredSessions<Context>): SessionEdge<Context> {
  return {
    session: (ctx) => (ctx as Carrier).session,
    install(ctx, session) {
      (ctx as Carrier).session = session;
    },
    // ctx.hostname honours app.proxy (X-Forwarded-Host) as Express's req.hostname does trust proxy.
    isLoopback: (ctx) => isLoopback(ctx as unknown as RequestLike),
    plainHttp: (ctx) => warnIfForwardedHttps(kit, 'session()', ctx.req, kit.warn, KOA_PROXY_ADVICE),
  };
}

/**
 * Store-backed sessions for Koa 2 and 3, secure by default (the same engine, cookie and
 * guarantees as `satchel`'s Express `session()`). The session loads before `await next()` and
 * commits after it, before Koa sends anything; a failed commit is thrown into Koa's error
 * handling with the response's headers cleared. `ctx.session = null` ends the session as the
 * `unset` option says.
 *
 * @example
 * import Koa from 'koa';
 * import { session } from 'satchel/koa';
 * const app = new Koa();
 * app.use(session({ secret: process.env.SESSION_SECRET! }));
 * app.use(async (ctx) => { await ctx.session.login(user.id); ctx.redirect('/'); });
 */
export function session(options: KoaSessionOptions): KoaSessionMiddleware {
  const kit = storedSessions<Context>(options, koaEdge);
  const { proxy } = kit.engine.options;
  const rule = proxy ?? 'protocol';

  // Not an async function: in-process stores load synchronously, and the usual request goes
  // straight on to aroundNext's promise (no await of a plain value, no wrapper promise).
  const middleware = function session(ctx: Context, next: Next): Promise<void> {
    let opened: RequestLifecycle<Context> | Promise<RequestLifecycle<Context>>;
    try {
      const conflict = claimSessionIn(ctx, OWNER, 'server');
      if (conflict) throw conflict;
      // A second session() on the same request (mounted twice): the first one owns it.
      if ((ctx as Carrier).session) return next();
      opened = kit.open(ctx, {
        secure: isSecure(ctx, rule),
        cookieHeader: headerOf(ctx.req, 'cookie'),
        userAgent: headerOf(ctx.req, 'user-agent') ?? null,
      });
    } catch (error) {
      // A load failure rejects, into Koa's error handling, with its code.
      return Promise.reject(error);
    }
    if (opened instanceof Promise) return opened.then((lifecycle) => aroundNext(ctx, lifecycle, next));
    return aroundNext(ctx, opened, next);
  };
  return kit.manage(middleware) as KoaSessionMiddleware;
}
