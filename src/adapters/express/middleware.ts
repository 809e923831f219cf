import type { NextFunction, Request, Response } from 'express';
import type { SessionManagement } from '../../lifecycle/stored/management.js';
import type { RequestLifecycle } from '../../lifecycle/stored/request-lifecycle.js';
import type { SessionOptions as SharedSessionOptions } from '../common/options.js';
import { requestPropertyEdge, storedSessions } from '../common/stored.js';
import { claimSession } from '../common/owner.js';
import { idFollowsSession, storeOnPrototype } from './request-prototype.js';
import { responsePrototype } from './response-prototype.js';
import { installCommit } from '../common/node-response.js';
import type { ResponseLike } from '../common/node-response.js';
import { EXPRESS_PROXY_ADVICE, headerOf, isSecure } from '../../http/secure.js';
import type { RequestLike } from '../../http/secure.js';

/** Options of {@link session}: the same on every edge, with Express's request for the per-request functions. */
export type SessionOptions<Req = Request> = SharedSessionOptions<Req>;

/** The middleware `session()` returns, with events and per-user management on it. */
export interface SessionMiddleware extends SessionManagement<SessionMiddleware> {
  (req: Request, res: Response, next: NextFunction): void;
}

// Module level, not a per-request closure: under tsx/esbuild keepNames each closure costs a defineProperty.
function start(lifecycle: RequestLifecycle, res: Response, next: NextFunction): void {
  installCommit(lifecycle, res as unknown as ResponseLike, next, responsePrototype(res));
  next();
}

/**
 * Store-backed sessions for Express 4 and 5, secure by default: `__Host-sid` (or `sid` on plain
 * HTTP in development), HttpOnly, SameSite=Lax, SHA-256 store keys, idle + absolute timeouts,
 * lazy creation, update-only saves, and a save that completes before the response is sent.
 *
 * @example
 * import express from 'express';
 * import { session } from 'satchel';
 * const app = express();
 * app.use(session({ secret: process.env.SESSION_SECRET! }));
 * app.post('/login', async (req, res) => {
 *   await req.session.login(user.id);
 *   res.redirect('/');
 * });
 */
export function session(options: SessionOptions): SessionMiddleware {
  const kit = storedSessions<Request>(options, requestPropertyEdge(EXPRESS_PROXY_ADVICE, idFollowsSession));
  const { proxy, store } = kit.engine.options;

  const middleware = function session(req: Request, res: Response, next: NextFunction): void {
    const request = req as unknown as RequestLike;
    const conflict = claimSession(req, 'server');
    if (conflict) {
      next(conflict);
      return;
    }
    if (request.session) {
      next();
      return;
    }
    let opened: RequestLifecycle | Promise<RequestLifecycle>;
    try {
      if (!storeOnPrototype(req, store)) request.sessionStore = store;
      opened = kit.open(req, { secure: isSecure(request, proxy), cookieHeader: headerOf(request, 'cookie'), userAgent: headerOf(request, 'user-agent') ?? null });
    } catch (error) {
      next(error);
      return;
    }
    // In-process stores answer synchronously: the request goes on in the same tick.
    if (opened instanceof Promise) opened.then((lifecycle) => start(lifecycle, res, next), next);
    else start(opened, res, next);
  };
  return kit.manage(middleware) as SessionMiddleware;
}
