import { FORWARDED_PROTO_WARNING, headerOf, type SessionWarning } from '../../http/secure.js';
import type { NodeRequest } from './types.js';

const warned = new WeakSet<object>();

/**
 * Warns once per handler (`owner`) when a request counted as plain HTTP carried
 * `X-Forwarded-Proto: https`: a TLS proxy in front of a server that did not pass `proxy: true`,
 * whose session cookies then silently lose Secure. node:http has no trust-proxy setting of its
 * own, so the advice names satchel's option.
 */
export function warnIfForwardedHttps(owner: object, api: string, req: NodeRequest, emit: (warning: SessionWarning) => boolean): void {
  if (warned.has(owner)) return;
  const proto = headerOf(req, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (proto !== 'https') return;
  warned.add(owner);
  const warning = {
    code: FORWARDED_PROTO_WARNING,
    message:
      `${api}: a request carried X-Forwarded-Proto: https, but satchel's proxy option is off, so it counts as plain HTTP ` +
      'and its session cookie is not Secure. Behind a TLS proxy you trust, pass proxy: true; reported once',
  };
  if (!emit(warning)) process.emitWarning(warning.message, { code: warning.code });
}
