/**
 * The one cookie policy: which session cookies satchel will send. Startup options, the cookie
 * function of `session()`, `req.session.cookie` changes and `req.sessionOptions` all pass through
 * {@link cookieProblem}, so a combination refused at startup is refused per request too. A
 * startup problem becomes a `SessionOptionsError`; a per-request one a `SessionCookieError`.
 */
import { SessionCookieError, SessionOptionsError } from '../errors.js';
import { isAttributeValue, isCookieName } from './cookie-header.js';

/**
 * The longest lifetime a session cookie may ask for: browsers cap cookies at 400 days (RFC 6265bis;
 * CK-09), so a longer maxAge, absolute timeout or "remember me" would promise what no browser keeps.
 */
export const MAX_COOKIE_AGE_MS = 400 * 24 * 60 * 60_000;

/** The attributes of one session cookie, as they would go out. */
export interface PolicyCookie {
  name: string;
  path: string;
  domain?: string | undefined;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none' | false;
  httpOnly?: boolean;
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
}

/** What decides a cookie's fate beyond its attributes. */
export interface CookiePolicyContext {
  /** A cookie without Secure is refused (NODE_ENV=production without an opt-out). */
  requireSecure: boolean;
  /** Appended to the refusal of a non-Secure cookie: how this API lets the app fix it. */
  insecureAdvice?: string;
  /** The request the cookie answers, once known; browsers drop a Secure cookie set over plain HTTP outside localhost. */
  transport?: { secure: boolean; loopback: boolean };
}

/** A refused cookie: the `SessionCookieError` code it gets per request, and the fix-it message. */
export interface CookieProblem {
  code: 'ERR_SESSION_INSECURE_COOKIE' | 'ERR_SESSION_COOKIE_INVALID';
  message: string;
}

const HOST = '__host-';
const SECURE = '__secure-';
const DOMAIN = /^\.?[A-Za-z0-9.-]+$/;

/**
 * The cookie-name prefix browsers enforce, or null. Browsers match it whatever the letter case
 * (`__HOST-sid` is a `__Host-` cookie), so satchel does too.
 */
export function cookiePrefix(name: string): '__Host-' | '__Secure-' | null {
  const head = name.slice(0, SECURE.length).toLowerCase();
  if (head.startsWith(HOST)) return '__Host-';
  return head === SECURE ? '__Secure-' : null;
}

/** `name` without its `__Host-`/`__Secure-` prefix (any letter case). */
export function withoutPrefix(name: string): string {
  const prefix = cookiePrefix(name);
  return prefix === null ? name : name.slice(prefix.length);
}

function invalid(message: string): CookieProblem {
  return { code: 'ERR_SESSION_COOKIE_INVALID', message };
}

function insecure(message: string): CookieProblem {
  return { code: 'ERR_SESSION_INSECURE_COOKIE', message };
}

/**
 * Attribute rules: what makes a cookie malformed, not Secure where it must be, or one browsers
 * refuse wherever it is sent. The production rule comes before the prefix rules: a non-Secure
 * `__Host-` cookie in production is first of all an insecure cookie.
 */
export function attributeProblem(cookie: PolicyCookie, context?: CookiePolicyContext): CookieProblem | null {
  const { name, path, domain, secure, sameSite } = cookie;
  if (typeof name !== 'string' || !isCookieName(name)) {
    return invalid(`the cookie name ${JSON.stringify(name)} is not a valid RFC 6265 token (no spaces, ";", "=", controls or non-ASCII)`);
  }
  if (typeof path !== 'string' || !path.startsWith('/') || !isAttributeValue(path)) {
    return invalid(`the cookie path must start with "/" and hold visible ASCII without ";", got ${JSON.stringify(path)}`);
  }
  if (domain !== undefined && (typeof domain !== 'string' || !isAttributeValue(domain) || !DOMAIN.test(domain))) {
    return invalid(`the cookie domain must be a host name, got ${JSON.stringify(domain)}`);
  }
  if (typeof secure !== 'boolean') return invalid(`the cookie's secure flag must be true or false, got ${JSON.stringify(secure)}`);
  if (sameSite !== false && sameSite !== 'lax' && sameSite !== 'strict' && sameSite !== 'none') {
    return invalid(`the cookie's sameSite must be 'lax', 'strict', 'none' or false, got ${JSON.stringify(sameSite)}`);
  }
  for (const flag of ['httpOnly', 'partitioned'] as const) {
    if (cookie[flag] !== undefined && typeof cookie[flag] !== 'boolean') return invalid(`the cookie's ${flag} must be true or false, got ${JSON.stringify(cookie[flag])}`);
  }
  const priority = cookie.priority;
  if (priority !== undefined && priority !== 'low' && priority !== 'medium' && priority !== 'high') {
    return invalid(`the cookie's priority must be 'low', 'medium' or 'high', got ${JSON.stringify(priority)}`);
  }
  if (!secure && context?.requireSecure) return transportProblem(secure, context);
  const prefix = cookiePrefix(name);
  if (prefix !== null && !secure) {
    return invalid(`a cookie named ${name} must be Secure (browsers enforce the ${prefix} prefix in any letter case): drop secure: false or choose a name without the prefix`);
  }
  if (prefix === '__Host-' && (domain !== undefined || path !== '/')) {
    return invalid(`a ${name} cookie cannot have a Domain and must have Path=/; name it "__Secure-…" to use a domain or path (got domain ${String(domain)}, path ${path})`);
  }
  if (sameSite === 'none' && !secure) {
    return invalid("SameSite=None needs Secure: browsers drop a SameSite=None cookie without it; set secure: true (secure: 'auto' leaves plain-HTTP responses without Secure)");
  }
  return null;
}

/** Transport rules: a non-Secure cookie where only Secure ones may go, a Secure one a browser would drop. */
export function transportProblem(secure: boolean, context: CookiePolicyContext): CookieProblem | null {
  if (!secure && context.requireSecure) {
    const advice = context.insecureAdvice ?? "serve HTTPS, or configure Express 'trust proxy' behind a TLS proxy";
    return insecure(`the session cookie would not be Secure while NODE_ENV=production, so it could travel over plain HTTP: ${advice}`);
  }
  const transport = context.transport;
  if (secure && transport !== undefined && !transport.secure && !transport.loopback) {
    return insecure(
      "this request is plain HTTP, and browsers drop a Secure cookie set over plain HTTP (localhost aside), so the session would silently not stick: serve HTTPS, configure Express 'trust proxy' behind a TLS proxy, or drop secure: true outside production",
    );
  }
  return null;
}

/** Every rule: the attributes first (the malformed cookie is the app's bug), then the transport. */
export function cookieProblem(cookie: PolicyCookie, context: CookiePolicyContext): CookieProblem | null {
  return attributeProblem(cookie, context) ?? transportProblem(cookie.secure, context);
}

/** A startup refusal. */
export function optionsError(problem: CookieProblem, where = ''): SessionOptionsError {
  return new SessionOptionsError(where + problem.message);
}

/** A per-request refusal, for `next(err)` or a save's rejection. */
export function cookieError(problem: CookieProblem, where = ''): SessionCookieError {
  return new SessionCookieError(problem.code, where + problem.message);
}
