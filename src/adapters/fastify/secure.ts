/** Transport facts as Fastify knows them: `request.protocol` follows the app's `trustProxy`. */
import type { FastifyRequest } from 'fastify';
import { FORWARDED_PROTO_WARNING, isSecure } from '../../http/secure.js';
import type { SessionWarning } from '../../http/secure.js';

/**
 * HTTPS by Fastify's own `trustProxy` notion (`request.protocol`), unless `proxy` (the stored
 * session's option) overrides it: `true` trusts any X-Forwarded-Proto, `false` only TLS.
 */
export function secureOf(request: FastifyRequest, proxy: boolean | undefined): boolean {
  if (proxy === undefined) return request.protocol === 'https';
  return isSecure(request.raw, proxy);
}

const warned = new WeakSet<object>();

/**
 * Warns once per plugin (`owner`) when a request counted as plain HTTP carried
 * `X-Forwarded-Proto: https`: a TLS proxy in front of an app without `trustProxy`, whose session
 * cookies then silently lose Secure. The same code as the Express edge's warning, with Fastify's fix.
 */
export function warnIfForwardedHttps(owner: object, api: string, request: FastifyRequest, emit: (warning: SessionWarning) => boolean): void {
  if (warned.has(owner)) return;
  const header = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  if (first !== 'https') return;
  warned.add(owner);
  const warning = {
    code: FORWARDED_PROTO_WARNING,
    message:
      `${api} (satchel/fastify): a request carried X-Forwarded-Proto: https, but Fastify's trustProxy does not trust its sender, so it counts as plain HTTP ` +
      "and its session cookie is not Secure. Behind a TLS proxy, create the app with fastify({ trustProxy: <the proxy's address or hop count> }); reported once",
  };
  if (!emit(warning)) process.emitWarning(warning.message, { code: warning.code });
}

/** The request's header as one string (Fastify's `headers` is Node's: repeated ones come as arrays). */
export function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join('; ') : value;
}
