import { setCookieLine } from '../../http/set-cookie-line.js';
import type { CookieSettings } from './cookie-settings.js';

/** Serializes the session cookie, or a clearing one when `value` is null (TM-02: same name, path, domain). */
export function sessionSetCookie(settings: CookieSettings, value: string | null, maxAgeSeconds: number | null, now: number): string {
  const { name, path, domain, httpOnly, secure, sameSite, partitioned, priority } = settings;
  const fixed = { path, domain, httpOnly, secure, sameSite, partitioned, priority };
  if (value === null) return setCookieLine(name, '', fixed, 0, new Date(0));
  if (maxAgeSeconds === null) return setCookieLine(name, value, fixed);
  const expires = new Date(now + maxAgeSeconds * 1000);
  return setCookieLine(name, value, fixed, maxAgeSeconds, expires);
}
