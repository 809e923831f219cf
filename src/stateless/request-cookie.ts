/**
 * The per-request side of `cookieSession()`'s cookie policy: `req.sessionOptions` can change
 * any attribute for one response, so the cookies that actually go out are checked by the same
 * policy as the startup options, plus the transport the request arrived on.
 */
import { cookieError, cookieProblem, type PolicyCookie } from '../cookie/cookie-policy.js';
import { SessionCookieError } from '../errors.js';
import { COOKIE_SESSION_INSECURE_ADVICE, type ResolvedCookieSessionOptions } from './options.js';

/** Throws the `SessionCookieError` refusing `cookie` for this request, if the policy refuses it. */
export function checkRequestCookie(
  cookie: PolicyCookie,
  config: Pick<ResolvedCookieSessionOptions, 'requireSecure'>,
  transport: { secure: boolean; localhost: boolean },
): void {
  const problem = cookieProblem(cookie, {
    requireSecure: config.requireSecure,
    insecureAdvice: COOKIE_SESSION_INSECURE_ADVICE,
    transport: { secure: transport.secure, loopback: transport.localhost },
  });
  if (problem !== null) throw cookieError(problem, 'cookieSession: ');
}

/** A write over plain HTTP off localhost (or anywhere in production), where `secure: 'auto'` allows none. */
export function plainHttpRefusal(): SessionCookieError {
  return new SessionCookieError(
    'ERR_SESSION_INSECURE_COOKIE',
    'cookieSession: this request is plain HTTP, where the session cookie would have to go out without Secure; ' +
      "serve HTTPS, configure Express 'trust proxy' behind a TLS proxy, or set secure: false in development",
  );
}
