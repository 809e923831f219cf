import type { JsonObject, SessionInfo } from '../../types.js';
import { SessionError } from '../../errors.js';
import { CSRF_SECRET_KEY } from '../../data.js';
import type { RequestLifecycle } from './request-lifecycle.js';
import { SessionCookie } from './session-cookie.js';
import { MAX_COOKIE_AGE_MS } from '../../http/cookie-policy.js';
import { attempt, reportError, settle } from '../settle.js';
import type { NodeCallback } from '../settle.js';
import { checkActivity, type SessionActivity } from '../activity.js';

type Callback = NodeCallback;

/** Options of `regenerate()` and `login()`. */
export interface RegenerateOptions {
  /**
   * Top-level keys carried into the new session; everything else is dropped (LC-03). `csrfSecret`
   * never is: a new session gets new CSRF tokens.
   */
  keep?: string[];
}

/** One of the user's sessions, as listed by `listUserSessions()`. */
export interface UserSessionInfo extends SessionInfo {
  /** True for the session of this request. */
  current: boolean;
}

// Where a Session keeps its lifecycle: a symbol, so `JSON.stringify(req.session)` stays the data.
export const CONTEXT = Symbol('satchel.session.context');

function destroyedError(): SessionError {
  return new SessionError('ERR_SESSION_DESTROYED', 'this session was destroyed or regenerated; use req.session for the current one');
}

/**
 * `req.session`: the data as enumerable keys, `cookie` like express-session, `id` and the
 * methods non-enumerable. `save`/`reload`/`regenerate`/`destroy`/`touch` return a promise and
 * also accept a node callback; the per-user helpers return promises.
 *
 * @example
 * req.session.skills.push('Baking');        // nested changes persist
 * await req.session.login(user.id, { keep: ['cart'] });
 * req.session.regenerate(err => next(err)); // callback style works too
 */
export class Session {
  declare readonly id: string;
  declare cookie: SessionCookie;
  declare private readonly [CONTEXT]: RequestLifecycle;
  [key: string]: unknown;

  constructor(context: RequestLifecycle, data: JsonObject | null) {
    Object.defineProperty(this, CONTEXT, { value: context });
    Object.defineProperty(this, 'id', { value: context.state.id, enumerable: false });
    const storedMaxAge = context.state.isNew ? context.settings.maxAge : context.state.cookieMaxAge;
    // A new session starts from the configured lifetime, which is not a change by itself (LC-06).
    if (context.state.isNew) context.state.cookieMaxAge = storedMaxAge;
    this.cookie = new SessionCookie(context.settings, storedMaxAge, context.engine.options.now);
    if (data) {
      for (const key of Object.keys(data)) {
        // Stored keys named like methods or `id` must not shadow them (express-session does the same).
        if (key === 'cookie' || key === 'id' || key in Session.prototype) continue;
        // Assignment makes the same own data property, faster; only `__proto__` would hit an accessor.
        if (key === '__proto__') Object.defineProperty(this, key, { value: data[key], enumerable: true, writable: true, configurable: true });
        else this[key] = data[key];
      }
    }
  }

  private live(): RequestLifecycle {
    const context = this[CONTEXT];
    if (context.state.id !== this.id || context.state.destroyed) throw destroyedError();
    return context;
  }

  // Every method's promise goes through here (cookieSession() follows the same rule, lifecycle/settle.ts):
  // un-awaited calls are common in Express code, so no failure may end the process or go unseen.
  private settled<T>(run: Promise<T>, callback?: NodeCallback<T>): Promise<T> {
    const { events } = this[CONTEXT].engine;
    return settle(run, callback, (error) => reportError(events, 'session', error));
  }

  /** Saves now (normally automatic before the response is sent). */
  save(callback?: Callback): Promise<void> {
    return this.settled(
      attempt(() => {
        const context = this.live();
        return context.queue(async () => {
          const refusal = context.saveRefusal(this);
          if (refusal) throw refusal;
          const result = await context.engine.commit(context.state, this, cookieMaxAgeOf(this));
          if (result.setCookie) context.wantCookie = true;
        });
      }),
      callback,
    );
  }

  /** Re-reads the data from the store into this object. Rejects when the session is gone. */
  reload(callback?: Callback): Promise<void> {
    return this.settled(
      attempt(async () => {
        const context = this.live();
        const record = await context.engine.reload(context.state);
        if (!record) throw new SessionError('ERR_SESSION_DESTROYED', 'failed to load session');
        for (const key of Object.keys(this)) if (key !== 'cookie') delete this[key];
        for (const key of Object.keys(record.data)) {
          if (key === 'cookie' || key === 'id' || key in Session.prototype) continue;
          Object.defineProperty(this, key, { value: record.data[key], enumerable: true, writable: true, configurable: true });
        }
      }),
      callback,
    );
  }

  /**
   * New id, old record destroyed (LC-01); only the `keep` keys carry over (LC-03). `req.session`
   * is the new session at once; the promise settles when the old record is gone.
   */
  regenerate(options?: RegenerateOptions | Callback, callback?: Callback): Promise<void> {
    const opts = typeof options === 'function' ? {} : (options ?? {});
    const cb = typeof options === 'function' ? options : callback;
    return this.settled(
      attempt(() => this.rotate(opts.keep ?? []).done),
      cb,
    );
  }

