import { setCookieLine } from '../cookie/set-cookie-line.js';
import type { CookieSettings } from '../core/cookie-settings.js';

/** The response methods used to write cookie headers (Express, node:http and HTTP/2 compat). */
export interface HeaderTarget {
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
}

/** Serializes the session cookie, or a clearing one when `value` is null (TM-02: same name, path, domain). */
export function sessionSetCookie(settings: CookieSettings, value: string | null, maxAgeSeconds: number | null, now: number): string {
  const { name, path, domain, httpOnly, secure, sameSite, partitioned, priority } = settings;
  const fixed = { path, domain, httpOnly, secure, sameSite, partitioned, priority };
  if (value === null) return setCookieLine(name, '', fixed, 0, new Date(0));
  if (maxAgeSeconds === null) return setCookieLine(name, value, fixed);
  const expires = new Date(now + maxAgeSeconds * 1000);
  return setCookieLine(name, value, fixed, maxAgeSeconds, expires);
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

function collectCookies(into: string[], value: unknown): void {
  if (Array.isArray(value)) for (const item of value) into.push(String(item));
  else if (value !== undefined && value !== null) into.push(String(value));
}

/**
 * Moves the Set-Cookie values an app hands to `res.writeHead` onto the response's own list, and
 * leaves `args` (writeHead's arguments, edited in place) without them. Node lets writeHead's
 * headers override those set before (object form: `setHeader`; flat raw array: `removeHeader`
 * then append, or a fold that keeps only the last pair), which silently drops a session cookie
 * already on the response (T37, CK-11). Both forms are handled — `{ 'Set-Cookie': string |
 * string[] }` in any letter case, and `['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', …]` — and
 * every other header is passed through as the app wrote it. The app's object is copied, never
 * edited. The session writer runs afterwards and keeps exactly one cookie per session name.
 */
export function absorbWriteHeadCookies(res: HeaderTarget, args: unknown[]): void {
  const index = typeof args[1] === 'string' ? 2 : 1;
  const headers = args[index];
  if (headers === null || typeof headers !== 'object') return;
  const found: string[] = [];
  if (Array.isArray(headers)) {
    // An odd-length array is Node's to reject; nothing is moved.
    if (headers.length % 2 !== 0) return;
    const kept: unknown[] = [];
    for (let i = 0; i < headers.length; i += 2) {
      if (typeof headers[i] === 'string' && (headers[i] as string).toLowerCase() === 'set-cookie') collectCookies(found, headers[i + 1]);
      else kept.push(headers[i], headers[i + 1]);
    }
    if (kept.length === headers.length) return;
    args[index] = kept;
  } else {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() !== 'set-cookie') continue;
      copy ??= { ...(headers as Record<string, unknown>) };
      collectCookies(found, copy[key]);
      delete copy[key];
    }
    if (copy === undefined) return;
    args[index] = copy;
  }
  if (found.length === 0) return;
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('set-cookie', [...list, ...found]);
}
