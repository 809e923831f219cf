import { MAX_COOKIE_AGE_MS, cookieError, cookiePrefix, cookieProblem, optionsError } from '../../http/cookie-policy.js';
import { SessionOptionsError } from '../../errors.js';

/** Cookie options as an application writes them (express-session names). */
export interface SessionCookieOptions {
  /** @default '/' */
  path?: string;
  /** Leave unset unless subdomains must share the session (CK-06). @default undefined */
  domain?: string;
  /** @default true */
  httpOnly?: boolean;
  /** `'auto'`: Secure when the request is HTTPS (honours Express `trust proxy`). @default 'auto' */
  secure?: boolean | 'auto';
  /** `'auto'`: `'none'` on HTTPS, `'lax'` otherwise. @default 'lax' */
  sameSite?: boolean | 'lax' | 'strict' | 'none' | 'auto';
  /**
   * Milliseconds a persistent cookie lives ("remember me"); `null` gives a browser-session cookie.
   * See {@link StoredSessionOptions.timeouts} for how it interacts with server-side expiry.
   * @default null
   */
  maxAge?: number | null;
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
}

/** Cookie attributes decided for one request. */
export interface CookieSettings {
  name: string;
  path: string;
  domain: string | undefined;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none' | false;
  maxAge: number | null;
  partitioned: boolean | undefined;
  priority: 'low' | 'medium' | 'high' | undefined;
  /** The request these settings were decided for arrived over HTTPS (the transport rules need it). */
  requestSecure: boolean;
}

/** What decides the name and `secure` beyond the options themselves. */
export interface CookieContext {
  requestSecure: boolean;
  /** Explicit name, or null for satchel's `__Host-sid` (`__Secure-sid` with a domain or path) / `sid` on plain HTTP. */
  name: string | null;
  production: boolean;
  allowInsecureCookie: boolean;
  /**
   * Deciding for one request (the cookie function, `req.session.cookie` changes): a refusal is a
   * `SessionCookieError` for `next(err)` instead of a startup `SessionOptionsError`.
   */
  perRequest?: boolean;
}

/** How `session()` lets an app send a non-Secure cookie in production, for the policy's message. */
export const INSECURE_ADVICE =
  "use secure: 'auto' and serve HTTPS (behind a TLS proxy, set Express 'trust proxy'), or pass allowInsecureCookie: true if you really mean it";

/**
 * Turns cookie options into the attributes of one request, `'auto'` values included (the
 * function form works too, unlike express-session 1.19), and runs them through the cookie
 * policy. Over HTTPS a non-Secure cookie in production is always a misconfiguration, so it is
 * refused here; over plain HTTP that is decided when a cookie is actually sent.
 */
export function resolveCookieSettings(options: SessionCookieOptions, context: CookieContext): CookieSettings {
  const fail = (message: string): never => {
    throw context.perRequest ? cookieError({ code: 'ERR_SESSION_COOKIE_INVALID', message }) : new SessionOptionsError(message);
  };
  if (options === null || typeof options !== 'object') fail('cookie options must be an object');
  const path = options.path ?? '/';
  const domain = options.domain;
  const secureOption = options.secure ?? 'auto';
  if (secureOption !== 'auto' && typeof secureOption !== 'boolean') fail(`cookie.secure must be true, false or 'auto', got ${JSON.stringify(secureOption)}`);
  // __Host- forbids Domain and needs Path=/; __Secure- is the strongest prefix left otherwise (CK-04).
  const securePrefix = domain === undefined && path === '/' ? '__Host-sid' : '__Secure-sid';
  const secureRequested = secureOption === true || (secureOption === 'auto' && context.requestSecure);
  const name = context.name ?? (secureRequested ? securePrefix : 'sid');
  // A prefixed name is Secure under 'auto' even on plain HTTP: without it the browser drops the cookie.
  const secure = secureRequested || (secureOption === 'auto' && typeof name === 'string' && cookiePrefix(name) !== null);
  let sameSite: CookieSettings['sameSite'] = 'lax';
  const sameSiteOption = options.sameSite ?? 'lax';
  if (sameSiteOption === 'auto') sameSite = context.requestSecure ? 'none' : 'lax';
  else if (sameSiteOption === true) sameSite = 'strict';
  else if (sameSiteOption === false) sameSite = false;
  else if (sameSiteOption === 'lax' || sameSiteOption === 'strict' || sameSiteOption === 'none') sameSite = sameSiteOption;
  else fail(`cookie.sameSite must be 'lax', 'strict', 'none', 'auto' or a boolean, got ${JSON.stringify(sameSiteOption)}`);
  const maxAge = options.maxAge ?? null;
  if (maxAge !== null && (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge < 0)) {
    fail(`cookie.maxAge must be null or a non-negative number of milliseconds, got ${String(maxAge)}`);
  }
  const settings: CookieSettings = {
    name,
    path,
    domain,
    httpOnly: options.httpOnly ?? true,
    secure,
    sameSite,
    maxAge: maxAge === null ? null : Math.min(maxAge, MAX_COOKIE_AGE_MS),
    partitioned: options.partitioned,
    priority: options.priority,
    requestSecure: context.requestSecure,
  };
  const requireSecure = context.production && !context.allowInsecureCookie && context.requestSecure;
  const problem = cookieProblem(settings, { requireSecure, insecureAdvice: INSECURE_ADVICE });
  if (problem !== null) throw context.perRequest ? cookieError(problem) : optionsError(problem);
  return settings;
}
