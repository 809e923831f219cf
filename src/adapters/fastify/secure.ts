/** Transport facts as Fastify knows them: `request.protocol` follows the app's `trustProxy`. */
import type { FastifyRequest } from 'fastify';
import { isSecure } from '../../http/secure.js';
import type { ProxyAdvice } from '../../http/secure.js';

// A socket's peer → whether the app (its Request class, the request's prototype) trusts it.
const trustedPeers = new WeakMap<object, { app: object; trusted: boolean }>();

/**
 * `request.protocol === 'https'`, without asking Fastify's trust function on every request: under
 * `trustProxy` the getter runs it (proxy-addr, which parses the peer address with ipaddr.js: about
 * 1.8 KB allocated per call) whenever X-Forwarded-Proto is present. The function sees only the
 * peer address (hop 0), which never changes for a socket, so its answer is learned once per socket
 * from the getter itself, on the first request where it matters (the header names a protocol other
 * than the socket's own); the getter stays the one authority.
 */
export function isHttps(request: FastifyRequest): boolean {
  const socket = request.raw.socket as { encrypted?: boolean } | null | undefined;
  const header = request.headers['x-forwarded-proto'];
  if (!header || typeof header !== 'string' || socket == null) return request.protocol === 'https';
  const own = socket.encrypted ? 'https' : 'http';
  // As Fastify reads it: the last of repeated values, trimmed.
  const comma = header.lastIndexOf(',');
  const forwarded = (comma === -1 ? header : header.slice(comma + 1)).trim();
  // Trusted or not, the answer is the same.
  if (forwarded === own) return own === 'https';
  const app = Object.getPrototypeOf(request) as object;
  const known = trustedPeers.get(socket);
  if (known !== undefined && known.app === app) return (known.trusted ? forwarded : own) === 'https';
  const protocol = request.protocol;
  trustedPeers.set(socket, { app, trusted: protocol === forwarded });
  return protocol === 'https';
}

/**
 * HTTPS by Fastify's own `trustProxy` notion (`request.protocol`), unless `proxy` (the stored
 * session's option) overrides it: `true` trusts any X-Forwarded-Proto, `false` only TLS.
 */
export function secureOf(request: FastifyRequest, proxy: boolean | undefined): boolean {
  if (proxy === undefined) return isHttps(request);
  return isSecure(request.raw, proxy);
}

/** The forwarded-HTTPS warning in Fastify's words. */
export const FASTIFY_PROXY_ADVICE: ProxyAdvice = {
  trusts: "Fastify's trustProxy",
  fix: "create the app with fastify({ trustProxy: <the proxy's address or hop count> })",
};
