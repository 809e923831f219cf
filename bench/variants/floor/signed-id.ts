/**
 * The floor's shared pieces (see variants/floor.ts): the signed `sid` cookie and the store key.
 * Hand-written on purpose, with nothing a minimal middleware with these security properties
 * could leave out: 256-bit random ids, an HMAC-SHA256 signature checked in constant time, and
 * a SHA-256 of the id as the store key, so a leaked store does not hand out live cookies.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SID = 'sid';
/** Store-side lifetime of a floor session; no rolling, no touch (one read per request). */
export const FLOOR_TTL_MS = 86_400_000;

const sign = (id: string, secret: string) => createHmac('sha256', secret).update(id).digest('base64url');

/** The raw value of cookie `name` in the request's Cookie header. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The id inside a `id.signature` cookie value, or undefined when the signature does not match. */
export function verifiedId(value: string | undefined, secret: string): string | undefined {
  if (value === undefined) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

export const newId = (): string => randomBytes(32).toString('base64url');
export const storeKey = (id: string): string => createHash('sha256').update(id).digest('base64url');

/** A Set-Cookie line: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS (the bench's trusted proxy says so). */
export function cookieLine(req: IncomingMessage, name: string, value: string): string {
  const secure = (req as IncomingMessage & { secure?: boolean }).secure === true;
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export const signedValue = (id: string, secret: string): string => `${id}.${sign(id, secret)}`;
