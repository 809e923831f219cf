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
  if (value !== null) {
    const expires = maxAgeSeconds === null ? undefined : new Date(now + maxAgeSeconds * 1000);
    // Anything the package would refuse (a non-integer Max-Age, an invalid date) takes the slow path and fails there.
    if (expires === undefined || (Number.isInteger(maxAgeSeconds) && Number.isFinite(expires.getTime()))) {
      return fastLine(settings, value, maxAgeSeconds === null || expiresOnly ? undefined : maxAgeSeconds, expires);
    }
  }
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

/** The fixed attribute text of one settings object, as the `cookie` package spells it. */
interface AttributeText {
  readonly settings: Readonly<Omit<CookieSettings, 'maxAge'>>;
  /** `; Domain=…; Path=…`: what the package writes between Max-Age and Expires. */
  readonly middle: string;
  /** `; HttpOnly; Secure; …; SameSite=…`: what it writes after Expires. */
  readonly tail: string;
}

const attributeTexts = new WeakMap<CookieSettings, AttributeText>();

function sameAttributes(a: Omit<CookieSettings, 'maxAge'>, b: CookieSettings): boolean {
  return (
    a.name === b.name &&
    a.path === b.path &&
    a.domain === b.domain &&
    a.httpOnly === b.httpOnly &&
    a.secure === b.secure &&
    a.sameSite === b.sameSite &&
    a.partitioned === b.partitioned &&
    a.priority === b.priority
  );
}

// The session cookie goes out on every new session: serializing its fixed attributes (and
// re-validating them) once per settings object instead of per response. The text comes from
// the `cookie` package itself, split around Expires, so spelling and validation stay its own.
function attributeText(settings: CookieSettings): AttributeText {
  const held = attributeTexts.get(settings);
  if (held !== undefined && sameAttributes(held.settings, settings)) return held;
  const { name, path, domain, httpOnly, secure, sameSite, partitioned, priority } = settings;
  const marker = '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  const probe = serializeCookie(name, '', { path, domain, httpOnly, secure, sameSite, partitioned, priority, expires: new Date(0) });
  const at = probe.indexOf(marker);
  const text: AttributeText = {
    settings: { name, path, domain, httpOnly, secure, sameSite, partitioned, priority },
    middle: probe.slice(name.length + 1, at),
    tail: probe.slice(at + marker.length),
  };
  attributeTexts.set(settings, text);
  return text;
}

/**
 * The same line `serializeCookie` writes (value through `encodeURIComponent`, whose output the
 * package's value check always accepts; attributes in the package's order), built from cached text.
 */
function fastLine(settings: CookieSettings, value: string, maxAge: number | undefined, expires: Date | undefined): string {
  const text = attributeText(settings);
  let line = `${settings.name}=${value ? encodeURIComponent(value) : ''}`;
  if (maxAge !== undefined) line += `; Max-Age=${maxAge}`;
  line += text.middle;
  if (expires !== undefined) line += `; Expires=${expires.toUTCString()}`;
  return line + text.tail;
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
