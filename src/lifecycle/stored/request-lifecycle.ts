/**
 * One request of `session()`, framework-free: the edge hands in what it read from the request,
 * asks for the Set-Cookie lines when the headers go out and for the commit at the end, and
 * writes what it is told. Every decision (save or not, which cookie, refusals) is made here, so
 * an edge for another framework only moves headers.
 */
import { SessionCookieError, SessionError, SessionStoreError } from '../../errors.js';
import type { CookieSettings } from './cookie-settings.js';
import { NO_COOKIE, SET_COOKIE } from './engine.js';
import type { CommitResult, LoadResult, SessionEngine } from './engine.js';
import type { SessionState } from './state.js';
import { Session, cookieMaxAgeOf, lifecycleOf } from './session.js';
import { cookieRefusal, responseCookie } from './response-cookie.js';
import { sessionSetCookie } from './set-cookie.js';
import { NO_LINES, NOTHING, NOTHING_NO_STORE } from '../request-handle.js';
import type { Outcome, RequestHandle } from '../request-handle.js';

export type { Outcome } from '../request-handle.js';

/**
 * What a lifecycle asks of its framework: one object per middleware, so a request costs no
 * closures; every method gets the request.
 */
export interface SessionEdge<Req> {
  /** The request's session property as the app left it (`req.session`). */
  session(req: Req): unknown;
  /** Makes `session` the request's session (`req.session`, `req.sessionID`): at start, after regenerate and destroy. */
  install(req: Req, session: Session): void;
  /** The request is for a loopback host, where browsers keep Secure cookies over plain HTTP. */
  isLoopback(req: Req): boolean;
  /** The response goes out over plain HTTP: the framework may warn about a forwarded HTTPS it did not trust. */
  plainHttp(req: Req): void;
}

/** What the edge read from the request before the session exists. */
export interface RequestFacts {
  settings: CookieSettings;
  cookieHeader: string | undefined;
  userAgent: string | null;
}


/**
 * Loads the session and installs `req.session`. Synchronous when the store reads synchronously
 * (the request goes on in the same tick); throws or rejects with the load failure unless
 * `onStoreError: 'anonymous'` turns it into a fresh session.
 */
export function openLifecycle<Req>(engine: SessionEngine<Req>, edge: SessionEdge<Req>, req: Req, facts: RequestFacts): RequestLifecycle<Req> | Promise<RequestLifecycle<Req>> {
  let loaded: LoadResult | Promise<LoadResult>;
  try {
    loaded = engine.load(req, facts.cookieHeader, facts.settings.name, facts.userAgent);
  } catch (error) {
    return begin(engine, edge, req, facts.settings, loadFailed(engine, req, facts.userAgent, error));
  }
  if (!(loaded instanceof Promise)) return begin(engine, edge, req, facts.settings, loaded);
  return loaded.then(
    (result) => begin(engine, edge, req, facts.settings, result),
    (error: unknown) => begin(engine, edge, req, facts.settings, loadFailed(engine, req, facts.userAgent, error)),
  );
}

function begin<Req>(engine: SessionEngine<Req>, edge: SessionEdge<Req>, req: Req, settings: CookieSettings, loaded: LoadResult): RequestLifecycle<Req> {
  const lifecycle = new RequestLifecycle(engine, edge, req, settings, loaded.state, loaded.presented);
  lifecycle.install(new Session(lifecycle, loaded.data));
  return lifecycle;
}

function loadFailed<Req>(engine: SessionEngine<Req>, req: Req, userAgent: string | null, error: unknown): LoadResult {
  if (error instanceof Error) engine.events.emit('error', { error });
  if (engine.options.onStoreError === 'anonymous' && error instanceof SessionStoreError) return { state: engine.fresh(req, userAgent), presented: false, data: null };
  throw error;
}

/** Per-request bookkeeping shared by `req.session`, its methods and the edge. */
export class RequestLifecycle<Req = any> implements RequestHandle {
  /** A commit in flight or done, so explicit `save()` and the end-of-response commit do not race. */
  pending: Promise<unknown> | null = null;
  /** Set once the cookie decision went to the headers. */
  headersApplied = false;
  /** A commit during this request asked for the cookie to be (re)issued. */
  wantCookie = false;
  // The state whose cookie went out with the headers: a new session without one cannot be stored
  // any more (T38). A state, so the one a regenerate creates starts unmarked.
  private issued: SessionState | null = null;

  constructor(
    readonly engine: SessionEngine<Req>,
    readonly edge: SessionEdge<Req>,
    readonly req: Req,
    readonly settings: CookieSettings,
    public state: SessionState,
    /** The request carried a session cookie: clear it if no live session comes out of this request. */
    public presented: boolean,
  ) {}

  /** The cookie decision at header time is a prediction that never throws. */
  readonly headerCookiesMayFail = false;

  /** Whether a response carrying the session cookie becomes `no-store` (CK-10). */
  get cacheControl(): boolean {
    return this.engine.options.cacheControl;
  }

  install(session: Session): void {
    this.edge.install(this.req, session);
  }

  /** `req.session` when it is still one of this request's sessions; null after `req.session = null` or a foreign value. */
  current(): Session | null {
    const value = this.edge.session(this.req);
    return lifecycleOf(value) === this ? (value as Session) : null;
  }

  /** After destroy: `req.session` is a new anonymous session, saved only if written to. */
  replaceWithFresh(): void {
    this.state = this.engine.fresh(this.req, this.state.userAgent);
    this.install(new Session(this, null));
  }

  /**
   * Runs `step` after whatever this request's session already has in flight, and makes it the
   * pending work: the end-of-response commit waits for it, so an un-awaited call still completes
   * before the response is sent.
   */
  queue<T>(step: () => Promise<T>): Promise<T> {
    const previous = this.pending;
    const run = previous ? previous.catch(() => {}).then(step) : step();
    this.pending = run;
    return run;
  }

