import type { CookieSessionOptions } from '../../lifecycle/sealed/options.js';
import type { CookieSessionRequestOptions, SealedRequest } from '../../lifecycle/sealed/request.js';
import type { CookieSession } from '../../lifecycle/sealed/session.js';
import type { SessionData } from '../../types.js';
import { headerOf, isLoopback, isSecure, warnIfForwardedHttps, PROXY_OPTION_ADVICE, type RequestLike } from '../../http/secure.js';
import { claimSession } from '../common/owner.js';
import { exposeSealedSession, sealedSessions, type SealedEventsApi } from '../common/sealed.js';
import { installCommit, type ResponseLike } from '../common/node-response.js';
import { failWith } from './fail.js';
import type { NodeEdgeOptions, NodeRequest, NodeResponse } from './types.js';

/**
 * Options of the node:http {@link cookieSession}: the Express edge's, plus `onError` for a failed
 * commit and `proxy`, the trust-proxy notion node:http lacks (`true`: `X-Forwarded-Proto` decides
 * HTTPS; unset/`false`: only a TLS socket).
 */
export interface NodeCookieSessionOptions extends CookieSessionOptions<NodeRequest>, NodeEdgeOptions {
  proxy?: boolean;
}

/** The fields `cookieSession()` puts on the request. */
export interface NodeCookieSessionFields {
  /** The session: your {@link SessionData} keys plus the non-enumerable API. */
  get session(): CookieSession;
  /** `null` logs out (the response clears the cookie); an object starts a new session with that data. */
  set session(value: (Partial<SessionData> & Record<string, unknown>) | null);
  /** Cookie settings for this response only. */
  sessionOptions: CookieSessionRequestOptions;
}

/** What `cookieSession()` returns: `await cookies(req, res)` resolves with the same request, typed. */
export interface NodeCookieSessionHandler extends SealedEventsApi<NodeCookieSessionHandler> {
  <R extends NodeRequest>(req: R, res: NodeResponse): Promise<R & NodeCookieSessionFields>;
}

function attach(req: NodeRequest, state: SealedRequest): void {
  exposeSealedSession(req, state);
}

/**
 * Sealed cookie sessions for a bare node:http (or HTTP/2 compat) server: the data lives in the
 * user's cookie, encrypted and authenticated, as with `satchel`'s Express `cookieSession()`.
 *
 * @example
 * import http from 'node:http';
 * import { cookieSession } from 'satchel/node';
 * const cookies = cookieSession({ keys: [process.env.SESSION_KEY!] });
 * http.createServer(async (req, res) => {
 *   const request = await cookies(req, res);
 *   request.session.views = (request.session.views ?? 0) + 1;
 *   res.end('ok');
 * }).listen(3000);
 */
export function cookieSession(options: NodeCookieSessionOptions): NodeCookieSessionHandler {
  const { onError, proxy, ...sealedOptions } = options;
  const kit = sealedSessions<NodeRequest>(sealedOptions);
  const rule = proxy ?? false;

  const handler = async function cookieSession<R extends NodeRequest>(req: R, res: NodeResponse): Promise<R & NodeCookieSessionFields> {
    const conflict = claimSession(req, 'cookie');
    if (conflict) throw conflict;
    const secure = isSecure(req, rule);
    if (!secure) warnIfForwardedHttps(handler, 'cookieSession()', req, kit.warn, PROXY_OPTION_ADVICE);
    const state = await kit.open({ cookieHeader: headerOf(req, 'cookie'), secure, loopback: !secure && isLoopback(req as unknown as RequestLike) }, req);
    attach(req, state);
    installCommit(state, res as unknown as ResponseLike, failWith(onError, req, res));
    return req as R & NodeCookieSessionFields;
  } as unknown as NodeCookieSessionHandler;
  return kit.manage(handler);
}
