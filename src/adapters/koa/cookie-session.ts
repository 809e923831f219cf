import type { Context, Next } from 'koa';
import type { CookieSessionOptions } from '../../lifecycle/sealed/options.js';
import type { SealedRequest } from '../../lifecycle/sealed/request.js';
import { headerOf, isLoopback, isSecure, warnIfForwardedHttps, type RequestLike } from '../../http/secure.js';
import { claimSessionIn } from '../common/owner.js';
import { OWNER } from './owner.js';
import { exposeSealedSession, sealedSessions, type SealedEventsApi } from '../common/sealed.js';
import { aroundNext } from './commit.js';
import { sealedOnContext } from './context-prototype.js';
import { KOA_PROXY_ADVICE } from './forwarded.js';

/** The Koa middleware `cookieSession()` returns, with its event emitter. */
export interface KoaCookieSessionMiddleware extends SealedEventsApi<KoaCookieSessionMiddleware> {
  (ctx: Context, next: Next): Promise<void>;
}

function begin(ctx: Context, state: SealedRequest, next: Next): Promise<void> {
  if (!sealedOnContext(ctx, state)) exposeSealedSession(ctx, state);
  return aroundNext(ctx, state, next);
}

/**
 * Sealed cookie sessions for Koa 2 and 3: the session data lives in the user's cookie, encrypted
 * and authenticated (AES-256-GCM), the same seal as `satchel`'s Express `cookieSession()`.
 * `ctx.session` is a plain data object (`regenerate`, `save`, `destroy` non-enumerable);
 * `ctx.session = null` logs out; `ctx.sessionOptions` overrides cookie settings for one response.
 * HTTPS is what Koa says it is (`ctx.protocol`: TLS, or `X-Forwarded-Proto` with `app.proxy`).
 *
 * @example
 * import Koa from 'koa';
 * import { cookieSession } from 'satchel/koa';
 * const app = new Koa();
 * app.use(cookieSession({ keys: [process.env.SESSION_KEY!] }));
 * app.use((ctx) => { ctx.session.views = (ctx.session.views ?? 0) + 1; ctx.body = 'ok'; });
 */
export function cookieSession(options: CookieSessionOptions<Context>): KoaCookieSessionMiddleware {
  const kit = sealedSessions<Context>(options);

  // Not an async function: a seal opens synchronously unless an app hook is awaited, and the
  // usual request goes straight on to aroundNext's promise (no await of a plain value, no wrapper).
  const middleware = function cookieSession(ctx: Context, next: Next): Promise<void> {
    let opened: SealedRequest | Promise<SealedRequest>;
    try {
      const conflict = claimSessionIn(ctx, OWNER, 'cookie');
      if (conflict) throw conflict;
      const secure = isSecure(ctx, 'protocol');
      if (!secure) warnIfForwardedHttps(middleware, 'cookieSession()', ctx.req, kit.warn, KOA_PROXY_ADVICE);
      opened = kit.open({ cookieHeader: headerOf(ctx.req, 'cookie'), secure, loopback: !secure && isLoopback(ctx as unknown as RequestLike) }, ctx);
    } catch (error) {
      return Promise.reject(error);
    }
    if (opened instanceof Promise) return opened.then((state) => begin(ctx, state, next));
    return begin(ctx, opened, next);
  } as KoaCookieSessionMiddleware;
  return kit.manage(middleware);
}
