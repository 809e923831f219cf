import type { SessionManagement } from '../../lifecycle/stored/management.js';
import type { RequestLifecycle } from '../../lifecycle/stored/request-lifecycle.js';
import type { Session } from '../../lifecycle/stored/session.js';
import type { SessionData } from '../../types.js';
import type { SessionOptions } from '../common/options.js';
import { requestPropertyEdge, storedSessions } from '../common/stored.js';
import { claimSession } from '../common/owner.js';
import { installCommit, type ResponseLike } from '../common/node-response.js';
import { headerOf, isSecure, PROXY_OPTION_ADVICE, type RequestLike } from '../../http/secure.js';
import { failWith } from './fail.js';
import type { NodeEdgeOptions, NodeRequest, NodeResponse } from './types.js';

/**
 * Options of the node:http {@link session}: the same as on every edge (with Node's request for
 * the per-request functions), plus `onError` for a failed commit. node:http has no trust-proxy
 * notion: `proxy: true` trusts `X-Forwarded-Proto`; unset or `false`, only a TLS socket is HTTPS.
 */
export interface NodeSessionOptions extends SessionOptions<NodeRequest>, NodeEdgeOptions {}

/** `req.session` of `session()`: the session object plus the app's {@link SessionData} keys. */
export type NodeRequestSession = Session & Partial<SessionData>;

/** The fields `session()` puts on the request. */
export interface NodeSessionFields {
  /** The session of this request; assign `null` to end it (the `unset` option decides the stored one's fate). */
  get session(): NodeRequestSession;
  set session(value: NodeRequestSession | null);
  /** The id of `req.session` (never logged by satchel; treat it as a secret). */
  sessionID: string;
}

/**
 * What `session()` returns: `await sessions(req, res)` loads the session onto `req` and resolves
 * with that same request, typed with its session fields; the save completes before `res.end`
 * sends. A load failure rejects with the typed error (nothing was sent: answer it yourself).
 */
export interface NodeSessionHandler extends SessionManagement<NodeSessionHandler> {
  <R extends NodeRequest>(req: R, res: NodeResponse): Promise<R & NodeSessionFields>;
}

/**
 * Store-backed sessions for a bare node:http (or HTTP/2 compat) server, with the engine, cookie
 * and guarantees of `satchel`'s Express `session()`.
 *
 * @example
 * import http from 'node:http';
 * import { session } from 'satchel/node';
 * const sessions = session({ secret: process.env.SESSION_SECRET! });
 * http.createServer(async (req, res) => {
 *   const request = await sessions(req, res);
 *   request.session.views = (request.session.views ?? 0) + 1;
 *   res.end('ok');
 * }).listen(3000);
 */
export function session(options: NodeSessionOptions): NodeSessionHandler {
  const { onError, ...sessionOptions } = options;
  const kit = storedSessions<NodeRequest>(sessionOptions, requestPropertyEdge(PROXY_OPTION_ADVICE));
  const rule = kit.engine.options.proxy ?? false;

  const handler = async function session<R extends NodeRequest>(req: R, res: NodeResponse): Promise<R & NodeSessionFields> {
    const request = req as unknown as RequestLike;
    const conflict = claimSession(req, 'server');
    if (conflict) throw conflict;
    // Called twice on one request: the first call's session stands.
    if (request.session) return req as R & NodeSessionFields;
    const lifecycle: RequestLifecycle<NodeRequest> = await kit.open(req, {
      secure: isSecure(req, rule),
      cookieHeader: headerOf(req, 'cookie'),
      userAgent: headerOf(req, 'user-agent') ?? null,
    });
    installCommit(lifecycle, res as unknown as ResponseLike, failWith(onError, req, res));
    return req as R & NodeSessionFields;
  };
  return kit.manage(handler) as unknown as NodeSessionHandler;
}
