import type { IncomingMessage, ServerResponse } from 'node:http';
import { SessionCookieError, SessionOptionsError } from '../../errors.js';
import { CookieJar, isSafeAttribute, type DropInCookieAttributes } from './cookie-jar.js';
import { toSigner, type KeygripLike, type SigningKey } from './keys.js';
import { patchResponse } from '../../http/response-patch.js';
import {
  createSession,
  deserializeSession,
  encodeSession,
  type DropInCookieSession,
  type SessionOwner,
} from './session.js';

/** Options of the cookie-session drop-in: cookie-session 2.1's names and meaning. */
export interface DropInCookieSessionOptions extends DropInCookieAttributes {
  /** Cookie name; the signature cookie is `<name>.sig`. @default 'session' */
  name?: string;
  /** Signing keys: `keys[0]` signs, all verify. An array or a Keygrip-like object. */
  keys?: SigningKey[] | KeygripLike;
  /** A single key, used only when `keys` is absent. */
  secret?: SigningKey;
  /** Sign the cookie with a `<name>.sig` companion. @default true */
  signed?: boolean;
  /** Replace earlier Set-Cookie entries of the same name. @default true */
  overwrite?: boolean;
  /** @default true */
  httpOnly?: boolean;
}

/** A Connect/Express middleware. */
export type DropInCookieSessionMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

type SessionRequest = IncomingMessage & { sessionOptions: DropInCookieSessionOptions; session?: unknown };

function isKeygripLike(value: unknown): value is KeygripLike {
  const candidate = value as KeygripLike | null;
  return typeof candidate === 'object' && candidate !== null
    && typeof candidate.sign === 'function' && typeof candidate.index === 'function';
}

const GUARDED_ATTRIBUTES = new Set<PropertyKey>(['path', 'domain']);

function refuseUnsafe(attribute: PropertyKey, value: unknown): void {
  if (GUARDED_ATTRIBUTES.has(attribute) && value && !isSafeAttribute(value)) {
    throw new SessionCookieError(
      'ERR_SESSION_COOKIE_INVALID',
      `cookieSession: req.sessionOptions.${String(attribute)} must not contain ";" or control characters (they would add cookie attributes of their own)`,
    );
  }
}

// Per-request options as upstream makes them (Object.create(options), read with for…in), except
// that an unsafe path or domain throws at the assignment, in the code that made it, rather than
// silently losing the cookie when the headers go out.
const requestOptionsTraps: ProxyHandler<DropInCookieSessionOptions> = {
  set(target, attribute, value, receiver) {
    refuseUnsafe(attribute, value);
    return Reflect.set(target, attribute, value, receiver);
  },
  defineProperty(target, attribute, descriptor) {
    refuseUnsafe(attribute, descriptor.value);
    return Reflect.defineProperty(target, attribute, descriptor);
  },
};

/**
 * cookie-session 2.1.1, reimplemented: the session lives in a base64 JSON cookie signed by a
 * keygrip-compatible `<name>.sig` cookie. The options object is read through its prototype
 * chain and receives the defaults (`overwrite`, `httpOnly`, `signed`) like upstream.
 *
 * Differences from upstream, on purpose: the `.sig` re-issued after key rotation keeps the
 * cookie's attributes (upstream drops them); `req.session` has non-enumerable `regenerate`,
 * `save` and `destroy` for Passport ≥ 0.6; bad `keys` throw at construction; a `path` or
 * `domain` containing ";" or control characters is refused (`SessionOptionsError` at
 * construction, `SessionCookieError` when set on `req.sessionOptions`).
 *
 * @example
 * const cookieSession = require('satchel/cookie-session');
 * app.use(cookieSession({ name: 'session', keys: [newKey, oldKey], maxAge: 86_400_000 }));
 */
export function cookieSession(options?: DropInCookieSessionOptions): DropInCookieSessionMiddleware {
  const opts: DropInCookieSessionOptions = options || {};
  const name = opts.name || 'session';

  let keys: DropInCookieSessionOptions['keys'] = opts.keys;
  if (!keys && opts.secret) keys = [opts.secret];

  if (opts.overwrite == null) opts.overwrite = true;
  if (opts.httpOnly == null) opts.httpOnly = true;
  if (opts.signed == null) opts.signed = true;

  if (!keys && opts.signed) throw new Error('.keys required.');
  if (keys && !Array.isArray(keys) && !isKeygripLike(keys)) {
    throw new SessionOptionsError('cookieSession: `keys` must be an array of keys or a Keygrip-like object with sign() and index()');
  }
  for (const attribute of GUARDED_ATTRIBUTES) {
    const value = opts[attribute as keyof DropInCookieSessionOptions];
    if (value && !isSafeAttribute(value)) {
      throw new SessionOptionsError(`cookieSession: ${String(attribute)} must not contain ";" or control characters`);
    }
  }
  const signer = keys ? toSigner(keys) : undefined;

  return function cookieSessionMiddleware(request, res, next) {
    const req = request as SessionRequest;
    const jar = new CookieJar(req, res, signer);
    // undefined: never touched; false: set to null; otherwise the live session.
    let sess: DropInCookieSession | false | undefined;
    let resignedSig: string | undefined;

    const owner: SessionOwner = {
      regenerate: () => { sess = createSession(owner, undefined, true); },
      destroy: () => { sess = false; },
    };

    req.sessionOptions = new Proxy(Object.create(opts) as DropInCookieSessionOptions, requestOptionsTraps);

    const load = (): DropInCookieSession | undefined => {
      const read = jar.read(name, req.sessionOptions);
      if (!read.value) return undefined;
      resignedSig = read.resign;
      try {
        return deserializeSession(owner, read.value);
      } catch {
        return undefined;
      }
    };

    Object.defineProperty(req, 'session', {
      configurable: true,
      enumerable: true,
      get() {
        if (sess) return sess;
        if (sess === false) return null;
        return (sess = load() ?? createSession(owner));
      },
      set(value: unknown) {
        if (value == null) {
          sess = false;
          return;
        }
        if (typeof value === 'object') {
          sess = createSession(owner, value);
          return;
        }
        throw new Error('req.session can only be set as null or an object.');
      },
    });

    // cookie-session's timing: its cookies are written as the headers go out (its on-headers hook).
    patchResponse(res, {
      writeHeadArgs: 'apply',
      headers() {
        if (sess === undefined) return;
        const sessionOptions = req.sessionOptions;
        try {
          if (sess === false) {
            jar.set(name, '', sessionOptions);
          } else if (sess._ctx.regenerated && !sess.isPopulated) {
            if (jar.raw(name) !== undefined) jar.set(name, '', sessionOptions);
          } else if ((!sess.isNew || sess.isPopulated) && sess.isChanged) {
            jar.set(name, encodeSession(sess), sessionOptions);
          } else if (resignedSig) {
            // Upstream re-signs with default attributes only (path=/, no expiry), turning a
            // persistent .sig into a browser-session cookie; keep the configured ones instead.
            // A copy, not Object.create(sessionOptions): V8's for…in does not walk past a Proxy
            // in the prototype chain, so the jar would see none of the options.
            const attrs: DropInCookieAttributes = {};
            for (const key in sessionOptions) attrs[key] = sessionOptions[key as keyof DropInCookieSessionOptions];
            attrs.name = `${name}.sig`;
            attrs.signed = false;
            jar.set(`${name}.sig`, resignedSig, attrs);
          }
        } catch {
          // cookie-session swallows these (e.g. a secure cookie on an insecure request): no cookie.
        }
      },
    });

    next();
  };
}
