/**
 * The CSRF harness for Koa 3: an upstream error handler (try/catch around next, answering the
 * error's `status`), a small urlencoded body parser where koa-bodyparser would sit, then csrf().
 */
import Koa from 'koa';
import type { Context } from 'koa';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { cookieSession, csrf, session } from '../../../src/koa.js';
import { parseForm, sessionOptions, type CsrfHarness } from '../contract.js';

type Data = Record<string, any>;
const sessionOf = (ctx: Context) => (ctx as unknown as { session: Data }).session;

export const koaCsrfHarness: CsrfHarness = {
  name: 'koa',
  async start(mode, csrfOptions = {}) {
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        const e = error as Data;
        ctx.status = e.status ?? 500;
        ctx.body = { code: e.code, reason: e.reason };
      }
    });
    app.use(mode === 'stored' ? session(sessionOptions(mode) as never) : cookieSession(sessionOptions(mode) as never));
    app.use(async (ctx, next) => {
      if (ctx.is('application/x-www-form-urlencoded')) (ctx.request as { body?: unknown }).body = parseForm(await text(ctx.req));
      await next();
    });
    app.use(csrf(csrfOptions));
    const routes: Record<string, (ctx: Context) => Promise<void> | void> = {
      'GET /token': (ctx) => {
        ctx.body = { token: ctx.csrfToken() };
      },
      'GET /read': (ctx) => {
        const data = JSON.parse(JSON.stringify(sessionOf(ctx) ?? {})) as Data;
        delete data.cookie;
        ctx.body = { data };
      },
      'POST /submit': (ctx) => {
        const note = ((ctx.request as { body?: Data }).body?.note as string | undefined) ?? null;
        sessionOf(ctx).posted = note ?? 'yes';
        ctx.body = { ok: true, note };
      },
      'POST /regenerate': async (ctx) => {
        await sessionOf(ctx).regenerate();
        ctx.body = { ok: true };
      },
      'POST /login': async (ctx) => {
        const user = String(ctx.query.user);
        if (mode === 'stored') await sessionOf(ctx).login(user, { keep: ['csrfSecret', 'cart'] });
        else {
          await sessionOf(ctx).regenerate();
          sessionOf(ctx).userId = user;
        }
        ctx.body = { ok: true };
      },
      'POST /hook': (ctx) => {
        ctx.body = { ok: true };
      },
    };
    app.use(async (ctx) => {
      const route = routes[`${ctx.method === 'HEAD' ? 'GET' : ctx.method} ${ctx.path}`];
      if (route) await route(ctx);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((done) => server.close(() => done())).then(() => void server.closeAllConnections()),
    };
  },
};
