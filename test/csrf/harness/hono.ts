/**
 * The CSRF harness for Hono on Node (@hono/node-server): csrf() after the session middleware,
 * the handler reading the form through c.req.parseBody() after csrf() read it, refusals through
 * the app's onError.
 */
import { Hono } from 'hono';
import { cookieSession, csrf, session, type CookieSessionEnv, type CsrfEnv, type SessionEnv } from '../../../src/hono.js';
import { serveFetch } from '../../edges/harness/serve.js';
import { sessionOptions, type CsrfHarness, type CsrfMode } from '../contract.js';

type Data = Record<string, any>;

/** The app, also for the Hono-specific tests (`onError: false` leaves Hono's default error handler). */
export function honoCsrfApp(mode: CsrfMode, csrfOptions: Record<string, unknown> = {}, settings: { onError?: boolean } = {}) {
  const app = new Hono<(SessionEnv | CookieSessionEnv) & CsrfEnv>();
  app.use(mode === 'stored' ? session(sessionOptions(mode) as never) : (cookieSession(sessionOptions(mode) as never) as never));
  app.use(csrf(csrfOptions));
  const sessionOf = (c: { get(key: 'session'): unknown }) => c.get('session') as Data;
  app.get('/token', (c) => c.json({ token: c.get('csrfToken')() }));
  app.get('/read', (c) => {
    const data = JSON.parse(JSON.stringify(sessionOf(c) ?? {})) as Data;
    delete data.cookie;
    return c.json({ data });
  });
  app.post('/submit', async (c) => {
    const body = await c.req.parseBody();
    const note = typeof body.note === 'string' ? body.note : null;
    sessionOf(c).posted = note ?? 'yes';
    return c.json({ ok: true, note });
  });
  app.post('/regenerate', async (c) => {
    await sessionOf(c).regenerate();
    return c.json({ ok: true });
  });
  app.post('/login', async (c) => {
    const user = c.req.query('user') ?? '';
    if (mode === 'stored') await sessionOf(c).login(user, { keep: ['csrfSecret', 'cart'] });
    else {
      await sessionOf(c).regenerate();
      sessionOf(c).userId = user;
    }
    return c.json({ ok: true });
  });
  app.post('/hook', (c) => c.json({ ok: true }));
  app.options('/submit', (c) => c.json({ ok: true }));
  if (settings.onError !== false) {
    app.onError((error, c) => {
      const e = error as Data;
      return c.json({ code: e.code, reason: e.reason }, (e.status ?? 500) as 403);
    });
  }
  return app;
}

export const honoCsrfHarness: CsrfHarness = {
  name: 'hono (node)',
  start: (mode, csrfOptions) => serveFetch(honoCsrfApp(mode, csrfOptions).fetch),
};
