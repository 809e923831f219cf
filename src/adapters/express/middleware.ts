import type { NextFunction, Request, Response } from 'express';
import { SessionEngine } from '../../lifecycle/stored/engine.js';
import { resolveOptions } from '../../lifecycle/stored/options.js';
import type { SessionOptions as SharedSessionOptions } from '../shared/options.js';
import { withManagement } from '../../lifecycle/stored/management.js';
import type { SessionManagement } from '../../lifecycle/stored/management.js';
import { openLifecycle } from '../../lifecycle/stored/request-lifecycle.js';
import type { RequestLifecycle, SessionEdge } from '../../lifecycle/stored/request-lifecycle.js';
import { warnDefaultMemoryStore } from '../../stores/memory/warning.js';
import { toSatchelStore } from '../shared/store.js';
import { installCommit } from './commit.js';
import type { ResponseLike } from './commit.js';
import { isLoopback, isSecure, warnIfForwardedHttps } from '../../http/secure.js';
import type { RequestLike } from '../../http/secure.js';
import { claimSession } from './owner.js';

/** Options of {@link session}: the same on every edge, with Express's request for the per-request functions. */
export type SessionOptions<Req = Request> = SharedSessionOptions<Req>;

/** The middleware `session()` returns, with events and per-user management on it. */
export interface SessionMiddleware extends SessionManagement<SessionMiddleware> {
  (req: Request, res: Response, next: NextFunction): void;
}

function headerOf(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join('; ') : value;
}

// Module level, not a per-request closure: under tsx/esbuild keepNames each closure costs a defineProperty.
function start(lifecycle: RequestLifecycle, res: Response, next: NextFunction): void {
  installCommit(lifecycle, res as unknown as ResponseLike, next);
  next();
}

/** What the lifecycle asks of Express: `req.session`, and the request facts only Express knows. */
function expressEdge(engine: SessionEngine<Request>): SessionEdge<Request> {
  const emit = (warning: { code: string; message: string }) => {
    if (!engine.events.has('warning')) return false;
    engine.events.emit('warning', warning);
    return true;
  };
  return {
    session: (req) => (req as unknown as RequestLike).session,
    install(req, session) {
      const request = req as unknown as RequestLike;
      request.session = session;
      request.sessionID = session.id;
    },
    isLoopback: (req) => isLoopback(req as unknown as RequestLike),
    plainHttp: (req) => warnIfForwardedHttps(engine, 'session()', req as unknown as RequestLike, emit),
  };
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
  const engine = new SessionEngine<Request>(resolveOptions<Request>({ ...options, store: toSatchelStore(options?.store) }));
  // Only the fallback warns: an app that passes `new MemoryStore()` chose it.
  if (options.store === undefined) warnDefaultMemoryStore();
  return middlewareFor(engine);
}

function middlewareFor(engine: SessionEngine<Request>): SessionMiddleware {
  const { proxy, store } = engine.options;
  const edge = expressEdge(engine);

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
      const settings = engine.options.cookie(req, isSecure(request, proxy));
      request.sessionStore = store;
      opened = openLifecycle(engine, edge, req, { settings, cookieHeader: headerOf(request, 'cookie'), userAgent: headerOf(request, 'user-agent') ?? null });
    } catch (error) {
      next(error);
      return;
    }
    // In-process stores answer synchronously: the request goes on in the same tick.
    if (opened instanceof Promise) opened.then((lifecycle) => start(lifecycle, res, next), next);
    else start(opened, res, next);
  };
  return withManagement(middleware, engine) as SessionMiddleware;
}
