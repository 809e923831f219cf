/**
 * Each framework's own error idiom with no app error handler of its own (Express's final handler,
 * Fastify's and Koa's defaults, Hono's getResponse), the typed error itself, a custom `value`,
 * and csrf() mounted without a session.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { test } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { csrf as expressCsrf, isSessionError, session as expressSession, SessionCsrfError } from '../../src/index.js';
import { csrf as fastifyCsrf, session as fastifySession } from '../../src/fastify.js';
import { csrf as koaCsrf, session as koaSession } from '../../src/koa.js';
import { csrf as webCsrf } from '../../src/web.js';
import { CsrfClient } from './client.js';
import { sessionOptions } from './contract.js';
import { honoCsrfApp } from './harness/hono.js';
import { serveFetch } from '../edges/harness/serve.js';

async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => server.close(() => done())).then(() => void server.closeAllConnections()),
  };
}

test('SessionCsrfError: code ERR_SESSION_CSRF, status and statusCode 403, a reason, a SessionError', () => {
  const error = new SessionCsrfError('invalid-token');
  assert.equal(error.code, 'ERR_SESSION_CSRF');
  assert.equal(error.status, 403);
  assert.equal(error.statusCode, 403);
  assert.equal(error.reason, 'invalid-token');
  assert.equal(error.name, 'SessionCsrfError');
  assert.ok(isSessionError(error));
  assert.match(error.message, /does not belong to this session/);
});

test("Express: a refusal reaches Express's final handler through next(err) as a 403", async () => {
  const app = express();
  app.use(expressSession(sessionOptions('stored') as never));
  app.use(expressCsrf());
  app.post('/submit', (_req, res) => void res.send('ok'));
  const server = await listen(app.listen(0, '127.0.0.1'));
  try {
    const answer = await new CsrfClient(server.url).send('POST', '/submit');
    assert.equal(answer.status, 403);
    assert.match(answer.text, /Forbidden|CSRF/);
  } finally {
    await server.close();
  }
});

test('Express: csrf() without a session before it fails loudly (ERR_SESSION_MISSING, like req.flash) instead of passing', async () => {
  const app = express();
  app.use(expressCsrf());
  app.get('/token', (req, res) => void res.json({ token: req.csrfToken() }));
  app.post('/submit', (_req, res) => void res.send('ok'));
  const codes: string[] = [];
  app.use((error: { code: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    codes.push(error.code);
    res.status(500).end();
  });
  const server = await listen(app.listen(0, '127.0.0.1'));
  try {
    const client = new CsrfClient(server.url);
    assert.equal((await client.send('GET', '/token')).status, 500);
    assert.equal((await client.send('POST', '/submit', { headers: { 'x-csrf-token': 'x' } })).status, 500);
    assert.deepEqual(codes, ['ERR_SESSION_MISSING', 'ERR_SESSION_MISSING']);
  } finally {
    await server.close();
  }
});

test('regenerate({ keep }) and login(user, { keep }) carry the listed keys but never csrfSecret', async () => {
  const app = express();
  app.use(expressSession(sessionOptions('stored') as never));
  app.use(expressCsrf());
  app.get('/token', (req, res) => {
    (req.session as unknown as Record<string, unknown>).cart = ['apple'];
    res.json({ token: req.csrfToken() });
  });
  app.post('/rotate', async (req, res) => {
    const s = req.session as unknown as { regenerate(o: object): Promise<void>; login(u: string, o: object): Promise<void> };
    if (req.query.how === 'login') await s.login('u1', { keep: ['cart', 'csrfSecret'] });
    else await s.regenerate({ keep: ['cart', 'csrfSecret'] });
    res.json(JSON.parse(JSON.stringify(req.session)));
  });
  const server = await listen(app.listen(0, '127.0.0.1'));
  try {
    for (const how of ['regenerate', 'login']) {
      const client = new CsrfClient(server.url);
      const token = await client.token();
      const answer = await client.send('POST', `/rotate?how=${how}`, { headers: { 'x-csrf-token': token } });
      assert.equal(answer.status, 200, answer.text);
      const data = answer.json() as Record<string, unknown>;
      assert.deepEqual(data.cart, ['apple'], how);
      assert.equal(Object.hasOwn(data, 'csrfSecret'), false, how);
    }
  } finally {
    await server.close();
  }
});

test("Fastify: with Fastify's default error handler the refusal is a 403 naming the code", async () => {
  const app = Fastify();
  await app.register(fastifySession(sessionOptions('stored') as never));
  await app.register(fastifyCsrf());
  app.post('/submit', async () => 'ok');
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const answer = await new CsrfClient(url).send('POST', '/submit');
    assert.equal(answer.status, 403);
    assert.equal(answer.json().code, 'ERR_SESSION_CSRF');
  } finally {
    await app.close();
  }
});

test("Koa: with Koa's default error handling the refusal is a 403, and app 'error' sees the typed error", async () => {
  const app = new Koa();
  const seen: unknown[] = [];
  app.silent = true;
  app.on('error', (error) => seen.push(error));
  app.use(koaSession(sessionOptions('stored') as never));
  app.use(koaCsrf());
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  const server = await listen(app.listen(0, '127.0.0.1'));
  try {
    const answer = await new CsrfClient(server.url).send('POST', '/submit', { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(answer.status, 403);
    assert.match(answer.text, /another site/);
    assert.ok(seen[0] instanceof SessionCsrfError && seen[0].reason === 'cross-site');
  } finally {
    await server.close();
  }
});

test("Hono: without onError, Hono's default handler answers the error's 403 response", async () => {
  const server = await serveFetch(honoCsrfApp('sealed', {}, { onError: false }).fetch);
  try {
    const client = new CsrfClient(server.url);
    await client.token();
    const answer = await client.send('POST', '/submit', { form: { _csrf: 'forged', note: 'x' } });
    assert.equal(answer.status, 403);
    assert.match(answer.text, /does not belong to this session/);
  } finally {
    await server.close();
  }
});

test('value(req): a custom, async lookup replaces the defaults', async () => {
  const guard = webCsrf({ value: async (request) => new URL(request.url).searchParams.get('t') });
  const holder = { session: {} as Record<string, unknown> };
  const token = guard.token(holder);
  await guard.check(new Request(`http://localhost/x?t=${token}`, { method: 'POST' }), holder);
  await assert.rejects(
    guard.check(new Request('http://localhost/x', { method: 'POST', headers: { 'x-csrf-token': token } }), holder),
    (error: unknown) => error instanceof SessionCsrfError && error.reason === 'missing-token',
  );
});

test('Web: a parsed body given to check() is used instead of reading the request', async () => {
  const guard = webCsrf();
  const holder = { session: {} as Record<string, unknown> };
  const token = guard.token(holder);
  await guard.check(new Request('http://localhost/x', { method: 'POST' }), holder, { body: { _csrf: token } });
  await assert.rejects(guard.check(new Request('http://localhost/x', { method: 'POST' }), holder, { body: {} }), SessionCsrfError);
});
