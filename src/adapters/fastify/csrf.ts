/**
 * `csrf()` for Fastify 5: a plugin (fastify-plugin, so it reaches the scope that registers it)
 * that decorates `request.csrfToken()` and checks unsafe requests in `preHandler`, after the body
 * is parsed. A refusal is thrown: Fastify's error path answers 403 (or the app's error handler
 * does, seeing `SessionCsrfError`).
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createCsrfCore } from '../../csrf/guard.js';
import type { CsrfOptions, CsrfSession } from '../../csrf/index.js';
import { headerOf } from '../../http/secure.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** A CSRF token of this session (a new one at each call, all valid), decorated by `csrf()`. */
    csrfToken(): string;
  }
  interface FastifyContextConfig {
    /** `false` exempts the route from `csrf()`'s check. */
    csrf?: boolean;
  }
}

/** The plugin `csrf()` returns: `await app.register(csrf())` after the session plugin. */
export type FastifyCsrfPlugin = FastifyPluginCallback;

type Held = { session?: CsrfSession | null; body?: unknown };

/**
 * CSRF protection bound to the session (synchronizer tokens), for Fastify. Register it after
 * `session()` or `cookieSession()`; a route opts out with `config: { csrf: false }`.
 *
 * @example
 * await app.register(session({ secret }));
 * await app.register(formbody);
 * await app.register(csrf());
 * app.get('/form', (request) => ({ token: request.csrfToken() }));
 */
export function csrf(options?: CsrfOptions<FastifyRequest>): FastifyCsrfPlugin {
  const core = createCsrfCore(options);

  async function preHandler(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    if (request.routeOptions.config?.csrf === false) return;
    const path = request.url.split('?', 1)[0]!;
    if (!core.applies(request.method, request, path)) return;
    const held = request as unknown as Held;
    await core.check({
      req: request,
      method: request.method,
      path,
      header: (name) => headerOf(request, name),
      own: `${request.protocol}://${request.host}`,
      session: () => held.session,
      body: () => held.body,
    });
  }

  const plugin: FastifyPluginCallback = function satchelCsrf(fastify, _opts, done) {
    if (!fastify.hasRequestDecorator('csrfToken')) {
      fastify.decorateRequest('csrfToken', function csrfToken(this: FastifyRequest) {
        return core.token((this as unknown as Held).session);
      });
    }
    fastify.addHook('preHandler', preHandler);
    done();
  };
  return fp(plugin, { fastify: '5.x', name: 'satchel-csrf' });
}
