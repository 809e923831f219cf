/**
 * The one Express 5 app every variant serves (the bench/README.md scenarios): `/new` sets `n = 1`,
 * `/read` reads `n`, `/write` increments it. Identical routes for every row; only the
 * session layer differs.
 */
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import type { SessionAccess, VariantInstance } from './variants/types.js';

/** Headers every bench request carries: the proxy's note that the client spoke HTTPS. */
export const PROXY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'x-forwarded-proto': 'https' });

/** Requests seen by the app, read by the server's snapshots. */
export interface RequestCounter {
  count: number;
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

/** Builds the bench app around one variant. */
export function buildBenchApp(instance: VariantInstance, counter: RequestCounter = { count: 0 }): Express {
  const app = express();
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
