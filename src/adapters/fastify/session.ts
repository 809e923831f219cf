/**
 * `session()` for Fastify 5: a plugin (wrapped with fastify-plugin, so its hooks reach the scope
 * that registers it) that loads the session in `onRequest` and commits it in `onSend`.
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { SessionOptionsError } from '../../errors.js';
import type { SessionManagement } from '../../lifecycle/stored/management.js';
import type { RequestLifecycle, SessionEdge } from '../../lifecycle/stored/request-lifecycle.js';
import type { Session } from '../../lifecycle/stored/session.js';
import type { SessionOptions as SharedSessionOptions } from '../common/options.js';
import { storedSessions } from '../common/stored.js';
import type { StoredSessions } from '../common/stored.js';
import { claimSessionIn } from '../common/owner.js';
import { isLoopback } from '../../http/secure.js';
import type { RequestLike } from '../../http/secure.js';
import { HANDLE, commitOnSend, hold } from './reply.js';
import { FASTIFY_PROXY_ADVICE, secureOf } from './secure.js';
import { headerOf, warnIfForwardedHttps } from '../../http/secure.js';
import { OWNER, SEALED, SESSION, SESSION_OPTIONS } from './owner.js';

/** Options of {@link session}: the same on every edge, with Fastify's request for the per-request functions. */
export type FastifySessionOptions = SharedSessionOptions<FastifyRequest>;

/** The plugin `session()` returns (register it with `app.register`), with events and per-user management on it. */
export type FastifySessionPlugin = FastifyPluginCallback & SessionManagement<FastifySessionPlugin>;

type Holder = { session: unknown };

/** What the lifecycle asks of Fastify: `request.session`, and the request facts only Fastify knows. */
function fastifyEdge(kit: StoredSessions<FastifyRequest>): SessionEdge<FastifyRequest> {
  return {
    session: (request) => (request as unknown as Holder).session,
    install(request, session: Session) {
      (request as unknown as Holder).session = session;
    },
    // Fastify's `hostname` follows trustProxy (X-Forwarded-Host) and carries no port.
    isLoopback: (request) => isLoopback(request as unknown as RequestLike),
    plainHttp: (request) => warnIfForwardedHttps(kit, 'session()', request, kit.warn, FASTIFY_PROXY_ADVICE),
  };
}

/**
 * Store-backed sessions for Fastify 5, with the same defaults and options as the Express
 * `session()`: `__Host-sid` (or `sid` on plain HTTP in development), HttpOnly, SameSite=Lax,
 * idle + absolute timeouts, lazy creation, and a save that completes before the reply is sent
 * (redirects included). HTTPS is Fastify's `request.protocol`, so `trustProxy` decides behind a
 * proxy. Register it before the routes that use `request.session`; a reply the app hijacks
 * carries no session cookie.
 *
 * @example
 * import Fastify from 'fastify';
 * import { session } from 'satchel/fastify';
 * const app = Fastify();
 * const sessions = session({ secret: process.env.SESSION_SECRET! });
 * await app.register(sessions);
 * app.post('/login', async (request, reply) => {
 *   await request.session.login(user.id);
 *   return reply.redirect('/');
 * });
 * // elsewhere: await sessions.destroyUserSessions(user.id)
 */
export function session(options: FastifySessionOptions): FastifySessionPlugin {
  const kit = storedSessions<FastifyRequest>(options, fastifyEdge);
  const { proxy } = kit.engine.options;

  function onRequest(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const conflict = claimSessionIn(request, OWNER, 'server');
    if (conflict) {
      done(conflict);
      return;
    }
    // A second session() on the same request (registered twice): the first one owns it.
    if ((request as unknown as Holder).session) {
      done();
      return;
    }
    let opened: RequestLifecycle<FastifyRequest> | Promise<RequestLifecycle<FastifyRequest>>;
    try {
      opened = kit.open(request, { secure: secureOf(request, proxy), cookieHeader: headerOf(request, 'cookie'), userAgent: headerOf(request, 'user-agent') ?? null });
    } catch (error) {
      done(error as Error);
      return;
    }
    // In-process stores answer synchronously: the request goes on in the same tick.
    if (opened instanceof Promise) {
      opened.then(
        (lifecycle) => {
          hold(request, lifecycle);
          done();
        },
        (error: unknown) => done(error as Error),
      );
      return;
    }
    hold(request, opened);
    done();
  }

  const plugin: FastifyPluginCallback = function satchelSession(fastify, _opts, done) {
    if (fastify.hasRequestDecorator(SEALED)) {
      done(new SessionOptionsError('session() registered where cookieSession() already is: both own request.session. Register them in separate encapsulated plugins, or use one of them'));
      return;
    }
    if (!fastify.hasRequestDecorator('session')) fastify.decorateRequest(SESSION, null);
    if (!fastify.hasRequestDecorator(HANDLE)) fastify.decorateRequest(HANDLE, null);
    if (!fastify.hasRequestDecorator(OWNER)) fastify.decorateRequest(OWNER, null);
    fastify.addHook('onRequest', onRequest);
    fastify.addHook('onSend', commitOnSend);
    done();
  };
  return kit.manage(fp(plugin, { fastify: '5.x', name: 'satchel-session' })) as FastifySessionPlugin;
}
