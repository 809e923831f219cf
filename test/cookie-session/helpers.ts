/** Helpers for the sealed cookie-session integration tests, named for what they check. */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Response } from 'supertest';

/** Express 4, loaded untyped (no @types for the alias). */
export const express4 = createRequire(import.meta.url)('express4') as typeof import('express');

/** A fresh key for one test app. */
export const newKey = (): string => randomBytes(32).toString('base64url');

/** Every Set-Cookie header value of a response. */
export function setCookies(res: Response): string[] {
  const header = res.headers['set-cookie'] as unknown;
  return Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
}

/** The Set-Cookie for `name`, or undefined. */
export function setCookieFor(res: Response, name: string): string | undefined {
  return setCookies(res).find((c) => c.startsWith(`${name}=`));
}

/** The value a response sets for `name`; fails the test when the cookie is absent or cleared. */
export function shouldSetCookie(res: Response, name: string): string {
  const header = setCookieFor(res, name);
  if (!header) throw new Error(`expected a Set-Cookie for ${name}, got ${JSON.stringify(setCookies(res))}`);
  const value = header.slice(name.length + 1, header.indexOf(';'));
  if (value === '') throw new Error(`expected ${name} to be set, but it was cleared`);
  return value;
}

/** True when the response deletes `name` (empty value, Max-Age=0, past Expires). */
export function clearsCookie(res: Response, name: string): boolean {
  const header = setCookieFor(res, name);
  return header !== undefined && header.startsWith(`${name}=;`) && /Max-Age=0/.test(header) && /Expires=Thu, 01 Jan 1970/.test(header);
}

/** A `Cookie` request header carrying the cookies a response set (cleared ones dropped). */
export function cookieHeaderFrom(res: Response): string {
  return setCookies(res)
    .map((c) => c.slice(0, c.indexOf(';')))
    .filter((pair) => pair.indexOf('=') < pair.length - 1)
    .join('; ');
}

/** Attributes of a Set-Cookie header, lower-cased names. */
export function attributesOf(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(';').slice(1)) {
    const [k, ...v] = part.trim().split('=');
    out.set(k!.toLowerCase(), v.join('='));
  }
  return out;
}
