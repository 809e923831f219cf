import type { CookieSettings } from '../core/cookie-settings.js';

/**
 * `req.session.cookie`, with express-session's meaning: `originalMaxAge` is the configured
 * lifetime in ms (null for a browser-session cookie), `maxAge` the ms remaining, `expires` the
 * Date it ends. Setting `maxAge` ("remember me") changes `originalMaxAge` too and makes satchel
 * send a new cookie and keep the session server-side at least that long.
 */
export class SessionCookie {
  originalMaxAge: number | null;
  path: string;
  domain: string | undefined;
  httpOnly: boolean;
  secure: boolean;
  sameSite: CookieSettings['sameSite'];
  private declare _expires: Date | null;

  constructor(settings: CookieSettings, originalMaxAge: number | null, now: () => number) {
    Object.defineProperty(this, 'now', { value: now, enumerable: false });
    Object.defineProperty(this, '_expires', { value: null, writable: true, enumerable: false });
    this.originalMaxAge = originalMaxAge;
    this._expires = originalMaxAge === null ? null : new Date(now() + originalMaxAge);
    this.path = settings.path;
    this.domain = settings.domain;
    this.httpOnly = settings.httpOnly;
    this.secure = settings.secure;
    this.sameSite = settings.sameSite;
  }

  private declare readonly now: () => number;

  /** When the cookie ends, or null for a browser-session cookie. */
  get expires(): Date | null {
    return this._expires;
  }

  set expires(date: Date | null) {
    this._expires = date;
    this.originalMaxAge = this.maxAge;
  }

  /** Milliseconds remaining, or null for a browser-session cookie. */
  get maxAge(): number | null {
    return this._expires === null ? null : this._expires.getTime() - this.now();
  }

  set maxAge(ms: number | null) {
    if (ms !== null && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)) {
      throw new TypeError('maxAge must be null or a non-negative number of milliseconds');
    }
    this._expires = ms === null ? null : new Date(this.now() + ms);
    this.originalMaxAge = ms;
  }

  /** What is stored with the session. */
  toJSON(): Record<string, unknown> {
    return {
      originalMaxAge: this.originalMaxAge,
      expires: this._expires ? this._expires.toISOString() : null,
      secure: this.secure,
      httpOnly: this.httpOnly,
      domain: this.domain,
      path: this.path,
      sameSite: this.sameSite,
    };
  }
}
