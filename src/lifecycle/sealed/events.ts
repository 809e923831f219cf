/**
 * Events of sealed cookie sessions. Payloads carry reasons only, never cookie values (DET-02).
 * Listener exceptions are swallowed: observability must never turn a request into a 500.
 */
import type { SealRejectReason } from '../../crypto/seal.js';
import { EventBus, type TenantTag } from '../event-bus.js';
import { reportError } from '../settle.js';

/**
 * Why a presented cookie gave no session (expiry has its own event), or was suspicious:
 * `oversized` — a value beyond the size bound, dropped unread (IN-03, IN-04); `duplicate` — the
 * session name came more than once (IN-02; the first value that opens still wins);
 * `legacy_expired` — a verified legacy cookie after `legacy.until`.
 */
export type CookieSessionRejectReason =
  | Exclude<SealRejectReason, 'expired_idle' | 'expired_absolute'>
  | 'revoked'
  | 'oversized'
  | 'duplicate'
  | 'legacy_expired';

/**
 * The payload of events that carry nothing of their own: at most the tenant. An index signature
 * with no named field, so a listener typed for several events (`{ reason?: string }`) still fits.
 */
export interface TenantOnly {
  /** `tenant`: the request's tenant, on every event of a `cookieSession()` with a `tenant` option. */
  readonly [field: string]: string | undefined;
}

/** Event name → payload. With a `tenant` option each payload also names the tenant. */
export interface CookieSessionEvents {
  /** A new session's first seal went out (login, or first write). */
  created: TenantOnly;
  /** A session that came in was ended by this response (logout, `req.session = null`, emptied). */
  destroyed: TenantOnly;
  /** A cookie opened but its sealed deadline had passed (TO-01/TO-02). */
  expired: { reason: 'idle' | 'absolute' } & TenantTag;
  /** A cookie did not open or was revoked. */
  rejected: { reason: CookieSessionRejectReason } & TenantTag;
  /**
   * An error no caller received: a `req.session.save()`, `regenerate()` or `destroy()` that failed
   * while nobody awaited it, chained on it or passed a callback; or a `SessionValueError` for a key
   * of a stored session (an older seal, a legacy cookie) dropped for its reserved name. With no
   * `error` listener it is a process warning instead; never an unhandled rejection.
   */
  error: { error: Error } & TenantTag;
  /** A likely misconfiguration, reported once per middleware (else a process warning), as for `session()`. */
  warning: { code: string; message: string } & TenantTag;
}

/** Name of a {@link CookieSessionEvents} event. */
export type CookieSessionEventName = keyof CookieSessionEvents;

/** A listener of one event. */
export type CookieSessionListener<E extends CookieSessionEventName> = (payload: CookieSessionEvents[E]) => void;

/** Emits to the listeners of one event; what they throw stays with them. */
export type CookieSessionEmit = <E extends CookieSessionEventName>(event: E, payload: CookieSessionEvents[E]) => void;

/** The event bus of `cookieSession()`: the same typed emitter as `session()`'s. */
export class CookieSessionEventBus extends EventBus<CookieSessionEvents> {
  /** `emit`, except that an `error` nobody listens to becomes a process warning (as in `session()`). */
  readonly report: CookieSessionEmit = (event, payload) => {
    if (event !== 'error') return this.emit(event, payload);
    reportError(this, 'cookieSession', (payload as CookieSessionEvents['error']).error);
  };
}
