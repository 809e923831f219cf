/**
 * `csrf()` for a bare node:http (or HTTP/2 compat) server: `await protect(req)` after the session
 * handler puts `req.csrfToken()` on the request and rejects unsafe requests with
 * `SessionCsrfError` (status 403), the node edge's way of letting the app answer.
 */
import { createCsrfCore } from '../../csrf/guard.js';
import type { CsrfOptions, CsrfSession } from '../../csrf/index.js';
import { headerOf, isSecure } from '../../http/secure.js';
import type { NodeRequest } from './types.js';

/** The field `csrf()` puts on the request. */
export interface NodeCsrfFields {
  /** A CSRF token of this session (a new one at each call, all valid). */
  csrfToken(): string;
}

/** Per call: node:http parses no body, so a form's `_csrf` is read only from a body the app parsed. */
export interface NodeCsrfCheckOptions {
  /** The parsed body (`{ _csrf: '…', … }`); without it only the header carries the token. */
  body?: unknown;
}

/**
 * What `csrf()` returns: resolves with the request (typed with `csrfToken`) when it may pass,
 * rejects with `SessionCsrfError` when it may not; nothing is sent, the app answers.
 */
export type NodeCsrfHandler = <R extends NodeRequest>(req: R, options?: NodeCsrfCheckOptions) => Promise<R & NodeCsrfFields>;

type Held = { session?: CsrfSession | null; csrfToken?: () => string };

/**
 * CSRF protection bound to the session (synchronizer tokens), for node:http. The own origin is
 * the Host header on the socket's scheme; behind a proxy that rewrites Host, name the public
 * origin in `origins`.
 *
 * @example
 * const sessions = session({ secret });
 * const protect = csrf();
 * http.createServer(async (req, res) => {
 *   try {
 *     const request = await protect(await sessions(req, res));
 *     res.end(`<input type="hidden" name="_csrf" value="${request.csrfToken()}">`);
 *   } catch (error) {
 *     res.statusCode = (error as { status?: number }).status ?? 500;
 *     res.end();
 *   }
 * });
 */
export function csrf(options?: CsrfOptions<NodeRequest>): NodeCsrfHandler {
  const core = createCsrfCore(options);
  return async function csrf<R extends NodeRequest>(req: R, call: NodeCsrfCheckOptions = {}): Promise<R & NodeCsrfFields> {
    const held = req as unknown as Held;
    held.csrfToken = () => core.token(held.session);
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?', 1)[0]!;
    if (core.applies(method, req, path)) {
      const host = headerOf(req, 'host') ?? headerOf(req, ':authority');
      await core.check({
        req,
        method,
        path,
        header: (name) => headerOf(req, name),
        own: host === undefined ? undefined : `${isSecure(req, false) ? 'https' : 'http'}://${host}`,
        session: () => held.session,
        body: () => call.body,
      });
    }
    return req as R & NodeCsrfFields;
  };
}
