import { serialize } from 'cookie';
import type { SerializeOptions } from 'cookie';

/** Bounds on the work one Cookie header can cause (IN-03). */
export interface CookieReadLimits {
  /** Most candidate values considered for one name. @default 64 */
  maxCandidates: number;
  /** Longest accepted value in bytes (name + value over 4096 cannot come from a browser). @default 4096 */
  maxBytes: number;
}

/** Default {@link CookieReadLimits}. */
export const COOKIE_READ_LIMITS: Readonly<CookieReadLimits> = Object.freeze({ maxCandidates: 64, maxBytes: 4096 });

/** Every candidate value of one cookie name, in header order, plus what was refused. */
export interface CookieCandidates {
  values: string[];
  /** Values dropped for exceeding `maxBytes`. */
  oversized: number;
  /** True when more than `maxCandidates` values carried the name. */
  truncated: boolean;
}

// Only SP and HTAB: trimming Unicode spaces is how prefix checks were bypassed (PortSwigger U+2000).
function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** The first index in [start, end) that is not SP or HTAB, or `end`. */
function skipOws(text: string, start: number, end: number): number {
  while (start < end && isOws(text.charCodeAt(start))) start++;
  return start;
}

/** One past the last index in [start, end) that is not SP or HTAB, or `start`. */
function backOws(text: string, start: number, end: number): number {
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Extracts every value of `name` from a Cookie header without decoding names, so
 * `%5F%5FHost-sid` or `__host-sid` never match `__Host-sid` (IN-01). Values are returned raw
 * (still percent-encoded); the caller decides how to decode. Bounded in count and size (IN-03).
 */
export function readCookieValues(
  header: string | undefined,
  name: string,
  limits: Readonly<CookieReadLimits> = COOKIE_READ_LIMITS,
): CookieCandidates {
  const result: CookieCandidates = { values: [], oversized: 0, truncated: false };
  if (typeof header !== 'string' || header.length === 0) return result;
  // One pass without splitting: only values of parts named `name` are sliced. Each '=' is searched
  // for once and kept until the parts reach it, so parts without one (";;;;…") stay linear.
  const length = header.length;
  let eq = -1;
  for (let start = 0; start < length; ) {
    let end = header.indexOf(';', start);
    if (end < 0) end = length;
    if (eq < start) {
      eq = header.indexOf('=', start);
      if (eq < 0) break;
    }
    if (eq < end) {
      const nameStart = skipOws(header, start, eq);
      const nameEnd = backOws(header, nameStart, eq);
      if (nameEnd - nameStart === name.length && header.startsWith(name, nameStart)) {
        const valueStart = skipOws(header, eq + 1, end);
        const value = header.slice(valueStart, backOws(header, valueStart, end));
        // A value within a third of the limit in UTF-16 units is within it in UTF-8 bytes: skip the count.
        if (value.length * 3 > limits.maxBytes && Buffer.byteLength(value) > limits.maxBytes) {
          result.oversized++;
        } else if (result.values.length >= limits.maxCandidates) {
          result.truncated = true;
          break;
        } else {
          result.values.push(value);
        }
      }
    }
    start = end + 1;
  }
  return result;
}

// RFC 6265 token: visible ASCII except separators.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Path and Domain values: visible ASCII without ';'.
const ATTRIBUTE_VALUE = /^[\x20-\x3a\x3c-\x7e]+$/;

/** True when `name` is a valid cookie name (RFC 6265 token; CK-08). */
export function isCookieName(name: string): boolean {
  return TOKEN.test(name);
}

/** True when a Path/Domain attribute value cannot break the header (CK-08). */
export function isAttributeValue(value: string): boolean {
  return ATTRIBUTE_VALUE.test(value) && value.length <= 1024;
}

/** Attributes of a Set-Cookie line. */
export type CookieAttributes = Omit<SerializeOptions, 'encode'>;

/**
 * Serializes one Set-Cookie value through the `cookie` package (value percent-encoded with
 * `encodeURIComponent`, as express-session does). Throws a TypeError for an invalid name or
 * attribute: callers validate options at construction, so this only fires on programming errors.
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  if (!isCookieName(name)) throw new TypeError(`invalid cookie name ${JSON.stringify(name)}`);
  return serialize(name, value, attributes);
}

/**
 * Decodes a raw cookie value the way express-session encodes it; `null` for percent-garbage
 * instead of the URIError `decodeURIComponent` throws (IN-04).
 */
export function decodeCookieValue(raw: string): string | null {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
