/**
 * One request's sealed session: owns `req.session`, decides whether the response must carry a
 * new seal (change, stale key, legacy upgrade, rolling/touch), and produces the Set-Cookie
 * values, clearing stale chunks and rejected cookies on the way (ST-10, TM-02).
 */
import { storableObjectJson } from '../storable.js';
import { SessionError, SessionOptionsError } from '../../errors.js';
import type { TimeoutsOption } from '../timeouts.js';
import type { SealTimes } from '../../crypto/seal.js';
import { sealCookies } from './chunks.js';
import { clearingCookie, type SealedCookieAttributes } from './cookie-io.js';
import type { CookieSessionEmit } from './events.js';
import { checkRequestCookie, plainHttpRefusal } from './request-cookie.js';
import type { CookieSessionCookieOptions, ResolvedCookieSessionOptions } from './options.js';
import { UNKNOWN_CREATION } from './legacy.js';
import { requestTimeouts } from './timeouts.js';
import { changedFrom, createCookieSession, type CookieSession, type SessionHost } from './session.js';
import { NO_LINES } from '../request-handle.js';
import type { SessionActivity } from '../activity.js';
import type { Outcome, RequestHandle } from '../request-handle.js';

/** Per-request settings `req.sessionOptions` exposes; read through its prototype chain. */
export interface CookieSessionRequestOptions extends CookieSessionCookieOptions {
  /** Unset unless the app sets it for this response: a preset or `{ idle, absolute }`, winning over the older names. */
  timeouts?: TimeoutsOption | undefined;
  idleTimeout: number;
  absoluteTimeout: number;
  rolling: boolean;
}

/** Transport facts the adapter supplies. */
export interface SealedRequestInfo {
  /** Raw Cookie header. */
  cookieHeader: string | undefined;
  /** The request arrived over HTTPS (after trust-proxy rules). */
  secure: boolean;
  /** The request is for a loopback host name (localhost development over plain HTTP). */
  localhost: boolean;
}

/** What loading found in the request. */
export interface Loaded {
  data: Record<string, unknown> | null;
  createdAt: number | null;
  /** The deadline the session came with; it stands when its creation time is unknown. */
  absoluteExpiresAt: number | null;
  issuedAt: number | null;
  /** The idle deadline the seal came with: a passive request's re-seal keeps it. */
  idleExpiresAt?: number | null;
  stale: boolean;
  /** The data came from the legacy decoder: re-seal it now. */
  legacy: boolean;
  /** A verified legacy cookie came in (accepted or refused): the response clears the legacy names. */
  clearLegacy: boolean;
  /** Names that carried the accepted seal: left alone when nothing changes. */
  usedNames: string[];
  /** Every session-related cookie name the request sent. */
  presentNames: string[];
}

/** One request's sealed session: owns `req.session` and produces the response cookies. */
export class SealedRequest implements SessionHost, RequestHandle {
  /** A response carrying a sealed session is never for a shared cache. */
  readonly cacheControl = true;
  /** The seal is made when the headers go out, and may not fit its cookie. */
  readonly headerCookiesMayFail = true;
  /** Per-request overrides; `Object.create` of the configured values (cookie-session style). */
  readonly options: CookieSessionRequestOptions;
  private current: CookieSession | null;
  private createdAt: number | null;
  /** Set while the session's creation time is unknown (see UNKNOWN_CREATION). */
  private fixedAbsolute: number | null;
  private destroyed = false;
  private reported: Error | null = null;
  private committed = false;
  private readonly hadSession: boolean;
  /** This request's activity (lifecycle/activity.ts); undefined is 'active'. */
  activity: SessionActivity | undefined = undefined;

