/**
 * The session cookie one `session()` response would carry: the request's settings with the
 * app's `req.session.cookie` changes (path, domain, httpOnly, secure, sameSite), passed through
 * the same cookie policy as the startup options, plus the transport rules that only a request
 * can decide.
 */
import { transportProblem, cookieError } from '../../http/cookie-policy.js';
import { INSECURE_ADVICE, resolveCookieSettings } from './cookie-settings.js';
import type { CookieSettings } from './cookie-settings.js';
import { SessionCookieError } from '../../errors.js';
import type { RequestLifecycle } from './request-lifecycle.js';

type CookieChanges = Partial<Record<'path' | 'domain' | 'httpOnly' | 'secure' | 'sameSite', unknown>>;

function changed(settings: CookieSettings, cookie: CookieChanges): boolean {
  return (
    (cookie.path !== undefined && cookie.path !== settings.path) ||
    (cookie.domain !== undefined && cookie.domain !== settings.domain) ||
    (cookie.httpOnly !== undefined && cookie.httpOnly !== settings.httpOnly) ||
    (cookie.secure !== undefined && cookie.secure !== settings.secure) ||
    (cookie.sameSite !== undefined && cookie.sameSite !== settings.sameSite)
  );
}

function withChanges(context: RequestLifecycle, cookie: CookieChanges): CookieSettings {
  const settings = context.settings;
  return resolveCookieSettings(
    {
      path: (cookie.path ?? settings.path) as string,
      domain: (cookie.domain ?? settings.domain) as string | undefined,
      httpOnly: (cookie.httpOnly ?? settings.httpOnly) as boolean,
      secure: (cookie.secure ?? settings.secure) as boolean,
      sameSite: (cookie.sameSite ?? settings.sameSite) as CookieSettings['sameSite'],
      maxAge: settings.maxAge,
      partitioned: settings.partitioned,
      priority: settings.priority,
    },
    {
      requestSecure: settings.requestSecure,
      // The browser already holds the cookie under this name; a change must fit it.
      name: settings.name,
      production: context.engine.options.refuseInsecureCookie,
      allowInsecureCookie: false,
      perRequest: true,
    },
  );
}

/**
 * The cookie attributes to send for `session` (null: the request's own settings, e.g. to clear
 * a stale cookie), or the `SessionCookieError` that refuses them. Unchanged settings were checked
 * when they were resolved, so only the transport rules run on the common path.
 */
export function responseCookie(context: RequestLifecycle, session: object | null): CookieSettings | SessionCookieError {
  let settings = context.settings;
  const cookie = session === null ? undefined : (session as { cookie?: unknown }).cookie;
  if (cookie !== null && typeof cookie === 'object' && changed(settings, cookie as CookieChanges)) {
    try {
      settings = withChanges(context, cookie as CookieChanges);
    } catch (error) {
      if (error instanceof SessionCookieError) return error;
      throw error;
    }
  }
  const { engine, edge, req } = context;
  // Without `proxy`, only the framework knows whether a forwarded HTTPS was trusted.
  if (!settings.requestSecure && engine.options.proxy === undefined) edge.plainHttp(req);
  const transport = { secure: settings.requestSecure, loopback: false };
  // The host name is only read when it matters: a Secure cookie answering plain HTTP.
  if (settings.secure && !settings.requestSecure) transport.loopback = edge.isLoopback(req);
  const problem = transportProblem(settings.secure, { requireSecure: engine.options.refuseInsecureCookie, insecureAdvice: INSECURE_ADVICE, transport });
  return problem === null ? settings : cookieError(problem, 'session: ');
}

/** {@link responseCookie}'s refusal alone. */
export function cookieRefusal(context: RequestLifecycle, session: object | null): SessionCookieError | null {
  const result = responseCookie(context, session);
  return result instanceof SessionCookieError ? result : null;
}
