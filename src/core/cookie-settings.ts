import { isAttributeValue, isCookieName } from '../cookie/header.js';
import { SessionOptionsError } from '../errors.js';

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
   * See {@link SessionOptions.timeouts} for how it interacts with server-side expiry.
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
}

/** Browsers cap cookie lifetimes at 400 days (RFC 6265bis; CK-09). */
export const MAX_COOKIE_AGE_MS = 400 * 24 * 3600 * 1000;

/** What decides the name and `secure` beyond the options themselves. */
export interface CookieContext {
  requestSecure: boolean;
  /** Explicit name, or null for satchel's `__Host-sid` (`__Secure-sid` with a domain or path) / `sid` on plain HTTP. */
  name: string | null;
  production: boolean;
  allowInsecureCookie: boolean;
}

function fail(message: string): never {
  throw new SessionOptionsError(message);
}

/**
 * Turns cookie options into the attributes of one request, `'auto'` values included (the
 * function form works too, unlike express-session 1.19). Throws `SessionOptionsError` for
 * combinations browsers would reject or that weaken the cookie (CK-01, CK-03, CK-04, CK-08).
 */
export function resolveCookieSettings(options: SessionCookieOptions, context: CookieContext): CookieSettings {
  const path = options.path ?? '/';
  if (!path.startsWith('/') || !isAttributeValue(path)) fail(`cookie.path must start with "/" and hold visible ASCII without ";", got ${JSON.stringify(path)}`);
  const domain = options.domain;
  if (domain !== undefined && (typeof domain !== 'string' || !isAttributeValue(domain))) {
    fail(`cookie.domain must be a host name without ";" or spaces, got ${JSON.stringify(domain)}`);
  }
  const secureOption = options.secure ?? 'auto';
  if (secureOption !== 'auto' && typeof secureOption !== 'boolean') fail(`cookie.secure must be true, false or 'auto', got ${JSON.stringify(secureOption)}`);
  if (secureOption === false && context.production && !context.allowInsecureCookie) {
    fail("cookie.secure is false while NODE_ENV=production: session cookies would travel over plain HTTP. Use secure: 'auto' (and Express 'trust proxy' behind a TLS proxy), or pass allowInsecureCookie: true if you really mean it");
  }
  const secureRequested = secureOption === true || (secureOption === 'auto' && context.requestSecure);
  // __Host- forbids Domain and needs Path=/; __Secure- is the strongest prefix left otherwise (CK-04).
  const securePrefix = domain === undefined && path === '/' ? '__Host-sid' : '__Secure-sid';
  const name = context.name ?? (secureRequested ? securePrefix : 'sid');
  if (!isCookieName(name)) fail(`the cookie name ${JSON.stringify(name)} is not a valid RFC 6265 token (no spaces, ";", "=", controls or non-ASCII)`);
  const prefixed = name.startsWith('__Host-') || name.startsWith('__Secure-');
  if (prefixed && secureOption === false) fail(`a cookie named ${name} must be Secure: remove secure: false or choose a name without the __Host-/__Secure- prefix`);
  if (name.startsWith('__Host-') && (domain !== undefined || path !== '/')) {
    fail(`a __Host- cookie cannot have a Domain and must have Path=/; name it "__Secure-…" to use domain or path (got domain ${String(domain)}, path ${path})`);
  }
  const secure = prefixed || secureOption === true || (secureOption === 'auto' && context.requestSecure);
  let sameSite: CookieSettings['sameSite'];
  const sameSiteOption = options.sameSite ?? 'lax';
  if (sameSiteOption === 'auto') sameSite = context.requestSecure ? 'none' : 'lax';
  else if (sameSiteOption === true) sameSite = 'strict';
  else if (sameSiteOption === false) sameSite = false;
  else if (sameSiteOption === 'lax' || sameSiteOption === 'strict' || sameSiteOption === 'none') sameSite = sameSiteOption;
  else fail(`cookie.sameSite must be 'lax', 'strict', 'none', 'auto' or a boolean, got ${JSON.stringify(sameSiteOption)}`);
  // `secure: 'auto'` would send SameSite=None without Secure on plain HTTP, which browsers drop:
  // refused like cookieSession() does (the object form resolves both transports at startup, so
  // this fails at construction unless the cookie is always Secure — secure: true or a prefix).
  if (sameSite === 'none' && !secure) fail("cookie.sameSite 'none' requires secure: true: browsers drop SameSite=None without Secure, and secure: 'auto' would send it on plain HTTP");
  const maxAge = options.maxAge ?? null;
  if (maxAge !== null && (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge < 0)) {
    fail(`cookie.maxAge must be null or a non-negative number of milliseconds, got ${String(maxAge)}`);
  }
  const priority = options.priority;
  if (priority !== undefined && priority !== 'low' && priority !== 'medium' && priority !== 'high') fail(`cookie.priority must be 'low', 'medium' or 'high'`);
  return {
    name,
    path,
    domain,
    httpOnly: options.httpOnly ?? true,
    secure,
    sameSite,
    maxAge: maxAge === null ? null : Math.min(maxAge, MAX_COOKIE_AGE_MS),
    partitioned: options.partitioned,
    priority,
  };
}
