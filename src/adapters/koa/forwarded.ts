import type { Context } from 'koa';
import { FORWARDED_PROTO_WARNING, type SessionWarning } from '../../http/secure.js';

const warned = new WeakSet<object>();

/**
 * Warns once per middleware (`owner`) when a request counted as plain HTTP carried
 * `X-Forwarded-Proto: https`: a TLS proxy in front of an app without `app.proxy = true`, whose
 * session cookies then silently lose Secure. The Express wording would send a Koa user to a
 * setting Koa does not have, hence this edge's own message under the same code.
 */
export function warnIfForwardedHttps(owner: object, api: string, ctx: Context, emit: (warning: SessionWarning) => boolean): void {
  if (warned.has(owner)) return;
  const proto = ctx.get('x-forwarded-proto').split(',')[0]!.trim().toLowerCase();
  if (proto !== 'https') return;
  warned.add(owner);
  const warning = {
    code: FORWARDED_PROTO_WARNING,
    message:
      `${api}: a request carried X-Forwarded-Proto: https, but app.proxy is off, so Koa counts it as plain HTTP ` +
      'and its session cookie is not Secure. Behind a TLS proxy, set app.proxy = true; reported once',
  };
  if (!emit(warning)) process.emitWarning(warning.message, { code: warning.code });
}
