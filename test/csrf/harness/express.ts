/** The CSRF harness for Express 5: express.urlencoded() before csrf(), errors through next(err). */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { AddressInfo } from 'node:net';
import { cookieSession, csrf, session } from '../../../src/index.js';
import { sessionOptions, type CsrfHarness } from '../contract.js';

type Data = Record<string, any>;
const sessionOf = (req: Request) => (req as unknown as { session: Data }).session;

export const expressCsrfHarness: CsrfHarness = {
  name: 'express',
  async start(mode, csrfOptions = {}) {
    const app = express();
    app.use((mode === 'stored' ? session(sessionOptions(mode) as never) : cookieSession(sessionOptions(mode) as never)) as express.RequestHandler);
    app.use(express.urlencoded({ extended: false }));
    app.use(csrf(csrfOptions));
    app.get('/token', (req, res) => void res.json({ token: req.csrfToken() }));
    app.get('/read', (req, res) => {
      const data = JSON.parse(JSON.stringify(sessionOf(req) ?? {})) as Data;
      delete data.cookie;
      res.json({ data });
    });
    app.post('/submit', (req, res) => {
      const note = (req.body as Data | undefined)?.note ?? null;
      sessionOf(req).posted = note ?? 'yes';
      res.json({ ok: true, note });
    });
    app.post('/regenerate', async (req, res) => {
      await sessionOf(req).regenerate();
      res.json({ ok: true });
    });
    app.post('/login', async (req, res) => {
      if (mode === 'stored') await sessionOf(req).login(String(req.query.user), { keep: ['csrfSecret', 'cart'] });
      else {
        await sessionOf(req).regenerate();
        sessionOf(req).userId = String(req.query.user);
      }
      res.json({ ok: true });
    });
    app.post('/hook', (_req, res) => void res.json({ ok: true }));
    app.use((error: Data, _req: Request, res: Response, _next: NextFunction) => {
      res.status(error.status ?? 500).json({ code: error.code, reason: error.reason });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((done) => server.close(() => done())).then(() => void server.closeAllConnections()),
    };
  },
};
