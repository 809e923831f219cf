/**
 * `cookieSession()`: sealed cookie sessions for Express 4 and 5. The Express edge only: transport
 * facts in, `req.session`/`req.sessionOptions` out, cookies written before the headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createStatelessEngine } from '../../lifecycle/sealed/engine.js';
import type { CookieSessionRequestOptions, StatelessRequest } from '../../lifecycle/sealed/request.js';
import { isLoopback, isSecure, warnIfForwardedHttps, type RequestLike } from '../../http/secure.js';
import { claimSession } from './owner.js';
import { CookieSessionEventBus, type CookieSessionEventName, type CookieSessionListener } from '../../lifecycle/sealed/events.js';
import { resolveCookieSessionOptions, type CookieSessionOptions } from '../../lifecycle/sealed/options.js';
import { installCommit, type ResponseLike } from './commit.js';

/** The Express middleware `cookieSession()` returns, with its event emitter. */
export interface CookieSessionMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void;
  /**
   * Subscribes to `created`, `destroyed`, `expired` ({ reason: 'idle' | 'absolute' }),
   * `rejected` ({ reason }), `error` ({ error }: a `req.session` method failed and nobody awaited
   * it) or `warning` ({ code, message }). Payloads never contain cookie values (DET-02); listener
   * errors are ignored.
   */
  on<E extends CookieSessionEventName>(event: E, listener: CookieSessionListener<E>): CookieSessionMiddleware;
  /** Removes a listener added with `on`. */
  off<E extends CookieSessionEventName>(event: E, listener: CookieSessionListener<E>): CookieSessionMiddleware;
}

function attach(req: IncomingMessage, res: ServerResponse, state: StatelessRequest, next: (err?: unknown) => void): void {
  Object.defineProperty(req, 'session', {
    configurable: true,
    enumerable: true,
    // Method syntax: arrow properties would each cost a defineProperty per request under esbuild keepNames.
    get() {
      return state.session;
    },
    set(value: unknown) {
      state.session = value;
    },
  });
  Object.defineProperty(req, 'sessionOptions', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: state.options satisfies CookieSessionRequestOptions,
  });
  installCommit(state, res as unknown as ResponseLike, next);
  next();
}

/**
 * Sealed cookie sessions: the session data lives in the user's cookie, encrypted and
 * authenticated (AES-256-GCM), with idle and absolute deadlines inside the seal.
 *
 * `req.session` is a plain data object (`regenerate`, `save`, `destroy` are non-enumerable, so
 * Passport ≥ 0.6 works); `req.session = null` logs out; `req.sessionOptions` overrides cookie
 * settings for one response.
 *
 * Logout is **client-side only** unless you pass `revoke`: a copied cookie keeps working until
 * its sealed deadlines pass. Data over ~4 KB fails with `CookieTooLargeError` unless `chunking`
 * is on.
 *
 * @example
 * import express from 'express';
 * import { cookieSession } from 'satchel';
 * const app = express();
 * app.use(cookieSession({ keys: [process.env.SESSION_KEY!] })); // key from `npx satchel keygen`
 * app.post('/login', (req, res) => { req.session.userId = 'u1'; res.sendStatus(204); });
 */
export function cookieSession(options: CookieSessionOptions): CookieSessionMiddleware {
  const engine = createStatelessEngine(resolveCookieSessionOptions(options));
  const events = new CookieSessionEventBus();
  const emit = events.report;
  const warn = (warning: { code: string; message: string }) => {
    if (!events.has('warning')) return false;
    events.emit('warning', warning);
    return true;
  };

  const middleware = function cookieSessionMiddleware(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) {
    const request = req as unknown as RequestLike;
    const conflict = claimSession(req, 'cookie');
    if (conflict) {
      next(conflict);
      return;
    }
    const secure = isSecure(request, undefined);
    if (!secure) warnIfForwardedHttps(middleware, 'cookieSession()', request, warn);
    // The loopback check only matters for a plain-HTTP request (localhost development).
    const info = { cookieHeader: req.headers.cookie, secure, localhost: !secure && isLoopback(request) };
    let loaded: StatelessRequest | Promise<StatelessRequest>;
    try {
      loaded = engine.load(info, emit);
    } catch (error) {
      next(error);
      return;
    }
    if (loaded instanceof Promise) loaded.then((state) => attach(req, res, state, next), next);
    else attach(req, res, loaded, next);
  } as CookieSessionMiddleware;
  middleware.on = (event, listener) => {
    events.on(event, listener);
    return middleware;
  };
  middleware.off = (event, listener) => {
    events.off(event, listener);
    return middleware;
  };
  return middleware;
}
