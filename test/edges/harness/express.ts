/** The edge-suite harness for Express 5: the contract's routes, written the Express way. */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { AddressInfo } from 'node:net';
import { cookieSession, flash, session } from '../../../src/index.js';
import type { EdgeHarness, EdgeMode, EdgeServer } from '../contract.js';

type Data = Record<string, unknown> & { [method: string]: any };
const sessionOf = (req: Request) => (req as unknown as { session: Data }).session;
const q = (req: Request, name: string) => String(req.query[name] ?? '');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function plain(data: Data | null | undefined): Record<string, unknown> {
  return data ? (JSON.parse(JSON.stringify(data)) as Record<string, unknown>) : {};
}

export const expressHarness: EdgeHarness = {
  name: 'express',
  async start(mode: EdgeMode, options: Record<string, unknown>, settings = {}): Promise<EdgeServer> {
    const app = express();
    if (settings.trustProxy) app.set('trust proxy', true);
    const middleware = mode === 'stored' ? session(options as never) : cookieSession(options as never);
    app.use(middleware as express.RequestHandler);
    app.use(flash());

    app.get('/read', (req, res) => {
      const s = sessionOf(req);
      const data = plain(s);
      delete data.cookie;
      res.json({ data, id: mode === 'stored' ? (s?.id ?? null) : null });
    });
    app.post('/set', (req, res) => {
      sessionOf(req)[q(req, 'k')] = q(req, 'v');
      res.json({ ok: true });
    });
    app.post('/push', (req, res) => {
      const s = sessionOf(req);
      const list = (s[q(req, 'k')] ??= []) as unknown[];
      list.push(q(req, 'v'));
      res.json({ ok: true });
    });
    app.post('/delete', (req, res) => {
      delete sessionOf(req)[q(req, 'k')];
      res.json({ ok: true });
    });
    app.post('/slow-set', async (req, res) => {
      const s = sessionOf(req);
      await wait(Number(q(req, 'ms')));
      s[q(req, 'k')] = q(req, 'v');
      res.json({ ok: true });
    });
    app.post('/regenerate', async (req, res) => {
      await sessionOf(req).regenerate();
      sessionOf(req).after = 'regenerate';
      res.json({ ok: true });
    });
    app.post('/login', async (req, res) => {
      if (mode === 'stored') await sessionOf(req).login(q(req, 'user'));
      else {
        await sessionOf(req).regenerate();
        sessionOf(req).userId = q(req, 'user');
      }
      res.json({ ok: true });
    });
    app.post('/logout', async (req, res) => {
      if (mode === 'stored') await sessionOf(req).destroy();
      else (req as unknown as { session: unknown }).session = null;
      res.json({ ok: true });
    });
    app.get('/users', async (req, res) => {
      res.json({ count: (await (middleware as ReturnType<typeof session>).listUserSessions(q(req, 'user'))).length });
    });
    app.post('/other-devices', async (req, res) => {
      res.json({ ended: await sessionOf(req).destroyOtherSessions() });
    });
    app.get('/stream', (req, res) => {
      sessionOf(req).streamed = 'yes';
      res.type('text/plain');
      res.write('chunk-1');
      setImmediate(() => res.end('chunk-2'));
    });
    app.get('/redirect', (req, res) => {
      sessionOf(req).redirected = 'yes';
      res.redirect('/read');
    });
    app.get('/fail', (req, res) => {
      sessionOf(req).big = 10n;
      res.json({ ok: true });
    });
    app.post('/flash', (req, res) => {
      res.json({ count: req.flash(q(req, 'type'), q(req, 'v')) });
    });
    app.post('/flash-format', (req, res) => {
      res.json({ count: req.flash(q(req, 'type'), 'Hello %s', q(req, 'v')) });
    });
    app.get('/flash', (req, res) => {
      res.json({ messages: req.query.type === undefined ? req.flash() : req.flash(q(req, 'type')) });
    });
    app.get('/activity', (req, res) => {
      sessionOf(req).setActivity(q(req, 'a'));
      res.json({ data: plain(sessionOf(req)) });
    });
    app.use((error: Error & { code?: string }, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ code: error.code });
    });

    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => void server.closeAllConnections()),
    };
  },
};