  /**
   * Why this request can no longer save, or null. After the headers went out without the cookie
   * of a NEW session, storing it would leave a record no cookie points to (T38); an existing
   * session's data may still be saved — its cookie is already in the browser. A cookie the cookie
   * policy refuses (non-Secure in production, Secure over plain HTTP, a bad `req.session.cookie`
   * change) is a `SessionCookieError`. A save with nothing to store and no cookie to issue is never
   * refused; `cookieWanted` is an earlier save's request for the cookie.
   */
  saveRefusal(session: Session, cookieWanted = false): SessionError | null {
    const late = this.headersApplied && this.state.isNew && this.issued !== this.state;
    const refused = cookieRefusal(this, session);
    // Checked first so the common request pays nothing for the change detection below.
    if (!late && !refused) return null;
    if (!cookieWanted && !this.engine.wouldSetCookie(this.state, session, cookieMaxAgeOf(session))) return null;
    // The misconfiguration first: it is what the app must fix, and it is not a timing accident.
    if (refused) return refused;
    return new SessionError(
      'ERR_SESSION_HEADERS_SENT',
      "session.save() after the response headers were sent: the new session's cookie cannot reach the browser, so it was not stored; save before the first res.write()",
    );
  }

  /** The Set-Cookie lines for headers going out before the commit (the app streams): decided without the store. */
  headerCookies(): string[] {
    return this.lines(this.predict());
  }

  /**
   * Saves, touches or destroys as the request left things, and answers the lines the headers
   * still need. Synchronous when no store call is needed (a read-only request), so the response
   * goes out in the same tick; a refusal or store failure throws or rejects.
   */
  commit(): Outcome | Promise<Outcome> {
    const result = this.commitStore(false);
    if (result instanceof Promise) return result.then((done) => this.outcome(done));
    return this.outcome(result);
  }

  /**
   * After a failed commit: reports it, and says whether the response goes on without the session
   * (`onStoreError: 'anonymous'` and a store failure); otherwise the edge fails the response.
   */
  failed(error: unknown): boolean {
    this.headersApplied = true;
    if (error instanceof Error) this.engine.events.emit('error', { error });
    return this.engine.options.onStoreError === 'anonymous' && error instanceof SessionStoreError;
  }

  private outcome(result: CommitResult): Outcome {
    const setCookie = this.lines(result.setCookie);
    // The usual read-only request writes nothing: one shared answer, no allocation.
    if (setCookie === NO_LINES) return this.cacheControl ? NOTHING_NO_STORE : NOTHING;
    return { setCookie, cacheControl: this.cacheControl };
  }

  private commitStore(afterSave: boolean): CommitResult | Promise<CommitResult> {
    // An explicit save() still running finishes first, so the two never race.
    if (this.pending && !afterSave) return this.pending.catch(() => {}).then(() => this.commitStore(true));
    const { engine, state } = this;
    const session = this.current();
    if (!session) {
      // `req.session = null` / `delete req.session`: express-session's `unset` option.
      if (engine.options.unset === 'destroy' && !state.isNew && !state.destroyed) {
        return engine.destroy(state).then(() => {
          this.state = engine.fresh(this.req, state.userAgent);
          return NO_COOKIE;
        });
      }
      return NO_COOKIE;
    }
    const refusal = this.saveRefusal(session, this.wantCookie);
    if (refusal) {
      // A new session written to after the headers went out without its cookie: storing it would
      // leave an orphan record (T38). The response is already streaming, so failing it would only
      // cut it short; the app hears of it through the `error` event instead.
      if (refusal.code !== 'ERR_SESSION_HEADERS_SENT') throw refusal;
      engine.events.emit('error', { error: refusal });
      return NO_COOKIE;
    }
    const result = engine.commit(state, session, cookieMaxAgeOf(session));
    return result instanceof Promise ? result.then((done) => this.withWanted(done)) : this.withWanted(result);
  }

  private withWanted(result: CommitResult): CommitResult {
    if (result.setCookie || !this.wantCookie || this.state.isNew || this.state.destroyed) return result;
    return SET_COOKIE;
  }

  private predict(): boolean {
    const session = this.current();
    if (!session) return false;
    if (this.wantCookie) return true;
    try {
      return this.engine.wouldSetCookie(this.state, session, cookieMaxAgeOf(session));
    } catch {
      // A value that cannot be stored: the commit at `end` reports it; the headers go out without a cookie.
      return false;
    }
  }

  /** The cookie decision as lines, once: the session cookie, a clearing cookie, or nothing. */
  private lines(setCookie: boolean): string[] {
    if (this.headersApplied) return NO_LINES;
    this.headersApplied = true;
    const { engine, state } = this;
    // Neither a cookie to issue nor a stale one to clear: no policy check, no line to build.
    if (!setCookie && !(this.presented && state.isNew)) return NO_LINES;
    const session = this.current();
    // Only a cookie the cookie policy accepts goes out; the commit reports a refusal (saveRefusal).
    const settings = responseCookie(this, setCookie ? session : null);
    if (settings instanceof SessionCookieError) return NO_LINES;
    const now = engine.options.now();
    if (setCookie) {
      this.issued = state;
      const maxAge = engine.cookieMaxAgeSeconds(state, session ? cookieMaxAgeOf(session) : state.cookieMaxAge);
      return [sessionSetCookie(settings, engine.cookieValue(state), maxAge, now)];
    }
    // The presented cookie names no live session any more (destroyed, expired, rejected): drop it.
    return [sessionSetCookie(settings, null, null, now)];
  }
}
