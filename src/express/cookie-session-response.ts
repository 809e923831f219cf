/**
 * Writes the session cookies at the last moment a response can still change its headers. The
 * first body call commits, so a commit failure (CookieTooLargeError) can still become an
 * ordinary error response through `next(err)` instead of a silently missing or oversized cookie.
 */
import type { ServerResponse } from 'node:http';
import { patchResponse } from '../http/response-patch.js';
import { mergeSessionCookies } from '../http/set-cookie-header.js';

// The handler's body is discarded on failure, so the headers that described it go too;
// the error handler then starts from a clean response.
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-range', 'etag', 'last-modified'];

/**
 * Calls `commit` once, just before the headers go out. On failure before anything was sent the
 * response is handed to `fail` untouched; after `writeHead` already ran there is nothing left to
 * redirect, so `fail` gets it anyway and the handler's response goes out without the cookie.
 */
export function commitBeforeHeaders(res: ServerResponse, commit: () => string[], fail: (error: unknown) => void): void {
  let done = false;
  // Method syntax, not arrows in consts: under tsx/esbuild keepNames each named closure costs a defineProperty per request.
  const hooks = {
    writeHeadArgs: 'keep-cookies' as const,
    headers() {
      const error = hooks.body();
      if (error !== undefined) process.nextTick(fail, error);
    },
    body(): unknown {
      if (done) return undefined;
      done = true;
      try {
        mergeSessionCookies(res, commit(), true);
        return undefined;
      } catch (error) {
        return error ?? new Error('session commit failed');
      }
    },
    abandon(error: unknown) {
      for (const name of BODY_HEADERS) res.removeHeader(name);
      fail(error);
    },
  };
  patchResponse(res, hooks);
}
