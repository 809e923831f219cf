/**
 * The CSRF harness for Fastify 5: a urlencoded content-type parser (what @fastify/formbody does),
 * csrf() registered after the session plugin, /hook exempted by its route config (the suite's
 * `exempt` option is left out, so the Fastify way is what is tested).
 */
import Fastify, { type FastifyRequest } from 'fastify';
import { cookieSession, csrf, session } from '../../../src/fastify.js';
import { parseForm, sessionOptions, type CsrfHarness } from '../contract.js';

type Data = Record<string, any>;
const sessionOf = (request: FastifyRequest) => (request as unknown as { session: Data }).session;

export const fastifyCsrfHarness: CsrfHarness = {
  name: 'fastify',
  async start(mode, csrfOptions = {}) {
    const app = Fastify();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, parseForm(body as string)));
    await app.register(mode === 'stored' ? session(sessionOptions(mode) as never) : cookieSession(sessionOptions(mode) as never));
    const { exempt: _exempt, ...options } = csrfOptions;
    await app.register(csrf(options));
    app.setErrorHandler((error: Data, _request, reply) => {
      void reply.status(error.statusCode ?? 500).send({ code: error.code, reason: error.reason });
    });
    app.get('/token', async (request) => ({ token: request.csrfToken() }));
    app.get('/read', async (request) => {
      const data = JSON.parse(JSON.stringify(sessionOf(request) ?? {})) as Data;
      delete data.cookie;
      return { data };
    });
    app.post('/submit', async (request) => {
      const note = (request.body as Data | undefined)?.note ?? null;
      sessionOf(request).posted = note ?? 'yes';
      return { ok: true, note };
    });
    app.post('/regenerate', async (request) => {
      await sessionOf(request).regenerate();
      return { ok: true };
    });
    app.post<{ Querystring: { user: string } }>('/login', async (request) => {
      if (mode === 'stored') await sessionOf(request).login(request.query.user, { keep: ['csrfSecret', 'cart'] });
      else {
        await sessionOf(request).regenerate();
        sessionOf(request).userId = request.query.user;
      }
      return { ok: true };
    });
    app.post('/hook', { config: { csrf: false } }, async () => ({ ok: true }));
    // The suite's OPTIONS case needs a route: Fastify runs no preHandler for a request it cannot route.
    app.options('/submit', async () => ({ ok: true }));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return { url, close: () => app.close() };
  },
};
