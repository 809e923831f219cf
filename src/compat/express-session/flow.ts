import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CookieSigner } from '../../crypto/signer.js';
import { SAVE_EXISTING } from '../../stores/kit/express/shared.js';
import { Store } from './store-base.js';
import type { StoredSessionData } from './store-base.js';
import { serializeSessionCookie } from './cookie.js';
import { patchResponse } from '../../http/response-patch.js';
import type { DropInOptions } from './options.js';
import { readSessionId } from './request.js';
import { isSecure } from '../../http/secure.js';
import type { Session, SessionCallback, SessionRequest } from './session.js';

const noop = (): void => {};

/** Starts the end-of-request store write; calls `done` when the store called back. */
type PendingWrite = (done: () => void) => void;

/** `next` of a connect/Express middleware. */
export type NextFunction = (err?: unknown) => void;

/** Change detection: the session JSON without its top-level `cookie` (a nested `cookie` counts). */
function hashSession(session: Session): string {
  const json = JSON.stringify(session, function (this: unknown, key, value: unknown) {
    return this === session && key === 'cookie' ? undefined : value;
  });
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/**
 * One request's session lifecycle with express-session 1.19's rules: eager load, cookie decided
 * when headers are written (`shouldSetCookie`), store write decided at `res.end`
 * (`shouldSave` / `shouldTouch` / `shouldDestroy`), the end of the response held until it is done.
 * @internal
 */
export class RequestFlow {
  private readonly cookieId: string | undefined;
  private originalId: string | undefined;
  private originalHash: string | undefined;
  private savedHash: string | undefined;
  private touched = false;
  // Ids this request knows are in the store (loaded, or saved by it): their saves never re-create.
  private readonly storedIds = new Set<string>();

  constructor(
    private readonly opts: DropInOptions,
    private readonly signer: CookieSigner,
    private readonly req: SessionRequest,
    res: ServerResponse,
    private readonly next: NextFunction,
  ) {
    req.sessionStore = opts.sessionStore;
    this.cookieId = readSessionId(req, opts.name, signer);
    req.sessionID = this.cookieId;
    // express-session's timing: the cookie is decided as the headers go out (its on-headers hook),
    // the store write at `end`, with the response's tail held until the store called back.
    const flow = this;
    patchResponse(res, {
      writeHeadArgs: 'apply',
      headers() {
        flow.writeCookie(res);
      },
      end: {
        hold: 'tail',
        repeat: 'refused',
        start(release) {
          const pending = flow.beforeEnd();
          if (pending) pending(release);
          else release();
        },
      },
    });
  }

  /** Loads the presented session (or generates one), then calls `next`. */
  start(): void {
    const { req, next } = this;
    if (!req.sessionID) {
      this.generate();
      next();
      return;
    }
    this.opts.sessionStore.get!(req.sessionID as string, (err, stored) => {
      if (err && (err as { code?: unknown }).code !== 'ENOENT') {
        next(err);
        return;
      }
      try {
        if (err || !stored) this.generate();
        else this.inflate(stored);
      } catch (error) {
        // e.g. a stored session without `cookie`: upstream answers 500, and its suite expects it.
        next(error);
        return;
      }
      next();
    });
  }

  private generate(): void {
    this.opts.store.generate!(this.req as never);
    this.originalId = this.req.sessionID as string;
    this.originalHash = hashSession(this.session);
    this.wrapMethods(this.session);
  }

  private inflate(stored: StoredSessionData): void {
    // A record without `cookie` fails here with express-session's own TypeError ("Cannot read
    // properties of undefined"), before Store.createSession's destructuring words it differently.
    void (stored.cookie as StoredSessionData['cookie'] | undefined)!.expires;
    // satchel's createSession, not one a third-party store inherited from the real express-session
    // (connect-redis extends it): req.session must be this module's Session and Cookie.
    Store.prototype.createSession.call(this.opts.sessionStore, this.req as never, stored);
    this.originalId = this.req.sessionID as string;
    this.storedIds.add(this.originalId);
    this.originalHash = hashSession(stored as unknown as Session);
    if (!this.opts.resave) this.savedHash = this.originalHash;
    this.wrapMethods(this.session);
  }

  private get session(): Session {
    return this.req.session as Session;
  }

  /** Per-session `save` (records what was saved) and `reload` (re-wraps the reloaded session). */
  private wrapMethods(session: Session): void {
    const reload = session.reload;
    const save = session.save;
    const flow = this;
    const define = (name: string, value: unknown) => Object.defineProperty(session, name, { configurable: true, enumerable: false, writable: true, value });
    define('reload', function (this: Session, callback: SessionCallback) {
      return reload.call(this, (...args: unknown[]) => {
        if (!args[0]) flow.storedIds.add(this.id);
        if (flow.req.session !== session && flow.req.session) flow.wrapMethods(flow.req.session);
        (callback as (...a: unknown[]) => void)(...args);
      });
    });
    define('save', function (this: Session, callback?: SessionCallback) {
      flow.savedHash = hashSession(this);
      const id = this.id;
      const store = flow.req.sessionStore as unknown as Record<PropertyKey, unknown>;
      const saveExisting = store[SAVE_EXISTING];
      // A satchel store can do better than express-session's blind `set` (audit L5): a session in
      // the store is saved update-only, so a request still running at logout cannot re-create it.
      if (typeof saveExisting === 'function' && flow.storedIds.has(id)) {
        saveExisting.call(store, id, this, callback ?? noop);
        return this;
      }
      return save.call(this, (err?: unknown) => {
        if (!err) flow.storedIds.add(id);
        callback?.(err);
      });
    });
  }

  private isModified(session: Session): boolean {
    return this.originalId !== session.id || this.originalHash !== hashSession(session);
  }

  private isSaved(session: Session): boolean {
    return this.originalId === session.id && this.savedHash === hashSession(session);
  }

  private shouldSave(): boolean {
    const { req, opts } = this;
    if (typeof req.sessionID !== 'string') return false;
    return !opts.saveUninitialized && !this.savedHash && this.cookieId !== req.sessionID ? this.isModified(this.session) : !this.isSaved(this.session);
  }

  private shouldTouch(): boolean {
    return typeof this.req.sessionID === 'string' && this.cookieId === this.req.sessionID && !this.shouldSave();
  }

  private shouldSetCookie(): boolean {
    const { req, opts } = this;
    if (typeof req.sessionID !== 'string') return false;
    if (this.cookieId !== req.sessionID) return opts.saveUninitialized || this.isModified(this.session);
    return opts.rolling || (this.session.cookie.expires != null && this.isModified(this.session));
  }

  private touchOnce(): void {
    if (this.touched) return;
    this.session.touch();
    this.touched = true;
  }

  /** on-headers: append the signed cookie when the rules above want one. */
  private writeCookie(res: ServerResponse): void {
    const { req, opts } = this;
    if (!req.session || !this.shouldSetCookie()) return;
    if (this.session.cookie.secure && !isSecure(req, opts.proxy ?? 'secure')) return;
    this.touchOnce();
    try {
      const value = `s:${this.signer.sign(req.sessionID as string)}`;
      const line = serializeSessionCookie(opts.name, value, this.session.cookie.data);
      const previous = res.getHeader('Set-Cookie') ?? [];
      res.setHeader('Set-Cookie', Array.isArray(previous) ? [...previous, line] : [String(previous), line]);
    } catch (error) {
      // Headers are going out: the error can only be reported after the response started.
      setImmediate(this.next, error);
    }
  }

  /** At `res.end`: the store write the response must wait for, if any. */
  private beforeEnd(): PendingWrite | null {
    const { req, opts } = this;
    const report = (done: () => void) => (err?: unknown) => {
      if (err) setImmediate(this.next, err);
      done();
    };
    if (req.sessionID && opts.unsetDestroy && req.session == null) {
      return (done) => opts.sessionStore.destroy!(req.sessionID as string, report(done));
    }
    if (!req.session) return null;
    this.touchOnce();
    if (this.shouldSave()) return (done) => void this.session.save(report(done));
    if (typeof opts.store.touch === 'function' && this.shouldTouch()) {
      return (done) => opts.sessionStore.touch!(req.sessionID as string, this.session as never, report(done));
    }
    return null;
  }
}
