import type { IncomingMessage, ServerResponse } from 'node:http';
import { SessionStoreError } from '../../errors.js';
import { createCookieSigner } from '../../crypto/signer.js';
import type { StoreRequest } from './store-base.js';
import { Cookie } from './cookie.js';
import type { CookieOptions } from './cookie.js';
import { RequestFlow } from './flow.js';
import type { NextFunction } from './flow.js';
import { resolveDropInOptions } from './options.js';
import type { DropInOptions, ExpressSessionOptions } from './options.js';
import { originalPathname } from './request.js';
import { isSecure } from '../../http/secure.js';
import { Session } from './session.js';
import type { SessionRequest } from './session.js';

/** The connect/Express middleware `session()` returns. */
export type ExpressSessionMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

// Which middleware instance generates this request's sessions (see `installGenerate`).
const GENERATE = Symbol('satchel.express-session.generate');

type Generate = (req: SessionRequest) => void;

function cookieOptionsFor(opts: DropInOptions, req: SessionRequest): CookieOptions {
  return (typeof opts.cookie === 'function' ? opts.cookie(req) : opts.cookie) ?? {};
}

/** A new empty session on `req`, with `'auto'` cookie values decided now, once. */
function generator(opts: DropInOptions): Generate {
  return (req) => {
    req.sessionID = opts.genid(req);
    const session = new Session(req);
    req.session = session;
    // Resolved on the options the function form returned too (express-session 1.19 read them off the function).
    const options = cookieOptionsFor(opts, req);
    session.cookie = new Cookie(options);
    const secure = options.secure === 'auto' || options.sameSite === 'auto' ? isSecure(req, opts.proxy ?? 'secure') : false;
    if (options.secure === 'auto') session.cookie.secure = secure;
    if (options.sameSite === 'auto') session.cookie.sameSite = secure ? 'none' : 'lax';
  };
}

/**
 * express-session assigns `store.generate` per middleware, so two middlewares sharing a store
 * used the last one's cookie options (#521, #988). The store's `generate` here dispatches to the
 * middleware that handles the request, falling back to the latest for requests it never saw.
 */
function installGenerate(opts: DropInOptions, own: Generate): void {
  opts.store.generate = (req: StoreRequest) => {
    const generate = ((req as unknown as Record<PropertyKey, unknown>)[GENERATE] as Generate | undefined) ?? own;
    generate(req as unknown as SessionRequest);
  };
}

/**
 * express-session 1.19's `session(options)`, on satchel: same options, defaults, cookie format
 * (`s:<id>.<sig>`), store protocol and quirks, so apps and express-session stores switch
 * without changes. satchel additions (`hashIds`, satchel stores) are opt-in.
 *
 * @example
 * import session from 'satchel/express-session';
 * app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
 */
export function session(options?: ExpressSessionOptions): ExpressSessionMiddleware {
  const opts = resolveDropInOptions(options);
  const { store } = opts;
  // Assumed connected at start, whatever the store says; only events after this point count.
  let storeReady = true;
  store.on('disconnect', () => {
    storeReady = false;
  });
  store.on('connect', () => {
    storeReady = true;
  });
  const generate = generator(opts);
  installGenerate(opts, generate);
  const fixedSigner = opts.secrets ? createCookieSigner(opts.secrets) : undefined;

  return function session(request, res, next) {
    const req = request as SessionRequest;
    if (req.session) return next();
    // A disconnected store means no session and no error (express-session's documented behaviour).
    if (!storeReady) {
      return opts.onDisconnect === 'error' ? next(new SessionStoreError('get', 'the session store is disconnected (it emitted "disconnect")')) : next();
    }
    if (!originalPathname(req).startsWith(cookieOptionsFor(opts, req).path || '/')) return next();
    // cookie-parser's `req.secret` may differ per request; the option's signer is built once.
    const signer = fixedSigner ?? (req.secret ? createCookieSigner([req.secret as string]) : undefined);
    if (!signer) return next(new Error('secret option required for sessions'));
    Object.defineProperty(req, GENERATE, { value: generate, configurable: true });
    new RequestFlow(opts, signer, req, res, next).start();
  };
}
