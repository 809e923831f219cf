/**
 * `cookieSession()` of `satchel/web`: sealed cookie sessions on Fetch API `Request`/`Response`.
 */
import { SessionError } from '../../errors.js';
import type { CookieSessionOptions } from '../../lifecycle/sealed/options.js';
import type { CookieSessionRequestOptions, SealedRequest } from '../../lifecycle/sealed/request.js';
import type { CookieSession } from '../../lifecycle/sealed/session.js';
import type { SessionData } from '../../types.js';
import { sealedSessions, type SealedEventsApi } from '../common/sealed.js';
import { applyOutcome, commitHandle, openSealed, withOutcome } from '../common/web.js';

/** Options of the Web {@link cookieSession}: satchel's `cookieSession()` options, and how HTTPS is known. */
export interface WebCookieSessionOptions extends CookieSessionOptions<Request> {
  /**
   * `true`: a request whose first `X-Forwarded-Proto` is `https` counts as HTTPS (a TLS proxy in
   * front); `false`/unset: only an `https:` request URL does.
   */
  proxy?: boolean;
}

/** One request's sealed session. */
export interface WebCookieSession {
  /** The session: your {@link SessionData} keys plus the non-enumerable API. */
  get session(): CookieSession;
  /** `null` logs out (the response clears the cookie); an object starts a new session with that data. */
  set session(value: (Partial<SessionData> & Record<string, unknown>) | null);
  /** Cookie settings for this response only. */
  readonly options: CookieSessionRequestOptions;
  /**
   * Seals the session into the response's Set-Cookie lines. Resolves to `response`, or to a copy
   * when its headers are immutable: return what it resolves to. Rejects with the typed error
   * (`CookieTooLargeError`, `SessionValueError`, `SessionCookieError`). Call it once.
   */
  commit(response: Response): Promise<Response>;
  /** The same onto `Headers` the app builds a response with. */
  commit(headers: Headers): Promise<Headers>;
}

/** What `cookieSession()` returns: `load(request)` and the events API. */
export interface WebCookieSessions extends SealedEventsApi<WebCookieSessions> {
  /** Opens the request's sealed cookie (an empty session when there is none or it does not verify). */
  load(request: Request): Promise<WebCookieSession>;
}

class Loaded implements WebCookieSession {
  committed = false;

  constructor(private readonly state: SealedRequest) {}

  get session(): CookieSession {
    return this.state.session as CookieSession;
  }

  set session(value: (Partial<SessionData> & Record<string, unknown>) | null) {
    this.state.session = value;
  }

  get options(): CookieSessionRequestOptions {
    return this.state.options;
  }

  commit(response: Response): Promise<Response>;
  commit(headers: Headers): Promise<Headers>;
  async commit(target: Response | Headers): Promise<Response | Headers> {
    if (this.committed) {
      throw new SessionError('ERR_SESSION_HEADERS_SENT', 'commit() ran twice for one request: the first response carried its session cookies');
    }
    this.committed = true;
    const outcome = await commitHandle(this.state);
    if (typeof (target as Response).status === 'number') return withOutcome(target as Response, outcome);
    applyOutcome(target as Headers, outcome);
    return target;
  }
}

/**
 * Sealed cookie sessions on Web `Request`/`Response`: the data lives in the user's cookie,
 * encrypted and authenticated, with the same options and defaults as satchel's Express
 * `cookieSession()`. Logout is client-side only unless you pass `revoke`.
 *
 * @example
 * import { cookieSession } from 'satchel/web';
 * const sessions = cookieSession({ keys: [process.env.SESSION_KEY!] });
 * export async function POST(request: Request) {
 *   const s = await sessions.load(request);
 *   s.session = null; // logs out
 *   return s.commit(Response.redirect(new URL('/', request.url), 303));
 * }
 */
export function cookieSession(options: WebCookieSessionOptions): WebCookieSessions {
  const { proxy, ...sealed } = options;
  const kit = sealedSessions<Request>(sealed);
  let unit: WebCookieSessions;
  const base: Pick<WebCookieSessions, 'load'> = {
    async load(request: Request): Promise<WebCookieSession> {
      return new Loaded(await openSealed(kit, unit, request, proxy));
    },
  };
  unit = kit.manage(base) as WebCookieSessions;
  return unit;
}
