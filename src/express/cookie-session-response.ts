/**
 * Writes the session cookies at the last moment a response can still change its headers.
 * `write`/`end` are wrapped so a commit failure (CookieTooLargeError) can still become an
 * ordinary error response through `next(err)` instead of a silently missing or oversized cookie.
 */
import type { ServerResponse } from 'node:http';

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

/**
 * Calls `commit` once, just before the headers go out. On failure before anything was sent the
 * response is handed to `fail` untouched; after `writeHead` already ran there is nothing left to
 * redirect, so `fail` gets it anyway and the handler's response goes out without the cookie.
 */
export function commitBeforeHeaders(res: ServerResponse, commit: () => string[], fail: (error: unknown) => void): void {
  const original = { writeHead: res.writeHead as AnyFn, write: res.write as AnyFn, end: res.end as AnyFn };
  let done = false;

  // The handler's body is discarded on failure, so the headers that described it go too;
  // the error handler then starts from a clean response.
  const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-range', 'etag', 'last-modified'];
  const discardBody = () => {
    for (const name of BODY_HEADERS) res.removeHeader(name);
  };
  const restore = () => {
    res.writeHead = original.writeHead as typeof res.writeHead;
    res.write = original.write as typeof res.write;
    res.end = original.end as typeof res.end;
  };
  const run = (): unknown => {
    if (done) return undefined;
    done = true;
    try {
      appendSetCookies(res, commit());
      return undefined;
    } catch (error) {
      return error ?? new Error('session commit failed');
    }
  };

  res.writeHead = function writeHead(this: ServerResponse, ...args: unknown[]) {
    const error = run();
    if (error !== undefined) process.nextTick(fail, error);
    return original.writeHead.apply(this, args);
  } as typeof res.writeHead;

  res.write = function write(this: ServerResponse, ...args: unknown[]) {
    if (!done && !this.headersSent) {
      const error = run();
      if (error !== undefined) {
        restore();
        discardBody();
        fail(error);
        return true;
      }
    }
    return original.write.apply(this, args);
  } as typeof res.write;

  res.end = function end(this: ServerResponse, ...args: unknown[]) {
    if (!done && !this.headersSent) {
      const error = run();
      if (error !== undefined) {
        restore();
        discardBody();
        fail(error);
        return this;
      }
    }
    return original.end.apply(this, args);
  } as typeof res.end;
}
