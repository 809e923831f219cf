/**
 * The `req.session` object of sealed cookie sessions: a plain data object whose enumerable
 * keys are exactly what gets sealed (JSON.stringify(session) is the payload), with the
 * express-session style methods Passport ≥ 0.6 calls living on the prototype, non-enumerable.
 */
import { SessionValueError } from '../../errors.js';
import type { SessionData } from '../../types.js';
import { storableObjectJson } from '../storable.js';
import { settle as settleCall, type NodeCallback } from '../settle.js';
import { checkActivity, type SessionActivity } from '../activity.js';

/** What the session object asks of the request it belongs to. */
export interface SessionHost {
  /** Replaces `req.session` with a fresh empty session with a new absolute clock. */
  regenerate(): void;
  /** Logs out: `req.session` becomes null and the response clears the cookies. */
  destroy(): void;
  /** Tries the seal the response would carry now; the error it would raise, or null. */
  trySeal(): Error | null;
  /**
   * Receives a failure for the `error` event: every failing method (its callback or awaiter is
   * told too, lifecycle/settle.ts), or stored data dropped for its reserved name.
   */
  report(error: Error): void;
  /** Sets this request's activity (already checked). */
  setActivity(activity: SessionActivity): void;
}

/** Methods and flags of a cookie session; none of them is an enumerable key. */
export interface CookieSessionApi {
  /** True when no valid cookie came in, or the session was replaced or regenerated. */
  readonly isNew: boolean;
  /** True when the data differs from what came in (deep; compares the JSON). */
  readonly isChanged: boolean;
  /** True when the session holds at least one key. */
  readonly isPopulated: boolean;
  /** New empty session, new absolute deadline (call it at login). Callback style for Passport. */
  regenerate(callback?: (err?: unknown) => void): Promise<void>;
  /**
   * Checks now that the session fits in its cookie: rejects (or calls back) with
   * `CookieTooLargeError` instead of failing later. The cookie itself is written with the response.
   * A failure is also the middleware's `error` event (a process warning without a listener), so
   * a call neither awaited nor given a callback is never silent and never an unhandled rejection.
   */
  save(callback?: (err?: unknown) => void): Promise<void>;
  /** Same as `req.session = null`: the response clears the session cookies. */
  destroy(callback?: (err?: unknown) => void): Promise<void>;
  /**
   * Whether this request is the user's activity: `'passive'` neither extends the idle deadline
   * nor re-issues the cookie, `'rolling'` re-seals and extends now, `'active'` is the configured
   * behaviour. A value outside the three throws `SessionError` `ERR_SESSION_VALUE`.
   */
  setActivity(activity: SessionActivity): this;
}

/**
 * `req.session` in sealed cookie mode: your {@link SessionData} keys plus the non-enumerable API.
 * The keys are optional: a session starts empty, and a seal written by an older version of the
 * app may lack a key added since.
 */
export type CookieSession = Partial<SessionData> & Record<string, unknown> & CookieSessionApi;

/**
 * Names the session object keeps for itself, so data can never shadow the API (ST-08): writing
 * one throws `SessionValueError`, and one found in stored data (a seal from an older version, a
 * legacy cookie) is dropped and reported, so no value under these names is ever lost silently.
 */
export const RESERVED_SESSION_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'isNew',
  'isChanged',
  'isPopulated',
  'regenerate',
  'save',
  'destroy',
  'reload',
  'touch',
  'toJSON',
  'setActivity',
]);

const STATE = Symbol('satchel.cookieSession.state');

interface SessionState {
  host: SessionHost;
  isNew: boolean;
  /** JSON of the data as loaded; isChanged compares against it. */
  baseline: string;
}

// session()'s rule (lifecycle/settle.ts): the failure goes to the `error` event (or a warning), the
// callback and any awaiter alike, and is never an unhandled rejection.
function settle(host: SessionHost, callback: NodeCallback | undefined, error: Error | null): Promise<void> {
  return settleCall(error ? Promise.reject(error) : Promise.resolve(), callback, (e) => host.report(e));
}

class CookieSessionImpl {
  declare [STATE]: SessionState;

  get isNew(): boolean {
    return this[STATE].isNew;
  }

  get isChanged(): boolean {
    // The storable check throws SessionValueError for a BigInt, cycle, Map or Set, naming the key,
    // before anything is sealed (JSON would throw a bare TypeError or silently write {}).
    return changedFrom(this as unknown as CookieSession, storableObjectJson(this));
  }

