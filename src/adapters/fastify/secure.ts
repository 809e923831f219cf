/** Transport facts as Fastify knows them: `request.protocol` follows the app's `trustProxy`. */
import type { FastifyRequest } from 'fastify';
import { isSecure } from '../../http/secure.js';
import type { ProxyAdvice } from '../../http/secure.js';

/**
 * HTTPS by Fastify's own `trustProxy` notion (`request.protocol`), unless `proxy` (the stored
 * session's option) overrides it: `true` trusts any X-Forwarded-Proto, `false` only TLS.
 */
export function secureOf(request: FastifyRequest, proxy: boolean | undefined): boolean {
  if (proxy === undefined) return request.protocol === 'https';
  return isSecure(request.raw, proxy);
}

/** The forwarded-HTTPS warning in Fastify's words. */
export const FASTIFY_PROXY_ADVICE: ProxyAdvice = {
  trusts: "Fastify's trustProxy",
  fix: "create the app with fastify({ trustProxy: <the proxy's address or hop count> })",
};
