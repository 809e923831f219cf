/**
 * The one Express 5 app every Express variant serves (the bench/README.md scenarios): `/new` sets
 * `n = 1`, `/read` reads `n`, `/write` increments it. Identical routes for every row; only the
 * session layer differs. Fastify, Koa and Hono rows serve the same routes with their own API
 * (variants/<framework>.ts) through {@link routeBody}.
 */
import type { RequestListener } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Request, type Response, type NextFunction } from 'express';
import { logFirstError } from './variants/shared.js';
import type { ExpressInstance, SessionAccess, VariantInstance } from './variants/types.js';

/** Headers every bench request carries: the proxy's note that the client spoke HTTPS. */
export const PROXY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'x-forwarded-proto': 'https' });

/** Requests seen by the app, read by the server's snapshots. */
export interface RequestCounter {
  count: number;
}

/** The three routes every row serves. */
export const ROUTES = ['/new', '/read', '/write'] as const;

/** How a row reads and writes `n` on its session object (one static object per row: nothing allocated per request). */
export interface CountAccess<S = unknown> {
  get(session: S): unknown;
  set(session: S, n: number): void;
}

/** The three routes for the non-Express rows, over any session API: returns the response body. */
export function routeBody<S>(path: string, session: S, n: CountAccess<S>): string {
  if (path === '/read') return String(n.get(session) ?? 0);
  const before = path === '/new' ? 0 : n.get(session);
  const next = (typeof before === 'number' ? before : 0) + 1;
  n.set(session, next);
  return String(next);
}

type Route = (session: SessionAccess, res: Response) => Promise<void> | void;

const routes: Record<string, Route> = {
  '/new': (s, res) => {
    s.data.n = 1;
    return reply(s, res, '1', true);
  },
  '/read': (s, res) => {
    res.send(String(s.data.n ?? 0));
  },
  '/write': (s, res) => {
    const n = (typeof s.data.n === 'number' ? s.data.n : 0) + 1;
    s.data.n = n;
    return reply(s, res, String(n), true);
  },
};

function reply(s: SessionAccess, res: Response, body: string, changed: boolean): Promise<void> | void {
  if (changed && s.save) return s.save().then(() => void res.send(body));
  res.send(body);
}

/** Answers 500 and logs the first failure, so an "error" cell can show why. */
export const logErrors: ErrorRequestHandler = (error: unknown, _req, res) => {
  logFirstError(error);
  res.statusCode = 500;
  res.end();
};

/** Builds the bench app around one variant; `makeApp` is Express 5 unless an Express 4 row passes its own. */
export function buildBenchApp(instance: ExpressInstance, counter: RequestCounter = { count: 0 }, makeApp: typeof express = express): Express {
  const app = makeApp();
  app.disable('x-powered-by');
  app.disable('etag');
  // Every row is served as if behind a TLS-terminating proxy on loopback (see PROXY_HEADERS):
  // satchel refuses plain HTTP under NODE_ENV=production, and the peers ignore the header.
  app.set('trust proxy', 'loopback');
  app.use((_req, _res, next) => {
    counter.count += 1;
    next();
  });
  if (instance.middleware) app.use(instance.middleware);
  for (const [path, route] of Object.entries(routes)) {
    app.get(path, (req: Request, res: Response, next: NextFunction) => {
      // Sync when the library allows it, so the baseline pays for no promise it does not need.
      const session = instance.access(req, res);
      const done = session instanceof Promise ? session.then((s) => route(s, res)) : route(session, res);
      if (done instanceof Promise) done.catch(next);
    });
  }
  return app;
}

/**
 * The node:http listener of any row: the Express app above, or the framework row's own app with
 * the request counter in front (in the listener, so no framework pays a hook for it).
 */
export function benchListener(instance: VariantInstance, counter: RequestCounter = { count: 0 }): RequestListener {
  if (!('listener' in instance)) return buildBenchApp(instance, counter);
  const { listener } = instance;
  return (req, res) => {
    counter.count += 1;
    listener(req, res);
  };
}
