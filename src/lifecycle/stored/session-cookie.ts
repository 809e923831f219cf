import { MAX_COOKIE_AGE_MS } from '../../http/cookie-policy.js';
import type { CookieSettings } from './cookie-settings.js';

/**
 * `req.session.cookie`, with express-session's meaning: `originalMaxAge` is the configured
 * lifetime in ms (null for a browser-session cookie), `maxAge` the ms remaining, `expires` the
 * Date it ends. Setting `maxAge` ("remember me") changes `originalMaxAge` too and makes satchel
 * send a new cookie and keep the session server-side at least that long — capped at 400 days
 * (34,560,000 s, CK-09), like the configured `cookie.maxAge`.
 */
export class SessionCookie {
  originalMaxAge: number | null;
  path: string;
  domain: string | undefined;
  httpOnly: boolean;
  secure: boolean;
  sameSite: CookieSettings['sameSite'];
  // Private fields: invisible to JSON, for…in and Object.keys like the non-enumerable properties
  // they replace, without a defineProperty per request.
  #expires: Date | null;
  readonly #now: () => number;

  constructor(settings: CookieSettings, originalMaxAge: number | null, now: () => number) {
    this.#now = now;
    this.originalMaxAge = originalMaxAge;
    this.#expires = originalMaxAge === null ? null : new Date(now() + originalMaxAge);
    this.path = settings.path;
    this.domain = settings.domain;
    this.httpOnly = settings.httpOnly;
    this.secure = settings.secure;
    this.sameSite = settings.sameSite;
  }

  /** When the cookie ends, or null for a browser-session cookie. */
  get expires(): Date | null {
    return this.#expires;
  }

  set expires(date: Date | null) {
    this.#expires = date;
    // Same 400-day cap as the maxAge setter (CK-09).
    if (date !== null && date.getTime() - this.#now() > MAX_COOKIE_AGE_MS) this.#expires = new Date(this.#now() + MAX_COOKIE_AGE_MS);
    this.originalMaxAge = this.maxAge;
  }

  /** Milliseconds remaining, or null for a browser-session cookie. */
  get maxAge(): number | null {
    return this.#expires === null ? null : this.#expires.getTime() - this.#now();
  }

  set maxAge(ms: number | null) {
    if (ms !== null && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)) {
      throw new TypeError('maxAge must be null or a non-negative number of milliseconds');
    }
    // A runtime "remember me" gets the same 400-day cap as the configured lifetime (CK-09,
    // RFC 6265bis): browsers keep no cookie longer, so neither does the server-side deadline.
    const capped = ms === null ? null : Math.min(ms, MAX_COOKIE_AGE_MS);
    this.#expires = capped === null ? null : new Date(this.#now() + capped);
    this.originalMaxAge = capped;
  }

  /** What is stored with the session. */
  toJSON(): Record<string, unknown> {
    return {
      originalMaxAge: this.originalMaxAge,
      expires: this.#expires ? this.#expires.toISOString() : null,
      secure: this.secure,
      httpOnly: this.httpOnly,
      domain: this.domain,
      path: this.path,
      sameSite: this.sameSite,
    };
  }
}
