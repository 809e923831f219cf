/**
 * `cookieSession()`: sealed cookie sessions for Express 4 and 5. The Express edge only: transport
 * facts in, `req.session`/`req.sessionOptions` out, cookies written through the one commit module.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { SealedRequest } from '../../lifecycle/sealed/request.js';
import type { CookieSessionOptions } from '../../lifecycle/sealed/options.js';
import { headerOf, isLoopback, isSecure, warnIfForwardedHttps, type RequestLike } from '../../http/secure.js';
import { claimSession } from '../common/owner.js';
import { sealedOnPrototype } from './request-prototype.js';
import { responsePrototype } from './response-prototype.js';
import { exposeSealedSession, sealedSessions, type SealedEventsApi } from '../common/sealed.js';
import { installCommit, type ResponseLike } from '../common/node-response.js';

/** The Express middleware `cookieSession()` returns, with its event emitter. */
export interface CookieSessionMiddleware extends SealedEventsApi<CookieSessionMiddleware> {
  (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void;
}

function attach(req: IncomingMessage, res: ServerResponse, state: SealedRequest, next: (err?: unknown) => void): void {
  if (!sealedOnPrototype(req, state)) exposeSealedSession(req, state);
  installCommit(state, res as unknown as ResponseLike, next, responsePrototype(res));
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
export function cookieSession(options: CookieSessionOptions<Request>): CookieSessionMiddleware {
  const kit = sealedSessions<Request>(options);

  const middleware = function cookieSessionMiddleware(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) {
    const request = req as unknown as RequestLike;
    const conflict = claimSession(req, 'cookie');
    if (conflict) {
      next(conflict);
      return;
    }
    const secure = isSecure(request, undefined);
    if (!secure) warnIfForwardedHttps(middleware, 'cookieSession()', request, kit.warn);
    let loaded: SealedRequest | Promise<SealedRequest>;
    try {
      loaded = kit.open({ cookieHeader: headerOf(request, 'cookie'), secure, loopback: !secure && isLoopback(request) }, req as Request);
    } catch (error) {
      next(error);
      return;
    }
    if (loaded instanceof Promise) loaded.then((state) => attach(req, res, state, next), next);
    else attach(req, res, loaded, next);
  } as CookieSessionMiddleware;
  return kit.manage(middleware);
}
