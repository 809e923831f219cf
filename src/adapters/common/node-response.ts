import { runCommit } from '../../lifecycle/request-handle.js';
import type { Outcome, RequestHandle } from '../../lifecycle/request-handle.js';
import { mergeSessionCookies } from '../../http/set-cookie-header.js';
import { patchResponse } from '../../http/response-patch.js';
import type { PatchableResponse, ResponseHooks, ResponsePatch } from '../../http/response-patch.js';

/** The response a session commits on: node:http and HTTP/2 compat responses alike. */
export interface ResponseLike extends PatchableResponse {
  getHeaderNames(): string[];
  removeHeader(name: string): void;
}

/**
 * Commit before send, for both kinds of session: `res.end` (what res.send/json/redirect call)
 * first commits, then writes the headers and the body, so a redirect never beats the save and a
 * failure can still become an error response. When the app streams, the cookies are decided at
 * the first `write` (the last moment the headers can change) and the last chunk is held until
 * the commit is done. `res.end`'s arguments (callback included) pass through.
 *
 * A failed commit, before anything was sent, hands `fail` a clean response: the handler's
 * headers (Location, Content-Type, its cookies) described a success and must not leak into the
 * error response. After the headers went out there is nothing left to redirect; `fail` still
 * hears of it. `prototype`: see {@link patchResponse}.
 */
export function installCommit(handle: RequestHandle, res: ResponseLike, fail: (error: unknown) => void, prototype?: object): void {
  // Method syntax, not arrows in consts: under tsx/esbuild keepNames each named closure costs a defineProperty per request.
  const hooks: ResponseHooks = {
    writeHeadArgs: 'keep-cookies',
    headers() {
      try {
        mergeSessionCookies(res, handle.headerCookies(), handle.cacheControl);
      } catch (error) {
        // An explicit writeHead: the headers are going out now, the failure can only be reported.
        handle.failed(error);
        process.nextTick(fail, error);
      }
    },
    // Only a handle whose header cookies can fail needs the first write intercepted: every other
    // response keeps Node's own write (one wrapper less per request).
    body: !handle.headerCookiesMayFail ? undefined : (call: 'write' | 'end'): unknown => {
      // At `end` the commit decides (below); a first `write` is the last chance to fail cleanly.
      if (call === 'end') return undefined;
      try {
        mergeSessionCookies(res, handle.headerCookies(), handle.cacheControl);
        return undefined;
      } catch (error) {
        return error ?? new Error('session commit failed');
      }
    },
    abandon(error: unknown) {
      // The write was swallowed: there is no going on without the session here.
      handle.failed(error);
      clean(res);
      fail(error);
    },
    end: {
      hold: 'response',
      repeat: 'after-first',
      start(release: () => void) {
        const finish = (outcome: Outcome) => {
          if (!res.headersSent) mergeSessionCookies(res, outcome.setCookie, outcome.cacheControl);
          release();
        };
        const failed = (error: unknown) => {
          patch.restore();
          if (handle.failed(error)) {
            release();
            return;
          }
          clean(res);
          fail(error);
        };
        return runCommit(handle, finish, failed);
      },
    },
  };
  const patch: ResponsePatch = patchResponse(res, hooks, prototype);
}

function clean(res: ResponseLike): void {
  if (!res.headersSent) for (const name of res.getHeaderNames()) res.removeHeader(name);
}
