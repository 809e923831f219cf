/**
 * Writes the session cookies at the last moment a response can still change its headers.
 * `write`/`end` are wrapped so a commit failure (CookieTooLargeError) can still become an
 * ordinary error response through `next(err)` instead of a silently missing or oversized cookie.
 */
import type { ServerResponse } from 'node:http';
import { absorbWriteHeadCookies } from './set-cookie.js';

type AnyFn = (...args: any[]) => any;

/**
 * Appends `cookies`, replacing earlier Set-Cookie values for the same names (CK-11), and marks
 * the response `Cache-Control: no-store` so no shared cache replays a session cookie (CK-10).
 */
export function appendSetCookies(res: ServerResponse, cookies: readonly string[]): void {
  if (cookies.length === 0) return;
  const cacheControl = String(res.getHeader('Cache-Control') ?? '');
  if (!/\b(no-store|private)\b/i.test(cacheControl)) res.setHeader('Cache-Control', 'no-store');
  const names = new Set(cookies.map((c) => c.slice(0, c.indexOf('='))));
  const existing = res.getHeader('Set-Cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  const kept = list.filter((c) => !names.has(c.slice(0, c.indexOf('='))));
  res.setHeader('Set-Cookie', [...kept, ...cookies]);
}

// The handler's body is discarded on failure, so the headers that described it go too;
// the error handler then starts from a clean response.
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-range', 'etag', 'last-modified'];

function discardBodyHeaders(res: ServerResponse): void {
  for (const name of BODY_HEADERS) res.removeHeader(name);
}

function restoreMethods(res: ServerResponse, original: { writeHead: AnyFn; write: AnyFn; end: AnyFn }): void {
  res.writeHead = original.writeHead as typeof res.writeHead;
  res.write = original.write as typeof res.write;
  res.end = original.end as typeof res.end;
}

// What a swallowed body call returns, as Node's own would: write() reports no backpressure, end() chains.
function swallowedWrite(): boolean {
  return true;
}

function swallowedEnd(res: ServerResponse): ServerResponse {
  return res;
}

/**
 * Calls `commit` once, just before the headers go out. On failure before anything was sent the
 * response is handed to `fail` untouched; after `writeHead` already ran there is nothing left to
 * redirect, so `fail` gets it anyway and the handler's response goes out without the cookie.
 */
export function commitBeforeHeaders(res: ServerResponse, commit: () => string[], fail: (error: unknown) => void): void {
  const original = { writeHead: res.writeHead as AnyFn, write: res.write as AnyFn, end: res.end as AnyFn };
  let done = false;
  // Method syntax, not an arrow in a const: see the note on the wrappers below.
  const hook = {
    run(): unknown {
      if (done) return undefined;
      done = true;
      try {
        appendSetCookies(res, commit());
        return undefined;
      } catch (error) {
        return error ?? new Error('session commit failed');
      }
    },
    /**
     * Wraps `write` or `end`: the first body call commits, and a failed commit swallows the call
     * (returning what `swallowed` says that method returns) so `fail` can send the error response.
     */
    beforeBody(call: AnyFn, swallowed: (self: ServerResponse) => unknown): AnyFn {
      return function (this: ServerResponse, ...args: unknown[]) {
        if (!done && !this.headersSent) {
          const error = hook.run();
          if (error !== undefined) {
            restoreMethods(res, original);
            discardBodyHeaders(res);
            fail(error);
            return swallowed(this);
          }
        }
        return call.apply(this, args);
      };
    },
  };

  // Anonymous on purpose: named per-request functions cost a defineProperty each under tsx/esbuild keepNames.
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    // Before the session cookies join: Node would let writeHead's Set-Cookie replace them (T37, CK-11).
    if (args.length > 1) absorbWriteHeadCookies(res, args);
    const error = hook.run();
    if (error !== undefined) process.nextTick(fail, error);
    return original.writeHead.apply(this, args);
  } as typeof res.writeHead;

  res.write = hook.beforeBody(original.write, swallowedWrite) as typeof res.write;
  res.end = hook.beforeBody(original.end, swallowedEnd) as typeof res.end;
}
