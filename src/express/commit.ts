import { SessionStoreError } from '../errors.js';
import type { CommitResult } from '../core/engine.js';
import { CONTEXT } from './context.js';
import type { RequestContext } from './context.js';
import { Session, cookieMaxAgeOf, toData } from './session.js';
import { sessionSetCookie, writeSessionCookie } from './set-cookie.js';
import type { HeaderTarget } from './set-cookie.js';

/** The response surface the commit hook patches: node:http and HTTP/2 compat responses alike. */
export interface ResponseLike extends HeaderTarget {
  headersSent: boolean;
  end: (...args: any[]) => any;
  writeHead: (...args: any[]) => any;
  getHeaderNames(): string[];
  removeHeader(name: string): void;
}

function currentSession(context: RequestContext): Session | null {
  const value = context.req.session;
  return value instanceof Session && (value as unknown as Record<symbol, unknown>)[CONTEXT] === context ? value : null;
}

/** Saves, touches or destroys as the request left things. */
async function commitRequest(context: RequestContext): Promise<CommitResult> {
  const { engine, state } = context;
  if (context.pending) await context.pending.catch(() => {});
  const session = currentSession(context);
  if (!session) {
    // `req.session = null` / `delete req.session`: express-session's `unset` option.
    if (engine.options.unset === 'destroy' && !state.isNew && !state.destroyed) {
      await engine.destroy(state);
      context.state = engine.fresh(context.req, state.userAgent);
    }
    return { setCookie: false };
  }
  const result = await engine.commit(context.state, toData(session), cookieMaxAgeOf(session));
  return { setCookie: result.setCookie || (context.wantCookie && !context.state.isNew && !context.state.destroyed) };
}

/** Writes the cookie decision: the session cookie, a clearing cookie, or nothing. */
function applyHeaders(context: RequestContext, res: HeaderTarget, setCookie: boolean): void {
  if (context.headersApplied) return;
  context.headersApplied = true;
  const { engine, state, settings } = context;
  const now = engine.options.now();
  if (setCookie) {
    const session = currentSession(context);
    const maxAge = engine.cookieMaxAgeSeconds(state, session ? cookieMaxAgeOf(session) : state.cookieMaxAge);
    const line = sessionSetCookie(settings, engine.cookieValue(state), maxAge, now, engine.options.cookieExpiry === 'expires-from-date');
    writeSessionCookie(res, settings.name, line, engine.options.cacheControl);
  } else if (context.presented && state.isNew && engine.options.clearStaleCookie) {
    // The presented cookie names no live session any more (destroyed, expired, rejected): drop it.
    writeSessionCookie(res, settings.name, sessionSetCookie(settings, null, null, now), engine.options.cacheControl);
  }
}

function appendHeader(res: HeaderTarget, name: string, value: string): void {
  const existing = res.getHeader(name);
  if (existing === undefined) res.setHeader(name, value);
  else res.setHeader(name, [...(Array.isArray(existing) ? existing : [String(existing)]), value]);
}

function predict(context: RequestContext): boolean {
  const session = currentSession(context);
  if (!session) return false;
  return context.wantCookie || context.engine.wouldSetCookie(context.state, toData(session), cookieMaxAgeOf(session));
}

/**
 * Commit before send: `res.end` (what res.send/json/redirect call) first saves, then writes the
 * headers and the body, so a redirect never beats the save and a store error can still become
 * an error response. When the app streams, the cookie is decided at header time and the last
 * chunk is held until the save is done. `res.end`'s arguments (callback included) pass through.
 */
export function installCommit(context: RequestContext, res: ResponseLike, fail: (error: unknown, headersSent: boolean) => void): void {
  const originalEnd = res.end;
  const originalWriteHead = res.writeHead;
  let ending = false;
  res.writeHead = function writeHead(this: ResponseLike, ...args: unknown[]) {
    if (!context.headersApplied) {
      // Once any header is set (Express always sets some), Node folds a flat raw-header array
      // through setHeader and keeps only its last Set-Cookie; moving the pairs onto the response
      // first keeps every one of them next to the session cookie (T37).
      const index = typeof args[1] === 'string' ? 2 : 1;
      const raw = args[index];
      if (Array.isArray(raw) && raw.length > 0 && typeof raw[0] !== 'object') {
        for (let i = 0; i + 1 < raw.length; i += 2) appendHeader(res, String(raw[i]), String(raw[i + 1]));
        args.splice(index, 1);
      }
      applyHeaders(context, res, predict(context));
    }
    return originalWriteHead.apply(this, args);
  };
  let finished: Promise<void> = Promise.resolve();
  res.end = function end(this: ResponseLike, ...args: unknown[]) {
    if (ending) {
      // A second end waits for the first, then behaves as it would without the middleware.
      void finished.then(() => originalEnd.apply(res, args));
      return this;
    }
    ending = true;
    let release!: () => void;
    finished = new Promise((resolve) => (release = resolve));
    // express-session timing: the cookie is decided before the save runs, as its on-headers hook does.
    if (context.engine.options.commitTiming === 'on-headers' && !res.headersSent) applyHeaders(context, res, predict(context));
    const streamed = res.headersSent;
    commitRequest(context).then(
      (result) => {
        if (!streamed && !res.headersSent) applyHeaders(context, res, result.setCookie);
        originalEnd.apply(res, args);
        release();
      },
      (error: unknown) => {
        res.end = originalEnd;
        res.writeHead = originalWriteHead;
        const policyAnonymous = context.engine.options.onStoreError === 'anonymous' && error instanceof SessionStoreError;
        if (error instanceof Error) context.engine.events.emit('error', { error });
        release();
        if (policyAnonymous) {
          context.headersApplied = true;
          originalEnd.apply(res, args);
          return;
        }
        if (!res.headersSent) {
          // The app's success headers (Location, Content-Type, cookies) must not leak into the error response.
          for (const name of res.getHeaderNames()) res.removeHeader(name);
          context.headersApplied = true;
        }
        fail(error, res.headersSent);
      },
    );
    return this;
  };
}
