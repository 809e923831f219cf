/** The edge-suite harness for `satchel/hono`: the contract's routes, written the Hono way, on Node through @hono/node-server. */
import { Hono } from 'hono';
import { streamText } from 'hono/streaming';
import { cookieSession, flash, session, type CookieSessionEnv, type FlashEnv, type SessionEnv } from '../../../src/hono.js';
import type { EdgeHarness, EdgeMode, EdgeServer } from '../contract.js';
import { serveFetch } from './serve.js';

type Data = Record<string, unknown> & { [method: string]: any };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function plain(data: Data | null | undefined): Record<string, unknown> {
  const copy = data ? (JSON.parse(JSON.stringify(data)) as Record<string, unknown>) : {};
  delete copy.cookie;
  return copy;
}

/** The app of the harness, also used by the Hono-specific tests and the Bun/Deno fixtures' shape. */
export function honoApp(mode: EdgeMode, options: Record<string, unknown>, settings: { trustProxy?: boolean } = {}) {
  const withProxy = settings.trustProxy ? { ...options, proxy: true } : options;
  const stored = mode === 'stored' ? session(withProxy as never) : null;
  // Both kinds put `session` in c.var; the routes only use what both have.
  const app = new Hono<(SessionEnv | CookieSessionEnv) & FlashEnv>();
  app.use(stored ?? (cookieSession(withProxy as never) as never));
  app.use(flash());
  const sessionOf = (c: { get(key: 'session'): unknown }) => c.get('session') as Data;
  const q = (c: { req: { query(name: string): string | undefined } }, name: string) => c.req.query(name) ?? '';

  app.get('/read', (c) => c.json({ data: plain(sessionOf(c)), id: stored ? sessionOf(c).id : null }));
  app.post('/set', (c) => {
    sessionOf(c)[q(c, 'k')] = q(c, 'v');
    return c.json({ ok: true });
  });
  app.post('/push', (c) => {
    ((sessionOf(c)[q(c, 'k')] ??= []) as unknown[]).push(q(c, 'v'));
    return c.json({ ok: true });
  });
  app.post('/delete', (c) => {
    delete sessionOf(c)[q(c, 'k')];
    return c.json({ ok: true });
  });
  app.post('/slow-set', async (c) => {
    const s = sessionOf(c);
    await wait(Number(q(c, 'ms')));
    s[q(c, 'k')] = q(c, 'v');
    return c.json({ ok: true });
  });
  app.post('/regenerate', async (c) => {
    await sessionOf(c).regenerate();
    sessionOf(c).after = 'regenerate';
    return c.json({ ok: true });
  });
  app.post('/login', async (c) => {
    if (stored) await sessionOf(c).login(q(c, 'user'));
    else {
      await sessionOf(c).regenerate();
      sessionOf(c).userId = q(c, 'user');
    }
    return c.json({ ok: true });
  });
  app.post('/logout', async (c) => {
    await sessionOf(c).destroy();
    return c.json({ ok: true });
  });
  app.get('/users', async (c) => c.json({ count: (await stored!.listUserSessions(q(c, 'user'))).length }));
  app.post('/other-devices', async (c) => c.json({ ended: await sessionOf(c).destroyOtherSessions() }));
  app.get('/stream', (c) => {
    sessionOf(c).streamed = 'yes';
    return streamText(c, async (stream) => {
      await stream.write('chunk-1');
      await stream.sleep(1);
      await stream.write('chunk-2');
    });
  });
  app.get('/redirect', (c) => {
    sessionOf(c).redirected = 'yes';
    return c.redirect('/read');
  });
  app.post('/flash', (c) => c.json({ count: c.get('flash')(q(c, 'type'), q(c, 'v')) }));
  app.post('/flash-format', (c) => c.json({ count: c.get('flash')(q(c, 'type'), 'Hello %s', q(c, 'v')) }));
  app.get('/flash', (c) => c.json({ messages: c.req.query('type') === undefined ? c.get('flash')() : c.get('flash')(q(c, 'type')) }));
  app.get('/activity', (c) => {
    sessionOf(c).setActivity(q(c, 'a'));
    return c.json({ data: plain(sessionOf(c)) });
  });
  app.get('/fail', (c) => {
    sessionOf(c).big = 10n;
    return c.json({ ok: true });
  });
  app.onError((error, c) => c.json({ code: (error as { code?: string }).code }, 500));
  return { app, stored };
}

export const honoHarness: EdgeHarness = {
  name: 'hono (node)',
  async start(mode: EdgeMode, options: Record<string, unknown>, settings = {}): Promise<EdgeServer> {
    return serveFetch(honoApp(mode, options, settings).app.fetch);
  },
};
