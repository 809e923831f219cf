/**
 * `cookieSession()` for Fastify 5: sealed cookie sessions as a plugin. `request.session` and
 * `request.sessionOptions` are accessors on Fastify's request prototype (decorations keep the
 * request's shape), reading the state the `onRequest` hook opened.
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { SessionOptionsError } from '../../errors.js';
import type { SealedRequest } from '../../lifecycle/sealed/request.js';
import type { CookieSessionOptions } from '../../lifecycle/sealed/options.js';
import { isLoopback } from '../../http/secure.js';
import type { RequestLike } from '../../http/secure.js';
import { claimSessionIn } from '../common/owner.js';
import { sealedSessions } from '../common/sealed.js';
import type { SealedEventsApi } from '../common/sealed.js';
import { HANDLE, commitOnSend, hold } from './reply.js';
import { FASTIFY_PROXY_ADVICE, isHttps } from './secure.js';
import { headerOf, warnIfForwardedHttps } from '../../http/secure.js';
import { OWNER, SEALED, SESSION, SESSION_OPTIONS } from './owner.js';

/** The plugin `cookieSession()` returns, with its event emitter. */
export type FastifyCookieSessionPlugin = FastifyPluginCallback & SealedEventsApi<FastifyCookieSessionPlugin>;

const STATE = Symbol('satchel.fastify.sealed-state');

type Holder = { [STATE]: SealedRequest | null };

function stateOf(request: object): SealedRequest | null {
  return (request as Holder)[STATE] ?? null;
}

function attach(request: FastifyRequest, state: SealedRequest): void {
  (request as unknown as Holder)[STATE] = state;
  hold(request, state);
}

/**
 * Sealed cookie sessions for Fastify 5: the data lives in the user's cookie, encrypted and
 * authenticated (AES-256-GCM), with idle and absolute deadlines inside the seal. Same options as
 * the Express `cookieSession()`; HTTPS is Fastify's `request.protocol` (`trustProxy`).
 *
 * `request.session = null` logs out; `request.sessionOptions` overrides cookie settings for one
 * reply. Logout is client-side only unless you pass `revoke`.
 *
 * @example
 * import Fastify from 'fastify';
 * import { cookieSession } from 'satchel/fastify';
 * const app = Fastify();
 * await app.register(cookieSession({ keys: [process.env.SESSION_KEY!] }));
 * app.post('/login', async (request) => { request.session.userId = 'u1'; return { ok: true }; });
 */
export function cookieSession(options: CookieSessionOptions<FastifyRequest>): FastifyCookieSessionPlugin {
  const kit = sealedSessions<FastifyRequest>(options);

  function onRequest(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const conflict = claimSessionIn(request, OWNER, 'cookie');
    if (conflict) {
      done(conflict);
      return;
    }
    // A second cookieSession() on the same request: the first one owns it.
    if (stateOf(request) !== null) {
      done();
      return;
    }
    const secure = isHttps(request);
    if (!secure) warnIfForwardedHttps(unit, 'cookieSession()', request, kit.warn, FASTIFY_PROXY_ADVICE);
    let loaded: SealedRequest | Promise<SealedRequest>;
    try {
      loaded = kit.open({ cookieHeader: headerOf(request, 'cookie'), secure, loopback: !secure && isLoopback(request as unknown as RequestLike) }, request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (loaded instanceof Promise) {
      loaded.then(
        (state) => {
          attach(request, state);
          done();
        },
        (error: unknown) => done(error as Error),
      );
      return;
    }
    attach(request, loaded);
    done();
  }

  const plugin: FastifyPluginCallback = function satchelCookieSession(fastify, _opts, done) {
    if (fastify.hasRequestDecorator('session') && !fastify.hasRequestDecorator(SEALED)) {
      done(new SessionOptionsError('cookieSession() registered where session() (or another plugin) already decorates request.session. Register them in separate encapsulated plugins, or use one of them'));
      return;
    }
    if (!fastify.hasRequestDecorator(SEALED)) {
      fastify.decorateRequest(SEALED, true);
      fastify.decorateRequest(STATE, null);
      fastify.decorateRequest(SESSION, {
        getter(this: FastifyRequest) {
          return stateOf(this)?.session ?? null;
        },
        setter(this: FastifyRequest, value: unknown) {
          const state = stateOf(this);
          if (state === null) throw new SessionOptionsError('request.session was set on a request cookieSession() did not open (an onRequest hook that ran before it?)');
          state.session = value;
        },
      });
      fastify.decorateRequest(SESSION_OPTIONS, {
        getter(this: FastifyRequest) {
          return stateOf(this)?.options ?? null;
        },
      });
    }
    if (!fastify.hasRequestDecorator(HANDLE)) fastify.decorateRequest(HANDLE, null);
    if (!fastify.hasRequestDecorator(OWNER)) fastify.decorateRequest(OWNER, null);
    fastify.addHook('onRequest', onRequest);
    fastify.addHook('onSend', commitOnSend);
    done();
  };
  const unit = kit.manage(fp(plugin, { fastify: '5.x', name: 'satchel-cookie-session' }));
  return unit as FastifyCookieSessionPlugin;
}
