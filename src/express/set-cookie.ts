import { serializeCookie } from '../cookie/header.js';
import type { CookieSettings } from '../core/cookie-settings.js';

/** The response methods used to write cookie headers (Express, node:http and HTTP/2 compat). */
export interface HeaderTarget {
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
}

/**
 * Serializes the session cookie, or a clearing one when `value` is null (TM-02: same name, path,
 * domain). `expiresOnly` writes express-session's form: `Expires` (now + maxAge), no `Max-Age`.
 */
export function sessionSetCookie(settings: CookieSettings, value: string | null, maxAgeSeconds: number | null, now: number, expiresOnly = false): string {
  const attributes = {
    path: settings.path,
    domain: settings.domain,
    httpOnly: settings.httpOnly,
    secure: settings.secure,
    sameSite: settings.sameSite,
    partitioned: settings.partitioned,
    priority: settings.priority,
  };
  if (value === null) return serializeCookie(settings.name, '', { ...attributes, maxAge: 0, expires: new Date(0) });
  if (maxAgeSeconds === null) return serializeCookie(settings.name, value, attributes);
  const expires = new Date(now + maxAgeSeconds * 1000);
  return serializeCookie(settings.name, value, expiresOnly ? { ...attributes, expires } : { ...attributes, maxAge: maxAgeSeconds, expires });
}

/**
 * Puts one Set-Cookie for the session name on the response, replacing an earlier one for the
 * same name and keeping every other cookie (CK-11), plus `Cache-Control: no-store` (CK-10).
 */
export function writeSessionCookie(res: HeaderTarget, name: string, line: string, noStore: boolean): void {
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? [...existing] : [String(existing)];
  const kept = list.filter((entry) => !entry.startsWith(`${name}=`));
  res.setHeader('set-cookie', [...kept, line]);
  if (noStore) res.setHeader('cache-control', 'no-store');
}
