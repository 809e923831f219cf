/**
 * Reading and writing the session cookies, on top of the engine's byte-faithful
 * `http/cookie-header.ts`: values come raw (no percent-decoding or unquoting, names compared
 * exactly — IN-01) so a seal has a single accepted spelling, bounded per name (IN-03).
 */
import { readCookieValues } from '../../http/cookie-header.js';
import { setCookieLine } from '../../http/set-cookie-line.js';

/** Raw cookie values of one request, looked up by exact name. */
export interface CookieCandidates {
  /** Every raw value of `name` within the size bounds, in header order. */
  get(name: string): string[];
  /** {@link get} without the copy, for a caller that only reads the list. */
  values(name: string): readonly string[];
  /** Whether the request sent `name` at all (oversized values included, so they get cleared). */
  has(name: string): boolean;
  /** How many values of `name` were dropped by the size bound (IN-03), for the `rejected` event. */
  oversized(name: string): number;
}

// A class rather than closures: under tsx/esbuild keepNames every per-request arrow costs a defineProperty.
class CandidateReader implements CookieCandidates {
  private readonly cache = new Map<string, ReturnType<typeof readCookieValues>>();

  constructor(private readonly header: string | undefined) {}

  private read(name: string): ReturnType<typeof readCookieValues> {
    let hit = this.cache.get(name);
    if (!hit) this.cache.set(name, (hit = readCookieValues(this.header, name)));
    return hit;
  }

  get(name: string): string[] {
    return [...this.read(name).values];
  }

  values(name: string): readonly string[] {
    return this.read(name).values;
  }

  has(name: string): boolean {
    const hit = this.read(name);
    return hit.values.length > 0 || hit.oversized > 0;
  }

  oversized(name: string): number {
    return this.read(name).oversized;
  }
}

/** Lazily reads candidates from a Cookie header, caching per name. */
export function readCookieCandidates(header: string | undefined): CookieCandidates {
  return new CandidateReader(header);
}

/** Attributes used for one Set-Cookie. */
export interface SealedCookieAttributes {
  path: string;
  domain?: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'lax' | 'strict' | 'none';
  partitioned: boolean;
  priority?: 'low' | 'medium' | 'high';
  /** Seconds; omitted for a browser-session cookie. */
  maxAge?: number;
  expires?: Date;
}

/**
 * One Set-Cookie header value. Seal values are base64url and dots, which percent-encoding
 * leaves as they are, so the value goes out byte-exact.
 */
export function serializeCookie(name: string, value: string, attrs: SealedCookieAttributes): string {
  const { path, domain, secure, httpOnly, sameSite, partitioned, priority, maxAge, expires } = attrs;
  return setCookieLine(name, value, { path, domain, secure, httpOnly, sameSite, partitioned: partitioned || undefined, priority }, maxAge, expires);
}

/** A Set-Cookie that deletes `name` (same Path/Domain/Secure/SameSite as the issuing cookie — TM-02). */
export function clearingCookie(name: string, attrs: SealedCookieAttributes): string {
  return serializeCookie(name, '', { ...attrs, maxAge: 0, expires: new Date(0) });
}