  get isPopulated(): boolean {
    return Object.keys(this).length > 0;
  }

  regenerate(callback?: (err?: unknown) => void): Promise<void> {
    this[STATE].host.regenerate();
    return settle(this[STATE].host, callback, null);
  }

  save(callback?: (err?: unknown) => void): Promise<void> {
    return settle(this[STATE].host, callback, this[STATE].host.trySeal());
  }

  destroy(callback?: (err?: unknown) => void): Promise<void> {
    this[STATE].host.destroy();
    return settle(this[STATE].host, callback, null);
  }

  setActivity(activity: SessionActivity): this {
    this[STATE].host.setActivity(checkActivity(activity, 'setActivity(activity)'));
    return this;
  }
}

/** Data under a name `req.session` needs for itself. */
class ReservedKeyError extends SessionValueError {
  constructor(key: string, message: string) {
    super(key, '', 'a reserved name');
    this.message = message;
  }
}

function reservedWrite(key: string): ReservedKeyError {
  return new ReservedKeyError(
    key,
    `session key "${key}" is a name req.session keeps for its own API (its methods, flags and Object.prototype members); store the value under another name`,
  );
}

// Every reserved name becomes a non-enumerable accessor on the prototype: reads give what they
// gave before (the method, the flag, undefined), and a write throws in strict and sloppy code
// alike, where a plain assignment would have created a key the next load drops.
for (const key of RESERVED_SESSION_KEYS) {
  const proto = CookieSessionImpl.prototype;
  const own = Object.getOwnPropertyDescriptor(proto, key);
  const value: unknown = own?.value;
  const get =
    own?.get ??
    (key === '__proto__'
      ? function (this: object) {
          return Object.getPrototypeOf(this) as unknown;
        }
      : () => value);
  Object.defineProperty(proto, key, {
    configurable: true,
    enumerable: false,
    get,
    set() {
      throw reservedWrite(key);
    },
  });
}

/**
 * Builds a session holding `data`, copied key by key. Reserved names throw for data the app
 * hands over (`req.session = {…}`); in `stored` data (a seal, a legacy cookie) they are dropped,
 * reported through the host, and the session counts as changed so the next seal goes without them.
 */
export function createCookieSession(
  host: SessionHost,
  data: Record<string, unknown> | null,
  isNew: boolean,
  stored = false,
): CookieSession {
  const session = Object.create(CookieSessionImpl.prototype) as CookieSessionImpl & Record<string, unknown>;
  let dropped = false;
  if (data) {
    for (const key of Object.keys(data)) {
      if (RESERVED_SESSION_KEYS.has(key)) {
        if (!stored) throw reservedWrite(key);
        dropped = true;
        host.report(new ReservedKeyError(key, `session key "${key}" in a stored session is a name req.session keeps for its own API; it was dropped`));
        continue;
      }
      // Assignment makes the same own, enumerable, writable data property as defineProperty, faster:
      // every accessor of the prototype is a reserved name, skipped above. Object.prototype's own
      // names still go through defineProperty (a frozen Object.prototype would refuse assignment).
      if (key in Object.prototype) Object.defineProperty(session, key, { value: data[key], enumerable: true, writable: true, configurable: true });
      else session[key] = data[key];
    }
  }
  Object.defineProperty(session, STATE, {
    // `data` holds exactly the session's keys, in order, when none was dropped: the same JSON, without
    // JSON.stringify asking the session's prototype accessors for a toJSON.
    value: { host, isNew, baseline: dropped ? '' : data ? JSON.stringify(data) : '{}' },
    enumerable: false,
  });
  return session as unknown as CookieSession;
}

/**
 * Whether a session with this JSON (its {@link storableObjectJson}) differs from what came in:
 * the commit serializes once and uses the text both for this check and for the seal.
 */
export function changedFrom(session: CookieSession, json: string): boolean {
  const state = (session as unknown as CookieSessionImpl)[STATE];
  return state.isNew || json !== state.baseline;
}

/** True for objects made by {@link createCookieSession}. */
export function isCookieSession(value: unknown): value is CookieSession {
  return value instanceof CookieSessionImpl;
}

/** Whether a session was replaced/created in this request (for the `created` event). */
export function sessionIsNew(session: CookieSession): boolean {
  return (session as unknown as CookieSessionImpl)[STATE].isNew;
}
