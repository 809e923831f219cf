import { serialize } from 'cookie';
import type { SerializeOptions } from 'cookie';
import { deprecate } from './warnings.js';

/** `sameSite` as express-session accepts it (`'auto'` is resolved when the session is created). */
export type SameSiteOption = boolean | 'lax' | 'strict' | 'none' | 'auto';

/** Options of the express-session `Cookie` (and of the `cookie` option of `session()`). */
export interface CookieOptions {
  /** Lifetime in ms from now; `null` gives a browser-session cookie. A `Date` is deprecated. @default null */
  maxAge?: number | Date | null;
  /** Absolute expiry; prefer `maxAge`. */
  expires?: Date | null;
  /** @default '/' */
  path?: string;
  /** @default true */
  httpOnly?: boolean;
  /** `'auto'`: Secure when the request that created the session was secure. @default undefined */
  secure?: boolean | 'auto';
  domain?: string;
  /** @default undefined (no SameSite attribute) */
  sameSite?: SameSiteOption;
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
  /** Restored from a stored session: the `maxAge` the session started with. */
  originalMaxAge?: number | null;
}

/** What `cookie.data` (and so `JSON.stringify(cookie)`) holds. */
export interface CookieData {
  originalMaxAge: number | null | undefined;
  partitioned: boolean | undefined;
  priority: CookieOptions['priority'];
  expires: Date | null | undefined;
  secure: boolean | 'auto' | undefined;
  httpOnly: boolean | undefined;
  domain: string | undefined;
  path: string | undefined;
  sameSite: SameSiteOption | undefined;
}

// Stored out of sight so `for…in` and JSON never see it (express-session keeps an own `_expires`).
const EXPIRES = Symbol('expires');

/**
 * express-session 1.19's `Cookie`: `path '/'`, `httpOnly true`, `maxAge null` by default;
 * `maxAge` is a view on `expires` (ms left), `originalMaxAge` the lifetime the session started
 * with, and `data` what is stored and serialized.
 *
 * @example
 * const cookie = new Cookie({ maxAge: 60_000 });
 * cookie.serialize('connect.sid', 's:abc.sig'); // 'connect.sid=s%3Aabc.sig; Path=/; Expires=…; HttpOnly'
 */
export class Cookie {
  declare [EXPIRES]: Date | null | undefined;
  path: string | undefined = '/';
  httpOnly: boolean | undefined = true;
  declare secure: boolean | 'auto' | undefined;
  declare domain: string | undefined;
  declare sameSite: SameSiteOption | undefined;
  declare partitioned: boolean | undefined;
  declare priority: CookieOptions['priority'];
  declare originalMaxAge: number | null | undefined;
  [key: string]: unknown;

  constructor(options?: CookieOptions | null) {
    Object.defineProperty(this, EXPIRES, { value: null, writable: true, enumerable: false });
    this.maxAge = null;
    if (options) {
      if (typeof options !== 'object') throw new TypeError('argument options must be a object');
      // `for…in` like upstream: options may come through a prototype chain; `data` is a getter here.
      for (const key in options) {
        if (key !== 'data') (this as Record<string, unknown>)[key] = (options as Record<string, unknown>)[key];
      }
    }
    if (this.originalMaxAge === undefined || this.originalMaxAge === null) this.originalMaxAge = this.maxAge;
  }

  /** Absolute expiry; setting it also records `originalMaxAge`. */
  get expires(): Date | null | undefined {
    return this[EXPIRES];
  }

  set expires(date: Date | null | undefined) {
    this[EXPIRES] = date;
    this.originalMaxAge = this.maxAge;
  }

  /** Milliseconds left (or `expires` as is when it is not a Date). */
  get maxAge(): number | null | undefined {
    const expires = this[EXPIRES];
    return expires instanceof Date ? expires.valueOf() - Date.now() : (expires as null | undefined);
  }

  set maxAge(ms: number | Date | null | undefined) {
    if (ms && typeof ms !== 'number' && !(ms instanceof Date)) throw new TypeError('maxAge must be a number or Date');
    if (ms instanceof Date) deprecate('maxAge as Date; pass number of milliseconds instead');
    this.expires = typeof ms === 'number' ? new Date(Date.now() + ms) : (ms as Date | null | undefined);
  }

  /** The attributes that are stored and serialized. */
  get data(): CookieData {
    return {
      originalMaxAge: this.originalMaxAge,
      partitioned: this.partitioned,
      priority: this.priority,
      expires: this[EXPIRES],
      secure: this.secure,
      httpOnly: this.httpOnly,
      domain: this.domain,
      path: this.path,
      sameSite: this.sameSite,
    };
  }

  /** A `Set-Cookie` value for `name=value` with this cookie's attributes (value URL-encoded). */
  serialize(name: string, value: string): string {
    return serializeSessionCookie(name, value, this.data);
  }

  toJSON(): CookieData {
    return this.data;
  }
}

/**
 * Serializes with express-session's rules: `Expires` only (never `Max-Age`), and
 * `'option expires is invalid'` for a bad date, the message its suite matches.
 */
export function serializeSessionCookie(name: string, value: string, data: CookieData): string {
  const { expires } = data;
  if (expires && !(expires instanceof Date && Number.isFinite(expires.valueOf()))) throw new TypeError('option expires is invalid');
  const options: SerializeOptions = {
    expires: expires ?? undefined,
    path: data.path,
    domain: data.domain,
    httpOnly: data.httpOnly,
    secure: data.secure === 'auto' ? true : data.secure,
    partitioned: data.partitioned,
    priority: data.priority,
    sameSite: data.sameSite === 'auto' ? 'none' : data.sameSite,
  };
  return serialize(name, value, options);
}