  constructor(
    private readonly config: ResolvedCookieSessionOptions,
    private readonly info: SealedRequestInfo & { name: string; secureAttr: boolean; writable: boolean },
    private readonly loaded: Loaded,
    baseOptions: CookieSessionRequestOptions,
    private readonly emit: CookieSessionEmit,
  ) {
    this.options = Object.create(baseOptions) as CookieSessionRequestOptions;
    this.createdAt = loaded.createdAt;
    this.fixedAbsolute = loaded.createdAt === UNKNOWN_CREATION ? loaded.absoluteExpiresAt : null;
    this.hadSession = loaded.data !== null;
    this.current = createCookieSession(this, loaded.data, loaded.data === null || loaded.legacy, true);
  }

  /** The session, or null after logout. */
  get session(): CookieSession | null {
    return this.current;
  }

  /** `req.session = value`: null/undefined logs out, an object starts a new session with that data. */
  set session(value: unknown) {
    if (value === null || value === undefined) {
      this.destroy();
      return;
    }
    if (typeof value !== 'object') throw new TypeError('req.session can only be set as null or an object');
    if (value === this.current) return;
    this.current = createCookieSession(this, { ...(value as Record<string, unknown>) }, true);
    this.createdAt = null;
    this.fixedAbsolute = null;
    this.destroyed = false;
  }

  regenerate(): void {
    this.current = createCookieSession(this, null, true);
    this.createdAt = null;
    this.fixedAbsolute = null;
    this.destroyed = false;
  }

  destroy(): void {
    this.current = null;
    this.destroyed = true;
  }

  trySeal(): Error | null {
    if (this.committed) {
      // T38: the cookies already went out; a silent success would lose the change.
      return new SessionError('ERR_SESSION_HEADERS_SENT', 'session.save() after the response headers were sent: the change cannot reach the cookie');
    }
    try {
      this.cookies(this.config.now(), true);
      this.reported = null;
      return null;
    } catch (error) {
      this.reported = error as Error;
      return error as Error;
    }
  }

  setActivity(activity: SessionActivity): void {
    this.activity = activity;
  }

  report(error: Error): void {
    this.emit('error', { error });
  }

  /**
   * The response's cookies, once: the seal is made when the headers go out (the first body call
   * or `writeHead`), nothing is stored, so the commit has nothing left to add. An error the app
   * already received from `save()` is not raised a second time (the error page it renders must
   * not fail on the same seal); the session cookie is then left as it was.
   */
  headerCookies(): string[] {
    if (this.committed) return NO_LINES;
    this.committed = true;
    try {
      return this.cookies(this.config.now());
    } catch (error) {
      if (this.reported && (error as Error).name === this.reported.name) return NO_LINES;
      throw error;
    }
  }

  commit(): Outcome {
    return { setCookie: this.headerCookies(), cacheControl: true };
  }

  /** Nothing to fall back to: a seal that cannot be made fails the response. */
  failed(): boolean {
    return false;
  }

