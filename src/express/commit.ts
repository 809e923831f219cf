import { SessionCookieError, SessionStoreError } from '../errors.js';
import { NO_COOKIE, SET_COOKIE, type CommitResult } from '../core/engine.js';
import { CONTEXT } from './context.js';
import type { RequestContext } from './context.js';
import { Session, cookieMaxAgeOf, noteCookieIssued, saveRefusal } from './session.js';
import { responseCookie } from './response-cookie.js';
import { sessionSetCookie } from './set-cookie.js';
import { mergeSessionCookies } from '../http/set-cookie-header.js';
import type { HeaderTarget } from '../http/set-cookie-header.js';
import { patchResponse } from '../http/response-patch.js';
import type { PatchableResponse, ResponsePatch } from '../http/response-patch.js';

/** The response session() commits on: node:http and HTTP/2 compat responses alike. */
export interface ResponseLike extends PatchableResponse {
  getHeaderNames(): string[];
  removeHeader(name: string): void;
}

function currentSession(context: RequestContext): Session | null {
  const value = context.req.session;
  return value instanceof Session && (value as unknown as Record<symbol, unknown>)[CONTEXT] === context ? value : null;
}

/**
 * Saves, touches or destroys as the request left things. Synchronous when no store call is
 * needed (a read-only request), so the response goes out in the same tick.
 */
function commitRequest(context: RequestContext, afterSave = false): CommitResult | Promise<CommitResult> {
  // An explicit save() still running finishes first, so the two never race.
  if (context.pending && !afterSave) return context.pending.catch(() => {}).then(() => commitRequest(context, true));
  const { engine, state } = context;
  const session = currentSession(context);
  if (!session) {
    // `req.session = null` / `delete req.session`: express-session's `unset` option.
    if (engine.options.unset === 'destroy' && !state.isNew && !state.destroyed) {
      return engine.destroy(state).then(() => {
        context.state = engine.fresh(context.req, state.userAgent);
        return NO_COOKIE;
      });
    }
    return NO_COOKIE;
  }
  const refusal = saveRefusal(context, session, context.wantCookie);
  if (refusal) {
    // A new session written to after the headers went out without its cookie: storing it would
    // leave an orphan record (T38). The response is already streaming, so failing it would only
    // cut it short; the app hears of it through the `error` event instead.
    if (refusal.code !== 'ERR_SESSION_HEADERS_SENT') throw refusal;
    engine.events.emit('error', { error: refusal });
    return NO_COOKIE;
  }
  const result = engine.commit(context.state, session, cookieMaxAgeOf(session));
  return result instanceof Promise ? result.then((done) => withWanted(context, done)) : withWanted(context, result);
}

function withWanted(context: RequestContext, result: CommitResult): CommitResult {
  if (result.setCookie || !context.wantCookie || context.state.isNew || context.state.destroyed) return result;
  return SET_COOKIE;
}

/** Writes the cookie decision: the session cookie, a clearing cookie, or nothing. */
function applyHeaders(context: RequestContext, res: HeaderTarget, setCookie: boolean): void {
  if (context.headersApplied) return;
  context.headersApplied = true;
  const { engine, state } = context;
  const session = currentSession(context);
  // Only a cookie the cookie policy accepts goes out; the commit reports a refusal (saveRefusal).
  const settings = responseCookie(context, setCookie ? session : null);
  if (settings instanceof SessionCookieError) return;
  const now = engine.options.now();
  if (setCookie) {
    noteCookieIssued(state);
    const maxAge = engine.cookieMaxAgeSeconds(state, session ? cookieMaxAgeOf(session) : state.cookieMaxAge);
    const line = sessionSetCookie(settings, engine.cookieValue(state), maxAge, now);
    mergeSessionCookies(res, [line], engine.options.cacheControl);
  } else if (context.presented && state.isNew) {
    // The presented cookie names no live session any more (destroyed, expired, rejected): drop it.
    mergeSessionCookies(res, [sessionSetCookie(settings, null, null, now)], engine.options.cacheControl);
  }
}

function predict(context: RequestContext): boolean {
  const session = currentSession(context);
  if (!session) return false;
  if (context.wantCookie) return true;
  try {
    return context.engine.wouldSetCookie(context.state, session, cookieMaxAgeOf(session));
  } catch {
    // A value that cannot be stored: the commit at `end` reports it; the headers go out without a cookie.
    return false;
  }
}

/**
 * Commit before send: `res.end` (what res.send/json/redirect call) first saves, then writes the
 * headers and the body, so a redirect never beats the save and a store error can still become
 * an error response. When the app streams, the cookie is decided at header time and the last
 * chunk is held until the save is done. `res.end`'s arguments (callback included) pass through.
 */
export function installCommit(context: RequestContext, res: ResponseLike, fail: (error: unknown, headersSent: boolean) => void): void {
  const patch: ResponsePatch = patchResponse(res, {
    writeHeadArgs: 'keep-cookies',
    headers() {
      applyHeaders(context, res, predict(context));
    },
    end: {
      hold: 'response',
      repeat: 'after-first',
      start(release) {
        const streamed = res.headersSent;
        const finish = (result: CommitResult) => {
          if (!streamed && !res.headersSent) applyHeaders(context, res, result.setCookie);
          release();
        };
        const failed = (error: unknown) => commitFailed(context, res, patch, error, release, fail);
        let outcome: CommitResult | Promise<CommitResult>;
        try {
          outcome = commitRequest(context);
        } catch (error) {
          failed(error);
          return;
        }
        if (outcome instanceof Promise) return outcome.then(finish, failed);
        finish(outcome);
      },
    },
  });
}

function commitFailed(
  context: RequestContext,
  res: ResponseLike,
  patch: ResponsePatch,
  error: unknown,
  release: () => void,
  fail: (error: unknown, headersSent: boolean) => void,
): void {
  patch.restore();
  const policyAnonymous = context.engine.options.onStoreError === 'anonymous' && error instanceof SessionStoreError;
  if (error instanceof Error) context.engine.events.emit('error', { error });
  if (policyAnonymous) {
    context.headersApplied = true;
    release();
    return;
  }
  if (!res.headersSent) {
    // The app's success headers (Location, Content-Type, cookies) must not leak into the error response.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    context.headersApplied = true;
  }
  fail(error, res.headersSent);
}
