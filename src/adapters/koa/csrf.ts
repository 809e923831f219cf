/**
 * `csrf()` for Koa: `ctx.csrfToken()`, and unsafe requests checked before the downstream
 * middleware. A refusal is thrown (`SessionCsrfError`, `status` 403), Koa's idiom: its default
 * handler answers 403, an upstream try/catch or `app.on('error')` sees the typed error.
 */
import type { Context, Middleware } from 'koa';
import { createCsrfCore } from '../../csrf/guard.js';
import type { CsrfOptions, CsrfSession } from '../../csrf/index.js';
import { headerOf } from '../../http/secure.js';

declare module 'koa' {
  interface BaseContext {
    /** A CSRF token of this session (a new one at each call, all valid), set by `csrf()`. */
    csrfToken(): string;
  }
}

/** The middleware `csrf()` returns. */
export type KoaCsrfMiddleware = Middleware;

type Held = { session?: CsrfSession | null; request: { body?: unknown } };

/**
 * CSRF protection bound to the session (synchronizer tokens), for Koa. `app.use()` it after
 * `session()` or `cookieSession()` and after a body parser (for the `_csrf` form field).
 *
 * @example
 * app.use(session({ secret }));
 * app.use(bodyParser());
 * app.use(csrf());
 * router.get('/form', (ctx) => { ctx.body = render({ csrfToken: ctx.csrfToken() }); });
 */
export function csrf(options?: CsrfOptions<Context>): KoaCsrfMiddleware {
  const core = createCsrfCore(options);
  return async function csrf(ctx, next) {
    const held = ctx as unknown as Held;
    ctx.csrfToken = () => core.token(held.session);
    if (core.applies(ctx.method, ctx, ctx.path)) {
      await core.check({
        req: ctx,
        method: ctx.method,
        path: ctx.path,
        header: (name) => headerOf(ctx.req, name),
        // Not ctx.origin: Koa 3 made that the Origin header. protocol and host follow app.proxy.
        own: `${ctx.protocol}://${ctx.host}`,
        session: () => held.session,
        body: () => held.request.body,
      });
    }
    await next();
  };
}
