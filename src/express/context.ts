import type { CookieSettings } from '../core/cookie-settings.js';
import type { SessionEngine } from '../core/engine.js';
import type { SessionState } from '../core/state.js';

/** Minimal request shape the adapter reads (Express 4/5, HTTP/2 compat). */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
  socket?: { encrypted?: boolean } | null;
  session?: unknown;
  sessionID?: string;
  sessionStore?: unknown;
}

/** Per-request bookkeeping shared by `req.session`, its methods and the commit hook. */
export interface RequestContext {
  readonly engine: SessionEngine<any>;
  readonly req: RequestLike;
  settings: CookieSettings;
  state: SessionState;
  /** The request carried a session cookie: clear it if no live session comes out of this request. */
  presented: boolean;
  /** A commit in flight or done, so explicit `save()` and the end-of-response commit do not race. */
  pending: Promise<unknown> | null;
  /** Set once the cookie decision was written to the headers. */
  headersApplied: boolean;
  /** A commit during this request asked for the cookie to be (re)issued. */
  wantCookie: boolean;
}

/** Where a Session keeps its context: a symbol, so `JSON.stringify(req.session)` stays the data. */
export const CONTEXT = Symbol('satchel.session.context');
