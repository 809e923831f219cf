/** The edge-suite harness for Koa 3: the contract's routes, written the Koa way (one router middleware, ctx.session). */
import Koa from 'koa';
import type { Context } from 'koa';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { cookieSession, flash, session } from '../../../src/koa.js';
import type { EdgeHarness, EdgeMode, EdgeServer } from '../contract.js';

type Data = Record<string, unknown> & { [method: string]: any };
const sessionOf = (ctx: Context) => (ctx as unknown as { session: Data }).session;
const q = (ctx: Context, name: string) => String(ctx.query[name] ?? '');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function plain(data: Data | null | undefined): Record<string, unknown> {
  return data ? (JSON.parse(JSON.stringify(data)) as Record<string, unknown>) : {};
}

type Route = (ctx: Context) => Promise<void> | void;

export const koaHarness: EdgeHarness = {
  name: 'koa',
  async start(mode: EdgeMode, options: Record<string, unknown>, settings = {}): Promise<EdgeServer> {
    const app = new Koa();
    if (settings.trustProxy) app.proxy = true;
    const middleware = mode === 'stored' ? session(options as never) : cookieSession(options as never);
    // The app's error handler, upstream of the session: a failed commit reaches it like any error.
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = 500;
        ctx.body = { code: (error as { code?: string }).code };
      }
    });
    app.use(middleware);
    app.use(flash());

    const routes: Record<string, Route> = {
      'GET /read': (ctx) => {
        const s = sessionOf(ctx);
        const data = plain(s);
        delete data.cookie;
        ctx.body = { data, id: mode === 'stored' ? (s?.id ?? null) : null };
      },
      'POST /set': (ctx) => {
        sessionOf(ctx)[q(ctx, 'k')] = q(ctx, 'v');
        ctx.body = { ok: true };
      },
      'POST /push': (ctx) => {
        const s = sessionOf(ctx);
        const list = (s[q(ctx, 'k')] ??= []) as unknown[];
        list.push(q(ctx, 'v'));
        ctx.body = { ok: true };
      },
      'POST /delete': (ctx) => {
        delete sessionOf(ctx)[q(ctx, 'k')];
        ctx.body = { ok: true };
      },
      'POST /slow-set': async (ctx) => {
        const s = sessionOf(ctx);
        await wait(Number(q(ctx, 'ms')));
        s[q(ctx, 'k')] = q(ctx, 'v');
        ctx.body = { ok: true };
      },
      'POST /regenerate': async (ctx) => {
        await sessionOf(ctx).regenerate();
        sessionOf(ctx).after = 'regenerate';
        ctx.body = { ok: true };
      },
      'POST /login': async (ctx) => {
        if (mode === 'stored') await sessionOf(ctx).login(q(ctx, 'user'));
        else {
          await sessionOf(ctx).regenerate();
          sessionOf(ctx).userId = q(ctx, 'user');
        }
        ctx.body = { ok: true };
      },
      'POST /logout': async (ctx) => {
        if (mode === 'stored') await sessionOf(ctx).destroy();
        else (ctx as unknown as { session: unknown }).session = null;
        ctx.body = { ok: true };
      },
      'GET /users': async (ctx) => {
        ctx.body = { count: (await (middleware as ReturnType<typeof session>).listUserSessions(q(ctx, 'user'))).length };
      },
      'POST /other-devices': async (ctx) => {
        ctx.body = { ended: await sessionOf(ctx).destroyOtherSessions() };
      },
      'GET /stream': (ctx) => {
        sessionOf(ctx).streamed = 'yes';
        const body = new PassThrough();
        ctx.type = 'text/plain';
        ctx.body = body;
        body.write('chunk-1');
        setImmediate(() => body.end('chunk-2'));
      },
      'GET /redirect': (ctx) => {
        sessionOf(ctx).redirected = 'yes';
        ctx.redirect('/read');
      },
      'POST /flash': (ctx) => {
        ctx.body = { count: ctx.flash(q(ctx, 'type'), q(ctx, 'v')) };
      },
      'POST /flash-format': (ctx) => {
        ctx.body = { count: ctx.flash(q(ctx, 'type'), 'Hello %s', q(ctx, 'v')) };
      },
      'GET /flash': (ctx) => {
        ctx.body = { messages: ctx.query.type === undefined ? ctx.flash() : ctx.flash(q(ctx, 'type')) };
      },
      'GET /activity': (ctx) => {
        sessionOf(ctx).setActivity(q(ctx, 'a'));
        ctx.body = { data: plain(sessionOf(ctx)) };
      },
      'GET /fail': (ctx) => {
        sessionOf(ctx).big = 10n;
        ctx.body = { ok: true };
      },
    };
    app.use(async (ctx) => {
      const route = routes[`${ctx.method} ${ctx.path}`];
      if (route) await route(ctx);
    });

    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => void server.closeAllConnections()),
    };
  },
};
