/**
 * The per-request side of `cookieSession()`'s cookie policy: `req.sessionOptions` can change
 * any attribute for one response, so the cookies that actually go out are checked by the same
 * policy as the startup options, plus the transport the request arrived on.
 */
import { cookieError, cookieProblem, transportProblem, type PolicyCookie } from '../../http/cookie-policy.js';
import { SessionCookieError } from '../../errors.js';
import { COOKIE_SESSION_INSECURE_ADVICE, type ResolvedCookieSessionOptions } from './options.js';

/**
 * Throws the `SessionCookieError` refusing `cookie` for this request, if the policy refuses it.
 * The attributes are checked only when the app changed `req.sessionOptions`: the configured ones
 * passed the same policy at startup. The transport rules depend on the request, so they always run.
 */
export function checkRequestCookie(
  attrs: Omit<PolicyCookie, 'name'>,
  name: string,
  attributesChanged: boolean,
  config: Pick<ResolvedCookieSessionOptions, 'requireSecure'>,
  transport: { secure: boolean; localhost: boolean },
): void {
  const context = {
    requireSecure: config.requireSecure,
    insecureAdvice: COOKIE_SESSION_INSECURE_ADVICE,
    transport: { secure: transport.secure, loopback: transport.localhost },
  };
  // The full cookie is only built for the attribute rules; the transport rules need Secure alone.
  const problem = attributesChanged ? cookieProblem({ ...attrs, name }, context) : transportProblem(attrs.secure, context);
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
