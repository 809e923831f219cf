import { decodeCookieValue, readCookieValues } from '../../http/cookie-header.js';
import type { CookieSigner } from '../../crypto/signer.js';
import type { SessionRequest } from './session.js';
import { deprecate } from './warnings.js';

/** Verifies an `s:<id>.<sig>` value; `undefined` for unsigned or badly signed values. */
function unsignSid(value: unknown, signer: CookieSigner): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('s:')) return undefined;
  return signer.unsign(value.slice(2))?.value;
}

/**
 * The session id a request presents, as express-session reads it: the signed `Cookie` header
 * value (candidates tried in header order; unsigned or tampered ones ignored, never throwing),
 * then cookie-parser's `req.signedCookies` and `req.cookies` with a deprecation warning.
 */
export function readSessionId(req: SessionRequest, name: string, signer: CookieSigner): string | undefined {
  for (const raw of readCookieValues(req.headers.cookie, name).values) {
    const decoded = decodeCookieValue(raw);
    const id = decoded === null ? undefined : unsignSid(decoded, signer);
    if (id !== undefined) return id;
  }
  const signed = (req.signedCookies as Record<string, unknown> | undefined)?.[name];
  if (typeof signed === 'string' && signed) {
    deprecate('cookie should be available in req.headers.cookie');
    return signed;
  }
  const id = unsignSid((req.cookies as Record<string, unknown> | undefined)?.[name], signer);
  if (id !== undefined) deprecate('cookie should be available in req.headers.cookie');
  return id;
}

/** Path of the original URL (before any mount stripped it), which `cookie.path` must prefix. */
export function originalPathname(req: SessionRequest): string {
  const url = typeof req.originalUrl === 'string' ? req.originalUrl : (req.url ?? '');
  let path = url;
  if (!url.startsWith('/')) {
    try {
      path = new URL(url).pathname;
    } catch {
      path = url;
    }
  }
  const end = path.search(/[?#]/);
  return (end === -1 ? path : path.slice(0, end)) || '/';
}
