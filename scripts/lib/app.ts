/**
 * The tiny Express app every reliability run drives, the same for satchel's `session()` and for
 * express-session, so the numbers compare like with like. Routes:
 *   POST /init          write `init` so the session is stored; responds with the session's keys
 *   POST /set/:key      wait `?delay` ms (or a random 0–20 ms), await the gate if any, then set the key
 *   GET  /keys          the session's data keys (and whether it is a fresh, empty one)
 *   POST /logout        destroy the session
 *   POST /regenerate    new id, data dropped, `init` written again
 * Errors answer 500 with the error's `code`, so a caller can tell a store failure from a bug.
 */
import express from 'express';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Callback = (error?: unknown) => void;
interface AnySession {
  [key: string]: unknown;
  destroy(callback: Callback): unknown;
  regenerate(callback: Callback): unknown;
}

export interface AppHooks {
  /** Awaited by `/set/:key` after the delay and before the write: lets a test hold a request in flight. */
  gate?: (key: string) => Promise<void>;
  /** Called with the process-level id of the worker answering, echoed in `x-worker`. */
  worker?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sessionOf(req: express.Request): AnySession {
  return (req as unknown as { session: AnySession }).session;
}

function call(run: (cb: Callback) => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    run((error) => (error ? reject(error) : resolve()));
  });
}

function dataKeys(session: AnySession): string[] {
  return Object.keys(session).filter((key) => key !== 'cookie');
}

/** The app, with `middleware` (satchel's or express-session's) mounted first. */
export function buildApp(middleware: RequestHandler, hooks: AppHooks = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    if (hooks.worker) res.setHeader('x-worker', hooks.worker);
    next();
  });
  app.use(middleware);
  app.post('/init', (req, res) => {
    sessionOf(req).init = true;
    res.json({ keys: dataKeys(sessionOf(req)) });
  });
  app.post('/set/:key', async (req, res) => {
    const delay = req.query.delay === undefined ? Math.floor(Math.random() * 21) : Number(req.query.delay);
    if (delay > 0) await sleep(delay);
    const key = String(req.params.key);
    await hooks.gate?.(key);
    sessionOf(req)[key] = req.query.value === undefined ? true : String(req.query.value);
    res.json({ ok: true });
  });
  app.get('/keys', (req, res) => {
    const keys = dataKeys(sessionOf(req));
    const values: Record<string, unknown> = {};
    for (const key of keys) values[key] = sessionOf(req)[key];
    res.json({ keys, values, fresh: keys.length === 0 });
  });
  app.post('/logout', async (req, res) => {
    await call((cb) => sessionOf(req).destroy(cb));
    res.json({ ok: true });
  });
  app.post('/regenerate', async (req, res) => {
    await call((cb) => sessionOf(req).regenerate(cb));
    sessionOf(req).init = true;
    res.json({ ok: true });
  });
  app.use(((error, _req, res, _next) => {
    const code = (error as { code?: unknown }).code;
    if (res.headersSent) return;
    res.status(500).json({ code: typeof code === 'string' ? code : 'UNKNOWN', name: (error as Error)?.name, detail: (error as Error)?.message });
  }) as ErrorRequestHandler);
  return app;
}

/** A listening server on a free loopback port and how to stop it (open keep-alive sockets included). */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `exclusive`: in a `node:cluster` worker, a port of its own instead of the primary's shared one. */
export async function listen(app: Express, port = 0, exclusive = false): Promise<RunningServer> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen({ port, host: '127.0.0.1', exclusive }, resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
