/**
 * `csrf()` for Hono: `c.get('csrfToken')()`, and unsafe requests checked before the handler.
 * A refusal is thrown as `SessionCsrfError` carrying Hono's `getResponse()`: the app's `onError`
 * sees the typed error, and without one Hono answers its 403 response.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { SessionCsrfError } from '../../errors.js';
import { createCsrfCore } from '../../csrf/guard.js';
import type { CsrfOptions, CsrfSession } from '../../csrf/index.js';

/**
 * The Hono `Env` of an app using {@link csrf}: `new Hono<SessionEnv & CsrfEnv>()` types
 * `c.get('csrfToken')`.
 */
export interface CsrfEnv {
  Variables: {
    /** A CSRF token of this session (a new one at each call, all valid). */
    csrfToken: () => string;
  };
}

/** The middleware `csrf()` returns. */
export type HonoCsrfMiddleware = MiddlewareHandler<CsrfEnv>;

const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

function sessionOf(c: Context): CsrfSession | null | undefined {
  return (c as unknown as { get(key: 'session'): CsrfSession | null | undefined }).get('session');
}

// What Hono's default error handler answers for an error that has it (its HTTPException idiom).
function withResponse(error: SessionCsrfError): SessionCsrfError {
  Object.defineProperty(error, 'getResponse', {
    value: () => new Response(error.message, { status: 403, headers: { 'content-type': 'text/plain; charset=UTF-8' } }),
  });
  return error;
}

/**
 * CSRF protection bound to the session (synchronizer tokens), for Hono. `app.use()` it after
 * `session()` or `cookieSession()`. A form's `_csrf` field is read through `c.req.parseBody()`,
 * which Hono caches, so the handler can still read the body (through `c.req`, not `c.req.raw`).
 *
 * @example
 * const app = new Hono<SessionEnv & CsrfEnv>();
 * app.use(session({ secret }));
 * app.use(csrf());
 * app.get('/form', (c) => c.html(render({ csrfToken: c.get('csrfToken')() })));
 */
export function csrf(options?: CsrfOptions<Context>): HonoCsrfMiddleware {
  const core = createCsrfCore(options);
  return async function csrf(c, next) {
    c.set('csrfToken', () => core.token(sessionOf(c)));
    if (core.applies(c.req.method, c, c.req.path)) {
      try {
        await core.check({
          req: c,
          method: c.req.method,
          path: c.req.path,
          header: (name) => c.req.header(name),
          own: new URL(c.req.url).origin,
          session: () => sessionOf(c),
          // A body Hono cannot parse carries no token: a 403 below, not a 500.
          body: () => (FORM.test(c.req.header('content-type') ?? '') ? c.req.parseBody().catch(() => undefined) : undefined),
        });
      } catch (error) {
        throw error instanceof SessionCsrfError ? withResponse(error) : error;
      }
    }
    await next();
  };
}