  private rotate(keep: string[]): { context: RequestLifecycle; done: Promise<void> } {
    const context = this.live();
    const carried: JsonObject = {};
    for (const key of keep) if (Object.hasOwn(this, key) && key !== 'cookie' && key !== CSRF_SECRET_KEY) carried[key] = this[key];
    const data = toData(carried);
    const rotation = context.engine.regenerate(context.state, context.req);
    context.state = rotation.state;
    const next = new Session(context, data);
    next.cookie.maxAge = cookieMaxAgeOf(this);
    context.install(next);
    // Handled at once: the deletion may fail before the queue reaches it.
    rotation.done.catch(() => {});
    return { context, done: context.queue(() => rotation.done) };
  }

  /**
   * Deletes the record (TM-01); the response clears the cookie (TM-02) and `req.session` becomes
   * a fresh empty session at once, so `req.session.destroy(); res.redirect('/')` logs out even
   * without waiting. The promise settles when the record is gone; a failure is an `error` event.
   */
  destroy(callback?: Callback): Promise<void> {
    return this.settled(
      attempt(() => this.end()),
      callback,
    );
  }

  private end(): Promise<void> {
    const context = this.live();
    const old = context.state;
    context.replaceWithFresh();
    // The browser holds this session's cookie only if it was ever stored.
    if (!old.isNew) context.presented = true;
    return context.queue(() => context.engine.destroy(old));
  }

  private async signOut(): Promise<void> {
    const context = this.live();
    const userId = context.state.userId;
    const session = context.engine.hash(context.state.id);
    await this.end();
    context.engine.events.emit('logout', { session, userId });
  }

  /**
   * Whether this request is the user's activity (README, "Per-route activity"): `'passive'`
   * reads without extending the idle deadline or re-issuing the cookie (polling, health checks),
   * `'rolling'` re-issues and extends now, `'active'` is the configured behaviour. The last call
   * wins; a value outside the three throws `SessionError` `ERR_SESSION_VALUE`.
   */
  setActivity(activity: SessionActivity): this {
    const context = this.live();
    context.state.activity = checkActivity(activity, 'setActivity(activity)');
    return this;
  }

  /** Marks the session as active: its idle deadline moves at the next commit (throttled by `touchAfter`). */
  touch(callback?: Callback): Promise<void> {
    return this.settled(
      attempt(async () => {
        const context = this.live();
        // An explicit touch is activity, whatever the route said before.
        if (context.state.activity === 'passive') context.state.activity = 'active';
        context.state.lastSeenAt = Number.NEGATIVE_INFINITY;
        const maxAge = cookieMaxAgeOf(this);
        if (maxAge !== null && this.cookie instanceof SessionCookie) this.cookie.maxAge = maxAge;
      }),
      callback,
    );
  }

  /**
   * Binds the session to a user under a new id (LC-02, fixation defence); `keep` lists the
   * keys carried over from the anonymous session.
   */
  login(userId: string, options: RegenerateOptions = {}): Promise<void> {
    return this.settled(
      attempt(() => {
        if (typeof userId !== 'string' || userId.length === 0) throw new SessionError('ERR_SESSION_VALUE', 'login(userId) needs a non-empty string user id');
        const { context, done } = this.rotate(options.keep ?? []);
        context.state.userId = userId;
        context.state.userIdChanged = true;
        return done.then(() => context.engine.events.emit('login', { session: context.engine.hash(context.state.id), userId }));
      }),
    );
  }

  /** Ends the session: record destroyed, cookie cleared, `req.session` a fresh anonymous session. */
  logout(): Promise<void> {
    return this.settled(attempt(() => this.signOut()));
  }

  /** The logged-in user's live sessions (metadata only), with the current one marked. */
  listUserSessions(): Promise<UserSessionInfo[]> {
    return this.settled(
      attempt(async () => {
        const context = this.live();
        if (context.state.userId === null) return [];
        const list = await context.engine.listUserSessions(context.state.userId);
        return list.map((info) => ({ ...info, current: info.key === context.state.key }));
      }),
    );
  }

  /** Destroys the user's other sessions ("log out other devices"); resolves to how many. */
  destroyOtherSessions(): Promise<number> {
    return this.settled(
      attempt(async () => {
        const context = this.live();
        if (context.state.userId === null) return 0;
        return context.engine.destroyUserSessions(context.state.userId, { exceptKey: context.state.key });
      }),
    );
  }

  /**
   * Ends one of the user's sessions ("sign out this device") by the `key` that
   * `listUserSessions()` gave; resolves to false when the user has no such session. Passing the
   * current session's key is the same as `logout()`.
   */
  destroyUserSession(key: string): Promise<boolean> {
    return this.settled(
      attempt(async () => {
        const context = this.live();
        if (typeof key !== 'string' || key.length === 0) throw new SessionError('ERR_SESSION_VALUE', 'destroyUserSession(key) needs the key listUserSessions() gave');
        if (key === context.state.key) {
          await this.signOut();
          return true;
        }
        if (context.state.userId === null) return false;
        return context.engine.destroyUserSession(context.state.userId, key);
      }),
    );
  }
}

/** `cookie.originalMaxAge` as the engine needs it, whatever the app assigned to `cookie`. */
export function cookieMaxAgeOf(session: Session): number | null {
  const value = (session.cookie as { originalMaxAge?: unknown } | undefined)?.originalMaxAge;
  // Capped here too: the app may replace `cookie` with a plain object the setter never saw (CK-09).
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, MAX_COOKIE_AGE_MS) : null;
}

/** The session's data exactly as stored: its JSON. */
export function toData(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

/** The lifecycle of a `Session` of this module, or undefined for any other value. */
export function lifecycleOf(value: unknown): RequestLifecycle | undefined {
  return value instanceof Session ? (value as unknown as Record<symbol, RequestLifecycle>)[CONTEXT] : undefined;
}
