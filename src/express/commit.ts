import type { Outcome, RequestLifecycle } from '../core/request-lifecycle.js';
import { mergeSessionCookies } from '../http/set-cookie-header.js';
import { patchResponse } from '../http/response-patch.js';
import type { PatchableResponse, ResponsePatch } from '../http/response-patch.js';

/** The response session() commits on: node:http and HTTP/2 compat responses alike. */
export interface ResponseLike extends PatchableResponse {
  getHeaderNames(): string[];
  removeHeader(name: string): void;
}

/**
 * Commit before send: `res.end` (what res.send/json/redirect call) first saves, then writes the
 * headers and the body, so a redirect never beats the save and a store error can still become
 * an error response. When the app streams, the lifecycle decides the cookie at header time and
 * the last chunk is held until the save is done. `res.end`'s arguments (callback included) pass through.
 */
export function installCommit(lifecycle: RequestLifecycle, res: ResponseLike, fail: (error: unknown) => void): void {
  const patch: ResponsePatch = patchResponse(res, {
    writeHeadArgs: 'keep-cookies',
    headers() {
      mergeSessionCookies(res, lifecycle.headerCookies(), lifecycle.cacheControl);
    },
    end: {
      hold: 'response',
      repeat: 'after-first',
      start(release) {
        const finish = (outcome: Outcome) => {
          if (!res.headersSent) mergeSessionCookies(res, outcome.setCookie, outcome.cacheControl);
          release();
        };
        const failed = (error: unknown) => {
          patch.restore();
          if (lifecycle.failed(error)) {
            release();
            return;
          }
          // The app's success headers (Location, Content-Type, cookies) must not leak into the error response.
          if (!res.headersSent) for (const name of res.getHeaderNames()) res.removeHeader(name);
          fail(error);
        };
        let outcome: Outcome | Promise<Outcome>;
        try {
          outcome = lifecycle.commit();
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
