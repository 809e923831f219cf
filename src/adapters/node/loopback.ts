import { headerOf, isLoopback, type RequestLike } from '../../http/secure.js';
import type { NodeRequest } from './types.js';

/**
 * The request is for a loopback host. HTTP/2 names the host in `:authority` (Node does not copy
 * it to `host`), so without this an h2c request to localhost would count as a remote one.
 */
export function isLoopbackRequest(req: NodeRequest): boolean {
  const authority = headerOf(req, 'host') ?? headerOf(req, ':authority');
  return isLoopback({ headers: req.headers, hostname: authority?.replace(/:\d+$/, '') } as RequestLike);
}
