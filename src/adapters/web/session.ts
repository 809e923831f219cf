/**
 * `session()` of `satchel/web`: store-backed sessions on Fetch API `Request`/`Response`, for
 * Next.js route handlers, Remix/React Router loaders and actions, and any runtime that serves a
 * `(request) => Response` function.
 */
import type { SessionData } from '../../types.js';
import { SessionError } from '../../errors.js';
import type { Session } from '../../lifecycle/stored/session.js';
import type { SessionManagement } from '../../lifecycle/stored/management.js';
import type { RequestLifecycle, SessionEdge } from '../../lifecycle/stored/request-lifecycle.js';
import type { SessionOptions } from '../common/options.js';
import { storedSessions, type StoredSessions } from '../common/stored.js';
import { requestSlot, type RequestSlot } from '../common/request-slot.js';
import { applyOutcome, commitHandle, warnUntrustedForwardedHttps, webFacts, withOutcome, type WebFacts } from '../common/web.js';

/** Options of the Web {@link session}: satchel's `session()` options; `cookie` and `genid` functions receive the `Request`. */
export type WebSessionOptions = SessionOptions<Request>;

/** `session` of a {@link WebSession}: the session object plus the app's {@link SessionData} keys. */
type StoredSession = Session & Partial<SessionData>;

/** One request's session. */
export interface WebSession {
  /** The session of this request (after `regenerate()`/`destroy()`, the new one). */
  get session(): StoredSession;
  /** `null` ends the session (the `unset` option decides what happens to the stored one). */
  set session(value: StoredSession | null);
  /**
   * Saves, touches or destroys as the request left things and puts the session's Set-Cookie
   * lines (and `Cache-Control: no-store`) on `response`. Resolves to `response` itself, or to a
   * copy when its headers are immutable (`Response.redirect()`, a `fetch()` result): always
   * return what it resolves to. Rejects with the typed error (`SessionStoreError`,
   * `SessionValueError`, `SessionCookieError`…) when the session cannot be saved. Call it once,
   * before the response leaves: a streamed body is fine, its headers are decided here.
   */
  commit(response: Response): Promise<Response>;
  /** The same onto `Headers` the app builds a response with (`redirect(url, { headers })`). */
  commit(headers: Headers): Promise<Headers>;
}

/** What `session()` returns: `load(request)`, plus the store, events and per-user management. */
export interface WebSessions extends SessionManagement<WebSessions> {
  /** Reads the request's session cookie and loads its session (a new one when there is none). */
  load(request: Request): Promise<WebSession>;
}

// One per load: where the edge keeps `session` for the lifecycle (in a slot of the request).
class Loaded implements WebSession {
  current: StoredSession | null = null;
  handle: RequestLifecycle<Request> | null = null;
  committed = false;

  constructor(readonly facts: WebFacts) {}

  get session(): StoredSession {
    return this.current as StoredSession;
  }

  set session(value: StoredSession | null) {
    this.current = value;
  }

  commit(response: Response): Promise<Response>;
  commit(headers: Headers): Promise<Headers>;
  async commit(target: Response | Headers): Promise<Response | Headers> {
    if (this.committed) throw twice();
    this.committed = true;
    const outcome = await commitHandle(this.handle!);
    if (isResponse(target)) return withOutcome(target, outcome);
    applyOutcome(target, outcome);
    return target;
  }
}

function twice(): SessionError {
  return new SessionError('ERR_SESSION_HEADERS_SENT', 'commit() ran twice for one request: the first response carried its session cookies; load the session again for another request');
}

// Duck-typed: a framework's Response subclass or another realm's Response is a Response too.
function isResponse(target: Response | Headers): target is Response {
  return typeof (target as Response).status === 'number';
}

function webEdge(kit: StoredSessions<Request>, loads: RequestSlot<Request, Loaded>, unit: () => object): SessionEdge<Request> {
  return {
    session: (request) => loads.get(request)?.current,
    install(request, session) {
      loads.get(request)!.current = session;
    },
    isLoopback: (request) => loads.get(request)!.facts.loopback,
    plainHttp(request) {
      if (loads.get(request)!.facts.untrustedForwardedHttps) warnUntrustedForwardedHttps(unit(), 'session()', kit.warn);
    },
  };
}

/**
 * Store-backed sessions on Web `Request`/`Response`, with the same options, cookie and security
 * defaults as satchel's Express `session()`.
 *
 * HTTPS is read from `request.url`; behind a TLS proxy that forwards plain HTTP, pass
 * `proxy: true` to trust the first `X-Forwarded-Proto`.
 *
 * @example
 * // app/api/visits/route.ts (Next.js)
 * import { session } from 'satchel/web';
 * const sessions = session({ secret: process.env.SESSION_SECRET!, store });
 * export async function POST(request: Request) {
 *   const s = await sessions.load(request);
 *   s.session.visits = Number(s.session.visits ?? 0) + 1;
 *   return s.commit(Response.json({ visits: s.session.visits }));
 * }
 */
export function session(options: WebSessionOptions): WebSessions {
  const loads = requestSlot<Request, Loaded>('satchel.web.session');
  // The lifecycle finds its session through the request: a second load answers the first one.
  const loading = requestSlot<Request, Promise<WebSession>>('satchel.web.load');
  let unit: WebSessions;
  const kit = storedSessions<Request>(options, (k) => webEdge(k, loads, () => unit));
  const { proxy } = kit.engine.options;
  async function open(request: Request): Promise<WebSession> {
    const loaded = new Loaded(webFacts(request, proxy));
    loads.set(request, loaded);
    loaded.handle = await kit.open(request, loaded.facts);
    return loaded;
  }
  const base: Pick<WebSessions, 'load'> = {
    load(request: Request): Promise<WebSession> {
      let pending = loading.get(request);
      if (!pending) {
        pending = open(request);
        loading.set(request, pending);
      }
      return pending;
    },
  };
  unit = kit.manage(base) as WebSessions;
  return unit;
}
