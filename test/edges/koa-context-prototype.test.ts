/**
 * Koa's cookieSession() exposes ctx.session and ctx.sessionOptions through the app's context
 * prototype (adapters/koa/context-prototype.ts): nothing own on a sealed ctx, the same reads and
 * writes as before, and an assignment on a ctx the middleware did not open stays that ctx's own.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import Koa from 'koa';
import type { Context } from 'koa';
import request from 'supertest';
import { cookieSession, MemoryStore, session } from '../../src/koa.js';

const SECRET = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';
const own = (target: object, name: string) => Object.prototype.hasOwnProperty.call(target, name);
type Loose = { session: Record<string, unknown> | null | string; sessionOptions: { sameSite?: string } };
const loose = (ctx: Context) => ctx as unknown as Loose;
const setCookies = (res: { headers: Record<string, unknown> }) => ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);

function app(): Koa {
  const app = new Koa();
  app.use(async (ctx, next) => {
    // Before the middleware: an assignment is an own value of that ctx only.
    if (ctx.path !== '/before') return next();
    loose(ctx).session = 'mine';
    ctx.body = { session: loose(ctx).session, own: own(ctx, 'session') };
  });
  app.use(cookieSession({ keys: [randomBytes(32).toString('base64url')], name: 's' }));
  app.use((ctx) => {
    const c = loose(ctx);
    if (ctx.path === '/set') {
      (c.session as Record<string, unknown>).n = 1;
      c.sessionOptions.sameSite = 'strict';
      ctx.body = { ownSession: own(ctx, 'session'), ownOptions: own(ctx, 'sessionOptions'), inherited: 'session' in Object.getPrototypeOf(ctx) };
    } else if (ctx.path === '/read') {
      ctx.body = { n: (c.session as { n?: number }).n ?? null };
    } else if (ctx.path === '/out') {
      c.session = null;
      ctx.body = { session: c.session };
    }
  });
  return app;
}

test('Koa cookieSession(): ctx.session and ctx.sessionOptions are not own; reads, writes, sessionOptions and logout work as before', async () => {
  const server = app().callback();
  assert.deepEqual((await request(server).get('/before').expect(200)).body, { session: 'mine', own: true });
  const set = await request(server).get('/set').expect(200);
  assert.deepEqual(set.body, { ownSession: false, ownOptions: false, inherited: true });
  const line = setCookies(set).find((c) => c.startsWith('s='))!;
  assert.match(line, /SameSite=Strict/);
  const cookie = line.split(';')[0]!;
  assert.deepEqual((await request(server).get('/read').set('Cookie', cookie).expect(200)).body, { n: 1 });
  const out = await request(server).get('/out').set('Cookie', cookie).expect(200);
  assert.deepEqual(out.body, { session: null });
  assert.ok(setCookies(out).some((c) => c.startsWith('s=;')));
  // The next request's ctx starts clean: the state of the last one is not inherited.
  assert.deepEqual((await request(server).get('/read').expect(200)).body, { n: null });
});

test('Koa: session() on one path and cookieSession() on another of one app keep their own ctx.session', async () => {
  const app = new Koa();
  const store = new MemoryStore({ sweepInterval: 0 });
  const sealed = cookieSession({ keys: [randomBytes(32).toString('base64url')], name: 'c' });
  const stored = session({ secret: SECRET, store, name: 's' });
  app.use((ctx, next) => (ctx.path.startsWith('/c') ? sealed(ctx, next) : stored(ctx, next)));
  app.use((ctx) => {
    const s = loose(ctx).session as Record<string, unknown>;
    s.kind = ctx.path.startsWith('/c') ? 'cookie' : 'server';
    ctx.body = { own: own(ctx, 'session'), kind: s.kind };
  });
  for (let i = 0; i < 2; i++) {
    assert.deepEqual((await request(app.callback()).get('/c').expect(200)).body, { own: false, kind: 'cookie' });
    assert.deepEqual((await request(app.callback()).get('/s').expect(200)).body, { own: true, kind: 'server' });
  }
});

test('Koa: session() and cookieSession() on one request is refused (ERR_SESSION_OPTIONS), in either order', async () => {
  for (const order of ['sealed-first', 'stored-first'] as const) {
    const app = new Koa();
    const sealed = cookieSession({ keys: [randomBytes(32).toString('base64url')], name: 'c' });
    const stored = session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }), name: 's' });
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = 500;
        ctx.body = { code: (error as { code?: string }).code };
      }
    });
    app.use(order === 'sealed-first' ? sealed : stored);
    app.use(order === 'sealed-first' ? stored : sealed);
    app.use((ctx) => {
      ctx.body = 'unreachable';
    });
    assert.deepEqual((await request(app.callback()).get('/').expect(500)).body, { code: 'ERR_SESSION_OPTIONS' }, order);
  }
});