  /**
   * The Set-Cookie values for this response. Throws `CookieTooLargeError` (CK-07) or
   * `SessionCookieError` (a write on plain HTTP outside localhost, a cookie the policy refuses);
   * both are for `next(err)`.
   */
  private cookies(now: number, dryRun = false): string[] {
    const o = this.options;
    const attrs: SealedCookieAttributes = {
      path: o.path ?? '/',
      domain: o.domain,
      secure: typeof o.secure === 'boolean' ? o.secure : this.info.secureAttr,
      httpOnly: o.httpOnly ?? true,
      sameSite: o.sameSite ?? 'lax',
      partitioned: o.partitioned ?? false,
      priority: o.priority,
    };
    const name = this.info.name;
    const out: string[] = [];
    // Names whose cookie this response leaves in place or sets: never cleared.
    let keep: readonly string[] = NO_LINES;
    const session = this.current;
    let created = false;

    if (session && session.isPopulated && !this.destroyed) {
      const isNew = this.createdAt === null;
      // One serialization serves the change check and the seal; it also refuses (SessionValueError,
      // naming the key) what JSON cannot carry: a BigInt, a cycle, a Map or Set.
      const json = storableObjectJson(session);
      const activity = this.activity;
      // A passive request re-seals only what it must (a change, a stale key, a legacy upgrade).
      const due =
        isNew ||
        changedFrom(session, json) ||
        this.loaded.stale ||
        this.loaded.legacy ||
        (activity !== 'passive' &&
          (o.rolling || activity === 'rolling' || (this.loaded.issuedAt !== null && now - this.loaded.issuedAt >= this.config.touchAfter)));
      if (!due) {
        keep = this.loaded.usedNames;
      } else {
        if (!this.info.writable) throw plainHttpRefusal();
        const createdAt = this.createdAt ?? now;
        const { idle, absolute } = this.timeouts(o);
        const absoluteExpiresAt = this.fixedAbsolute ?? createdAt + absolute;
        // Passive: the seal keeps the idle deadline it came with, so its cookie's Max-Age does not grow either.
        const kept = activity === 'passive' && !isNew ? this.loaded.idleExpiresAt : null;
        const times: SealTimes = { createdAt, absoluteExpiresAt, idleExpiresAt: Math.min(kept ?? now + idle, absoluteExpiresAt) };
        const lifetime = Math.floor((times.idleExpiresAt - now) / 1000);
        if (lifetime > 0) {
          const sealAttrs: SealedCookieAttributes =
            o.persistent === false
              ? attrs
              : {
                  path: attrs.path,
                  domain: attrs.domain,
                  secure: attrs.secure,
                  httpOnly: attrs.httpOnly,
                  sameSite: attrs.sameSite,
                  partitioned: attrs.partitioned,
                  priority: attrs.priority,
                  maxAge: lifetime,
                  expires: new Date(now + lifetime * 1000),
                };
          keep = sealCookies(this.config, json, name, times, now, sealAttrs, out, dryRun ? null : this.config.cookieWritten);
          // An upgraded legacy session gets its first seal here, as a new one would.
          created = isNew || this.loaded.legacy;
        }
      }
    }
    this.clearing(name, attrs, keep, out);

    // req.sessionOptions are app input: whatever goes out passes the startup cookie policy.
    // (req.sessionOptions starts as an empty object over the configured options: an own key is an app change.)
    if (out.length > 0) checkRequestCookie(attrs, name, Object.keys(this.options).length > 0, this.config, this.info);
    if (!dryRun) {
      if (created) this.emit('created', {});
      if (this.hadSession && keep.length === 0) this.emit('destroyed', {});
    }
    return out;
  }

  /** Appends the lines deleting every session cookie the request sent (or logout names) that `keep` does not cover. */
  private clearing(name: string, attrs: SealedCookieAttributes, keep: readonly string[], out: string[]): void {
    const present = this.loaded.presentNames;
    if (this.destroyed || this.loaded.clearLegacy) {
      const clear = new Set(present);
      if (this.destroyed) clear.add(name);
      for (const legacyName of this.config.legacy?.clear ?? []) clear.add(legacyName);
      for (const cookieName of clear) if (!keep.includes(cookieName)) out.push(clearingCookie(cookieName, attrs));
      return;
    }
    // The names the engine found are distinct already: no set needed to drop repeats.
    for (const cookieName of present) if (!keep.includes(cookieName)) out.push(clearingCookie(cookieName, attrs));
  }

  /** The timeouts this response seals with; the configured ones unless `req.sessionOptions` changed them. */
  private timeouts(o: CookieSessionRequestOptions): { idle: number; absolute: number } {
    const configured = this.config;
    // What requestTimeouts answers for untouched options, without building its fallbacks.
    if (o.timeouts === undefined && o.idleTimeout === configured.idleTimeout && o.absoluteTimeout === configured.absoluteTimeout) {
      return { idle: Math.min(configured.idleTimeout, configured.absoluteTimeout), absolute: configured.absoluteTimeout };
    }
    return requestTimeouts(o, { idle: configured.idleTimeout, absolute: configured.absoluteTimeout });
  }

}
