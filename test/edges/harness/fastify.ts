/**
 * The Fastify harness of the edge contract (test/edges/contract.ts): a real Fastify 5 server with
 * satchel/fastify's `session()` or `cookieSession()`, the routes written the Fastify way (async
 * handlers returning the body, `reply.redirect`, a Readable for the streamed body,
 * `setErrorHandler` for the error path).
 */
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cookieSession, flash, session } from '../../../src/fastify.js';
import type { FastifyCookieSessionPlugin, FastifySessionPlugin } from '../../../src/fastify.js';
import type { EdgeHarness, EdgeMode, EdgeServer } from '../contract.js';

type Query = { k?: string; v?: string; ms?: string; user?: string };
// The contract's handlers treat the session as a bag of JSON values, whichever kind it is.
type Bag = Record<string, unknown>;

function bag(request: FastifyRequest): Bag {
  return request.session as unknown as Bag;
}

/** The session's own data as plain JSON (the stored session's `cookie` is metadata, not data). */
function dataOf(request: FastifyRequest, mode: EdgeMode): Bag {
  const current = request.session as unknown as Bag | null;
  if (!current) return {};
  const data = JSON.parse(JSON.stringify(current)) as Bag;
  if (mode === 'stored') delete data.cookie;
  return data;
}

function routes(app: FastifyInstance, mode: EdgeMode, unit: FastifySessionPlugin | FastifyCookieSessionPlugin): void {
  app.setErrorHandler((error: { code?: string }, _request, reply) => {
    reply.code(500).send({ code: error.code ?? 'UNKNOWN' });
  });

  app.get('/read', async (request) => ({ data: dataOf(request, mode), id: mode === 'stored' ? request.session.id : null }));

  app.post<{ Querystring: Query }>('/set', async (request) => {
    bag(request)[request.query.k!] = request.query.v;
    return { ok: true };
  });

  app.post<{ Querystring: Query }>('/push', async (request) => {
    const session = bag(request);
    const list = (session[request.query.k!] ??= []) as unknown[];
    list.push(request.query.v);
    return { ok: true };
  });

  app.post<{ Querystring: Query }>('/delete', async (request) => {
    delete bag(request)[request.query.k!];
    return { ok: true };
  });

  app.post<{ Querystring: Query }>('/slow-set', async (request) => {
    const session = bag(request);
    await new Promise((resolve) => setTimeout(resolve, Number(request.query.ms ?? 0)));
    session[request.query.k!] = request.query.v;
    return { ok: true };
  });

  app.post('/regenerate', async (request) => {
    await (request.session as unknown as { regenerate(): Promise<void> | void }).regenerate();
    bag(request).after = 'regenerate';
    return { ok: true };
  });

  app.post<{ Querystring: Query }>('/login', async (request) => {
    if (mode === 'stored') {
      await request.session.login(request.query.user!);
    } else {
      await (request.session as unknown as { regenerate(): Promise<void> | void }).regenerate();
      bag(request).userId = request.query.user;
    }
    return { ok: true };
  });

  app.post('/logout', async (request) => {
    if (mode === 'stored') await request.session.destroy();
    else (request as unknown as { session: null }).session = null;
    return { ok: true };
  });

  if (mode === 'stored') {
    const stored = unit as FastifySessionPlugin;
    app.get<{ Querystring: Query }>('/users', async (request) => ({ count: (await stored.listUserSessions(request.query.user!)).length }));
    app.post('/other-devices', async (request) => ({ ended: await request.session.destroyOtherSessions() }));
  }

  app.get('/stream', async (request, reply) => {
    bag(request).streamed = 'yes';
    // objectMode off, one push per chunk: the body goes out as two writes.
    const body = new Readable({ read() {} });
    body.push('chunk-1');
    setImmediate(() => {
      body.push('chunk-2');
      body.push(null);
    });
    return reply.type('text/plain').send(body);
  });

  app.get('/redirect', async (request, reply) => {
    bag(request).redirected = 'yes';
    return reply.redirect('/read');
  });

  app.post<{ Querystring: Query & { type?: string } }>('/flash', async (request) => ({ count: request.flash(request.query.type!, request.query.v!) }));
  app.post<{ Querystring: Query & { type?: string } }>('/flash-format', async (request) => ({ count: request.flash(request.query.type!, 'Hello %s', request.query.v) }));
  // Read the @fastify/flash way, through the reply.
  app.get<{ Querystring: { type?: string } }>('/flash', async (request, reply) => ({ messages: request.query.type === undefined ? reply.flash() : reply.flash(request.query.type) }));
  app.get<{ Querystring: { a?: string } }>('/activity', async (request) => {
    (request.session as unknown as { setActivity(a: string): void }).setActivity(request.query.a!);
    return { data: dataOf(request, mode) };
  });

  app.get('/fail', async (request) => {
    bag(request).big = 10n;
    return { ok: true };
  });
}

export const fastifyHarness: EdgeHarness = {
  name: 'fastify',
  async start(mode, options, settings = {}): Promise<EdgeServer> {
    const app = Fastify({ trustProxy: settings.trustProxy === true });
    const unit = mode === 'stored' ? session(options as unknown as Parameters<typeof session>[0]) : cookieSession(options as unknown as Parameters<typeof cookieSession>[0]);
    await app.register(unit);
    await app.register(flash());
    routes(app, mode, unit);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return { url, close: () => app.close() };
  },
};
