/**
 * What a session object can ask of the request it belongs to: the drop-in's middleware
 * implements it per request.
 */
export interface SessionOwner {
  /** Replaces `req.session` with a fresh, empty session (see {@link DropInCookieSession.regenerate}). */
  regenerate(): void;
  /** Same as `req.session = null`. */
  destroy(): void;
}

/** Per-session bookkeeping, kept in the non-enumerable `_ctx` like upstream. */
export interface SessionContext {
  isNew: boolean;
  /** The cookie value the session was decoded from (change detection compares against it). */
  original: string | undefined;
  /** Created by `regenerate()`: an empty result must clear the old cookie, not keep it. */
  regenerated: boolean;
  owner: SessionOwner;
}

type Callback = (err?: unknown) => void;

function later(cb: Callback | undefined): void {
  if (typeof cb === 'function') process.nextTick(cb);
}

/** base64 (standard alphabet, padded) of the JSON text: cookie-session's payload format. */
export function encodeSession(body: unknown): string {
  return Buffer.from(JSON.stringify(body)).toString('base64');
}

/** Inverse of {@link encodeSession}; throws on JSON it cannot parse (callers catch). */
export function decodeSession(value: string): unknown {
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
}

/** Methods the drop-in adds for Passport ≥ 0.6; not in cookie-session, so data may use their names. */
const PASSPORT_HELPERS: ReadonlySet<string> = new Set(['regenerate', 'save', 'destroy']);

/**
 * `req.session` of the cookie-session drop-in. Own enumerable properties are the data; the
 * flags and the Passport helpers live on the prototype, so `Object.keys`, `isPopulated` and
 * the encoded cookie are exactly the data. Data under a helper's name (`save`, …) is kept and
 * hides that helper on its session object, as an own property does.
 */
export class DropInCookieSession {
  declare readonly _ctx: SessionContext;
  [key: string]: unknown;

  constructor(ctx: SessionContext, data?: unknown) {
    Object.defineProperty(this, '_ctx', { value: ctx });
    if (data) {
      const source = data as Record<string, unknown>;
      // `in` walks the prototype: stored keys named like the flags or Object.prototype members
      // (`__proto__`, `constructor`) are skipped, as upstream does. The helpers are not upstream's:
      // data stored under their names comes back as it was written, and shadows the helper on
      // this session object only (cookie-session has none, so nothing worked there either).
      for (const key in source) {
        if (!(key in this) || PASSPORT_HELPERS.has(key)) this[key] = source[key];
      }
    }
  }

  /** `true` when the session is new or its encoded form differs from the request cookie. */
  get isChanged(): boolean {
    return this._ctx.isNew || this._ctx.original !== encodeSession(this);
  }

  /** `true` when there was no valid cookie, or the session was replaced in this request. */
  get isNew(): boolean {
    return this._ctx.isNew;
  }

  /** `true` when the session holds at least one key. */
  get isPopulated(): boolean {
    return Object.keys(this).length > 0;
  }

  /**
   * Not in cookie-session; added so Passport ≥ 0.6 works. Replaces `req.session` with a new,
   * empty session (Passport copies what it keeps). If it is still empty when the headers go
   * out, the old cookie is expired; otherwise the new data is written. Callback on next tick.
   */
  regenerate(callback?: Callback): this {
    this._ctx.owner.regenerate();
    later(callback);
    return this;
  }

  /** Not in cookie-session; a no-op kept for Passport: the cookie is written with the headers. */
  save(callback?: Callback): this {
    later(callback);
    return this;
  }

  /** Not in cookie-session; same as `req.session = null` (both cookies expire). */
  destroy(callback?: Callback): this {
    this._ctx.owner.destroy();
    later(callback);
    return this;
  }
}

/** A new session (`isNew`), optionally filled from `data`. */
export function createSession(owner: SessionOwner, data?: unknown, regenerated = false): DropInCookieSession {
  return new DropInCookieSession({ isNew: true, original: undefined, regenerated, owner }, data);
}

/** A session decoded from a cookie value; throws when the value is not JSON. */
export function deserializeSession(owner: SessionOwner, value: string): DropInCookieSession {
  const data = decodeSession(value);
  return new DropInCookieSession({ isNew: false, original: value, regenerated: false, owner }, data);
}
