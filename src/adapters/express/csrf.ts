/**
 * `csrf()` for Express 4 and 5: `req.csrfToken()`, and unsafe requests checked before the route.
 * A refusal is `next(SessionCsrfError)` (status 403), so the app's error handler answers it.
 */
import type { NextFunction, Request, Response } from 'express';
import { createCsrfCore } from '../../csrf/guard.js';
import type { CsrfOptions, CsrfSession } from '../../csrf/index.js';
import { headerOf } from '../../http/secure.js';

/** The middleware `csrf()` returns. */
export type CsrfMiddleware = (req: Request, res: Response, next: NextFunction) => void;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** A CSRF token of this session (a new one at each call, all valid), set by `csrf()`. */
      csrfToken(): string;
    }
  }
}

type Fields = { session?: CsrfSession | null; body?: unknown; protocol?: string; originalUrl?: string; url?: string };

/** The path of the full URL, so `exempt` paths read the same under any mount point. */
function pathOf(req: Request): string {
  const url = req.originalUrl ?? req.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function ownOrigin(req: Request): string | undefined {
  // HTTP/2 names the host in `:authority`; `protocol` follows Express's trust proxy setting.
  const host = headerOf(req, 'host') ?? headerOf(req, ':authority');
  return host === undefined ? undefined : `${req.protocol ?? 'http'}://${host}`;
}

/**
 * CSRF protection bound to the session (synchronizer tokens): mount it after `session()` or
 * `cookieSession()` and after a body parser for forms. Pages render `req.csrfToken()` into a
 * `_csrf` field or an `x-csrf-token` header; unsafe requests without a token of this session,
 * or from another site, reach the error handler as `SessionCsrfError` (403).
 *
 * @example
 * app.use(session({ secret }));
 * app.use(express.urlencoded({ extended: false }));
 * app.use(csrf());
 * app.get('/form', (req, res) => res.render('form', { csrfToken: req.csrfToken() }));
 */
export function csrf(options?: CsrfOptions<Request>): CsrfMiddleware {
  const core = createCsrfCore(options);
  return function csrf(req, _res, next) {
    const fields = req as unknown as Fields;
    req.csrfToken = () => core.token(fields.session);
    const path = pathOf(req);
    if (!core.applies(req.method, req, path)) return next();
    core
      .check({
        req,
        method: req.method,
        path,
        header: (name) => headerOf(req, name),
        own: ownOrigin(req),
        session: () => fields.session,
        body: () => fields.body,
      })
      .then(() => next(), next);
  };
}
